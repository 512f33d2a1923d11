import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DomainValidationError } from '../domain/errors';
import { parseCatalog } from './catalog-file';
import { catalogsDir, loadCatalogs, readCatalogSync } from './catalog-files';
import { CatalogRegistry } from './catalog-registry';

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A folder of catalog files: name → YAML text. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalogs-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const commerce = (version: number, extra = '') => `format: keywork-catalog/v1
name: district-commerce
label: 区商务局类别目录
version: ${version}
categories:
  - code: investment-fair
    label: 招商推介会
    attributes:
      - { name: companies, label: 参会企业数, type: integer }
  - code: deliverable
    label: 阶段性成果
    milestone: true
    attributes:
      - { name: milestone, label: 里程碑, type: text, required: true }
${extra}`;

function refusal(run: () => unknown): DomainValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainValidationError);
    return error as DomainValidationError;
  }
  throw new Error('accepted');
}

describe('the repository’s catalogs folder', () => {
  it('is found from the working directory and holds the foreign-affairs office’s catalog, version 1, its properties declared', () => {
    const dir = catalogsDir();
    expect(dir.endsWith('catalogs')).toBe(true);
    const fao = readCatalogSync('foreign-affairs-office');
    expect(fao).toMatchObject({ name: 'foreign-affairs-office', label: '外事工作机构类别目录', version: 1 });
    expect(fao.categories).toHaveLength(15);
    expect(fao.categories.filter((c) => c.milestone).map((c) => c.code)).toEqual(['milestone']);
    expect(fao.categories.filter((c) => c.projectParts).map((c) => c.code)).toEqual(['exchange-project']);
    expect(Object.fromEntries(fao.categories.filter((c) => c.sangong).map((c) => [c.code, c.sangong]))).toEqual({
      'trip-abroad': 'tripsAbroad',
      reception: 'receptions',
      vehicle: 'vehicles',
    });
  });

  it('is CATALOGS_DIR when set', () => {
    const dir = folder({ 'district-commerce.yaml': commerce(1) });
    expect(catalogsDir(dir)).toBe(dir);
  });
});

describe('parseCatalog', () => {
  it('reads a catalog with its categories’ properties', () => {
    const catalog = parseCatalog(commerce(3));
    expect(catalog).toMatchObject({ name: 'district-commerce', version: 3 });
    expect(catalog.categories[1]).toMatchObject({ code: 'deliverable', milestone: true });
  });

  it('refuses a bad version, an unknown field, a duplicate code and a malformed category, naming each field in Chinese', () => {
    const text = commerce(
      0,
      '  - code: investment-fair\n    label: 重复\n    attributes: []\n  - code: broken\n    label: 坏\n    attributes: [null]\n    colour: red\n',
    );
    const errors = refusal(() => parseCatalog(text)).errors;
    expect(errors.map((e) => e.field)).toEqual(['version', 'categories[2].code', 'categories[3].colour', 'categories[3].attributes[0]']);
    for (const e of errors) expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a milestone category without its text attribute `milestone`', () => {
    const text = commerce(1).replace(
      '{ name: milestone, label: 里程碑, type: text, required: true }',
      '{ name: code, label: 编码, type: text }',
    );
    expect(refusal(() => parseCatalog(text)).errors).toEqual([
      { field: 'categories[1].milestone', reason: expect.stringContaining('milestone') },
    ]);
  });
});

describe('loadCatalogs and CatalogRegistry', () => {
  it('keep every version found; the registry answers the newest unless a version is named', () => {
    const dir = folder({ 'district-commerce.yaml': commerce(2), 'district-commerce-v1.yaml': commerce(1) });
    expect(loadCatalogs(dir).map((c) => c.version)).toEqual([1, 2]);
    const registry = new CatalogRegistry({ CATALOGS_DIR: dir } as never);
    expect(registry.list().map((c) => [c.name, c.version])).toEqual([['district-commerce', 2]]);
    expect(registry.require('district-commerce', 1).version).toBe(1);
    expect(refusal(() => registry.require('no-such')).errors[0]).toEqual({
      field: 'catalog',
      reason: '未知的类别目录；可选：区商务局类别目录',
    });
    expect(refusal(() => registry.require('district-commerce', 7)).errors[0]).toMatchObject({ field: 'version' });
  });

  it('the registry sees an edited file at once (no restart): the new version is offered', () => {
    const dir = folder({ 'district-commerce.yaml': commerce(1) });
    const registry = new CatalogRegistry({ CATALOGS_DIR: dir } as never);
    expect(registry.require('district-commerce').version).toBe(1);
    writeFileSync(join(dir, 'district-commerce.yaml'), commerce(2, '  - code: forum\n    label: 论坛\n    attributes: []\n'));
    expect(registry.require('district-commerce')).toMatchObject({ version: 2, categories: [{}, {}, { code: 'forum' }] });
  });

  it('refuse a folder with a broken file, naming the file, and two files of one version', () => {
    expect(refusal(() => loadCatalogs(folder({ 'a.yaml': commerce(1).replace('label: 招商推介会', 'label: ""') }))).errors[0].field).toBe(
      'a.yaml: categories[0].label',
    );
    expect(refusal(() => loadCatalogs(folder({ 'a.yaml': commerce(1), 'b.yaml': commerce(1) }))).errors[0].field).toBe('b.yaml: version');
  });

  it('the built-in file reads the same as the categories a v1 department.created event copied (unchanged by the move)', () => {
    const text = readFileSync(join(catalogsDir(), 'foreign-affairs-office.yaml'), 'utf8');
    expect(parseCatalog(text).categories.map((c) => c.label)).toContain('国际友好城市 / 友好交流城市');
  });
});
