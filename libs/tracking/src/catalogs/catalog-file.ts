import { parse } from 'yaml';
import { categoryProblems, type CategorySpec } from '../domain/catalog';
import { DomainValidationError, type FieldError } from '../domain/errors';
import { jsonShapeProblem } from '../domain/json-shape';

export const CATALOG_FORMAT = 'keywork-catalog/v1';
/** A catalog's name: what a department and a dataset name it by (the file is usually `<name>.yaml`). */
export const CATALOG_NAME = /^[a-z][a-z0-9-]{1,63}$/;
export const MAX_CATALOG_VERSION = 1_000_000;

/** One version of a named catalog of activity categories (`catalogs/<name>.yaml`). */
export interface Catalog {
  name: string;
  /** What users see, e.g. 外事工作机构类别目录. */
  label: string;
  /** Raised with every change of the file; a department keeps the version it adopted until an admin applies another. */
  version: number;
  categories: CategorySpec[];
}

const FIELDS = ['format', 'name', 'label', 'version', 'categories'];
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Every problem of a catalog's content, each naming its field (`categories[2].attributes[0].type`);
 * the categories get defineCategory's own check (categoryProblems).
 */
export function catalogProblems(raw: unknown): FieldError[] {
  if (!isRecord(raw)) return [{ field: 'file', reason: '必须是 YAML 映射（format、name、label、version、categories）' }];
  const errors: FieldError[] = [];
  for (const key of Object.keys(raw)) {
    if (!FIELDS.includes(key)) errors.push({ field: key.slice(0, 64), reason: `未知字段；类别目录只有 ${FIELDS.join('、')}` });
  }
  if (raw.format !== CATALOG_FORMAT) errors.push({ field: 'format', reason: `必须是 ${CATALOG_FORMAT}` });
  if (typeof raw.name !== 'string' || !CATALOG_NAME.test(raw.name)) {
    errors.push({ field: 'name', reason: '必填：目录名称，2–64 个小写字母、数字或 -，以字母开头' });
  }
  if (typeof raw.label !== 'string' || raw.label.trim() === '' || raw.label.length > 100) {
    errors.push({ field: 'label', reason: '必填：目录的中文名称，至多 100 个字符' });
  }
  if (!Number.isSafeInteger(raw.version) || (raw.version as number) < 1 || (raw.version as number) > MAX_CATALOG_VERSION) {
    errors.push({ field: 'version', reason: `必填：版本号，1–${MAX_CATALOG_VERSION} 的整数，每次修改加 1` });
  }
  if (!Array.isArray(raw.categories)) {
    errors.push({ field: 'categories', reason: '必填：类别定义的列表' });
    return errors;
  }
  const seen = new Map<unknown, number>();
  raw.categories.forEach((category: unknown, i) => {
    const problems = categoryProblems(category, `categories[${i}]`);
    errors.push(...problems);
    if (problems.length > 0) return;
    const code = (category as CategorySpec).code;
    if (seen.has(code)) errors.push({ field: `categories[${i}].code`, reason: `类别编码 ${code} 与 categories[${seen.get(code)}] 重复` });
    else seen.set(code, i);
  });
  return errors;
}

/** Parses and checks one catalog file; a refusal names the file's fields (DomainValidationError). */
export function parseCatalog(text: string): Catalog {
  let raw: unknown;
  try {
    raw = parse(text, { schema: 'core' });
  } catch (error) {
    throw new DomainValidationError([{ field: 'file', reason: `不是有效的 YAML：${(error as Error).message}` }]);
  }
  const shape = jsonShapeProblem(raw);
  if (shape) throw new DomainValidationError([{ field: shape.field === 'body' ? 'file' : shape.field, reason: shape.reason }]);
  const errors = catalogProblems(raw);
  if (errors.length > 0) throw new DomainValidationError(errors);
  const c = raw as Catalog & { format: string };
  return { name: c.name, label: c.label.trim(), version: c.version, categories: c.categories };
}
