import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { DomainValidationError } from '../domain/errors';
import type { Catalog } from './catalog-file';
import { catalogsDir, latestVersions, loadCatalogs } from './catalog-files';

/** A catalog as a list shows it: what an admin chooses from (GET /api/catalogs). */
export interface CatalogSummary {
  name: string;
  label: string;
  version: number;
  categories: Catalog['categories'];
}

/**
 * The named catalogs of the installation (`catalogs/*.yaml`, or CATALOGS_DIR), read and checked
 * again whenever a file of the folder changed (its name, size or modification time): an edited
 * catalog is offered at once, and changes no department until an admin applies its new version.
 */
@Injectable()
export class CatalogRegistry {
  private loaded: { signature: string; catalogs: Catalog[] } | null = null;

  constructor(@Optional() private readonly config?: AppConfig) {}

  private all(): Catalog[] {
    const dir = catalogsDir(this.config?.CATALOGS_DIR ?? '');
    const signature = folderSignature(dir);
    if (this.loaded?.signature !== signature) this.loaded = { signature, catalogs: loadCatalogs(dir) };
    return this.loaded.catalogs;
  }

  /** The newest version of each catalog, by name. */
  list(): CatalogSummary[] {
    return [...latestVersions(this.all()).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A catalog by name, its newest version unless `version` is given; a refusal names `field` (400). */
  require(name: string, version?: number, field = 'catalog'): Catalog {
    const versions = this.all().filter((c) => c.name === name);
    const found = version === undefined ? latestVersions(versions).get(name) : versions.find((c) => c.version === version);
    if (found) return found;
    const known = this.list()
      .map((c) => c.label)
      .join('、');
    const reason = versions.length > 0 ? `类别目录没有版本 ${version}` : `未知的类别目录；可选：${known || '无'}`;
    throw new DomainValidationError([{ field: version !== undefined && versions.length > 0 ? 'version' : field, reason }]);
  }
}

/** What changes when a catalog file is added, removed or edited. */
function folderSignature(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const stat = statSync(join(dir, f));
      return `${dir}/${f}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('|');
}
