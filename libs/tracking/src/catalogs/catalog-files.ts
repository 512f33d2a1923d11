import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DomainValidationError } from '../domain/errors';
import { parseCatalog, type Catalog } from './catalog-file';

/** The folder of named catalogs at the repository root, beside datasets/. */
export const CATALOGS_FOLDER = 'catalogs';

const hasCatalogFiles = (dir: string): boolean => {
  try {
    return statSync(dir).isDirectory() && readdirSync(dir).some((f) => f.endsWith('.yaml'));
  } catch {
    return false;
  }
};

/**
 * The catalogs folder: `configured` (CATALOGS_DIR) when set; else `catalogs/` in the working
 * directory (npm scripts, tests, the container's /app), else the first `catalogs/` holding YAML
 * files above this module (the built code under dist/ finds the repository's, as for datasets/).
 */
export function catalogsDir(configured = '', cwd: string = process.cwd()): string {
  if (configured) return resolve(cwd, configured);
  const candidates = [resolve(cwd, CATALOGS_FOLDER)];
  // __dirname exists in the CommonJS build; under the ESM test runner the working directory serves.
  if (typeof __dirname === 'string') {
    for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) candidates.push(join(dirname(dir), CATALOGS_FOLDER));
  }
  const found = candidates.find(hasCatalogFiles);
  if (!found) throw new Error(`No catalog files (*.yaml) found (looked in ${candidates.join(', ')}); set CATALOGS_DIR`);
  return found;
}

/**
 * Every catalog version in a folder (`*.yaml`, in name order), each checked. A problem refuses the
 * whole folder, naming the file and the field (`foreign-affairs-office.yaml: categories[3].label`).
 */
export function loadCatalogs(dir: string): Catalog[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const catalogs: Catalog[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    let catalog: Catalog;
    try {
      catalog = parseCatalog(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      if (error instanceof DomainValidationError) {
        throw new DomainValidationError(error.errors.map((e) => ({ field: `${file}: ${e.field}`, reason: e.reason })));
      }
      throw error;
    }
    const key = `${catalog.name}@${catalog.version}`;
    if (seen.has(key)) {
      throw new DomainValidationError([
        { field: `${file}: version`, reason: `类别目录 ${catalog.name} 的版本 ${catalog.version} 已在 ${seen.get(key)} 中定义` },
      ]);
    }
    seen.set(key, file);
    catalogs.push(catalog);
  }
  return catalogs;
}

/** The newest version of each catalog name. */
export function latestVersions(catalogs: readonly Catalog[]): Map<string, Catalog> {
  const latest = new Map<string, Catalog>();
  for (const c of catalogs) if ((latest.get(c.name)?.version ?? 0) < c.version) latest.set(c.name, c);
  return latest;
}

const cache = new Map<string, Catalog[]>();

/**
 * The newest version of a named catalog from the repository's catalogs folder, read once per
 * process (tests, benchmarks and fixtures; the api and the cli use CatalogRegistry).
 */
export function readCatalogSync(name: string, dir: string = catalogsDir()): Catalog {
  let catalogs = cache.get(dir);
  if (!catalogs) cache.set(dir, (catalogs = loadCatalogs(dir)));
  const found = latestVersions(catalogs).get(name);
  if (!found) throw new Error(`No catalog ${name} in ${dir}`);
  return found;
}
