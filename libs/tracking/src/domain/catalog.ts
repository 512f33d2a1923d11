import type { FieldError } from './errors';

/** The kinds of value a category attribute holds. */
export const ATTRIBUTE_TYPES = ['integer', 'amount', 'text', 'enum', 'boolean'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface AttributeSpec {
  name: string;
  label: string;
  type: AttributeType;
  required?: boolean;
  /** Allowed values of an `enum` attribute, with their Chinese labels. */
  options?: Record<string, string>;
}

/** The 三公 line a category's logged `cost` is shown beside (因公出国（境）, 公务接待, 公务用车). */
export const SANGONG_CATEGORY_LINES = ['tripsAbroad', 'receptions', 'vehicles'] as const;
export type SangongCategoryLine = (typeof SANGONG_CATEGORY_LINES)[number];

/**
 * A kind of activity a department logs. Catalogs are data (`catalogs/*.yaml`, or a dataset's
 * `categories`); behaviour that depends on a category is one of its properties, never its code.
 */
export interface CategorySpec {
  code: string;
  label: string;
  attributes: AttributeSpec[];
  /** Its activities are the evidence of key-work milestones: the `milestone` attribute names the one reached. */
  milestone?: boolean;
  /** Its activities may be parts of a project (parentId): a project made of parts counts once. */
  projectParts?: boolean;
  /** The 三公 line its activities' `cost` is shown beside. */
  sangong?: SangongCategoryLine;
  /**
   * Set on a department's copy only (retired by the department, or left out of a catalog version it
   * applied): nothing new is recorded in or moved into it; what was recorded still counts. Never
   * part of a definition.
   */
  retired?: boolean;
}

/** The attribute of a `milestone` category's activity that names the key-work milestone it reaches. */
export const MILESTONE_ATTRIBUTE = 'milestone';

/** A category code: what the path `/categories/:category` and measures name it by. */
export const CATEGORY_CODE = /^[a-z][a-z0-9-]{1,31}$/;
/** An attribute's key: what activities' `attributes` and measures' `where` name it by. */
export const ATTRIBUTE_NAME = /^[a-z][A-Za-z0-9_-]{0,39}$/;
/** An enum option's stored value. */
export const OPTION_VALUE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_CATEGORY_LABEL = 100;
export const MAX_CATEGORY_ATTRIBUTES = 50;
export const MAX_ATTRIBUTE_OPTIONS = 100;

const CATEGORY_FIELDS = ['code', 'label', 'attributes', 'milestone', 'projectParts', 'sangong'];
const ATTRIBUTE_FIELDS = ['name', 'label', 'type', 'required', 'options'];

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isLabel = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_CATEGORY_LABEL;
/** Names every object already has (constructor, toString, __proto__…) cannot be attribute keys or options. */
const reserved = (key: string): boolean => key in Object.prototype;
/** A key as a field name: a hostile 10 kB key must not come back 10 kB long. */
const keyOf = (key: string): string => (key.length > 64 ? `${key.slice(0, 64)}…` : key);

/**
 * Every problem of a category definition, each naming its field under `prefix` (e.g.
 * `attributes[0].type`, or `categories[2].attributes[0]` in a dataset). The one check of a category
 * definition: defineCategory() (HTTP, CLI) and the dataset import both use it, so nothing is stored
 * that would make recording an activity of the category fail later (`attributes: [null]` did: a 500
 * for every record of the category).
 */
export function categoryProblems(category: unknown, prefix = ''): FieldError[] {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (!isRecord(category)) return [{ field: prefix || 'category', reason: '必须是一个类别定义对象（code、label、attributes）' }];
  const errors: FieldError[] = [];
  for (const key of Object.keys(category)) {
    if (!CATEGORY_FIELDS.includes(key))
      errors.push({ field: at(keyOf(key)), reason: `未知字段；类别定义只有 ${CATEGORY_FIELDS.join('、')}` });
  }
  if (typeof category.code !== 'string' || !CATEGORY_CODE.test(category.code)) {
    errors.push({ field: at('code'), reason: '必填：类别编码，2–32 个小写字母、数字或 -，以字母开头' });
  }
  if (!isLabel(category.label)) errors.push({ field: at('label'), reason: `必填：类别名称，非空，至多 ${MAX_CATEGORY_LABEL} 个字符` });
  for (const flag of ['milestone', 'projectParts'] as const) {
    if (category[flag] !== undefined && typeof category[flag] !== 'boolean')
      errors.push({ field: at(flag), reason: '必须是 true 或 false' });
  }
  if (category.sangong !== undefined && !(SANGONG_CATEGORY_LINES as readonly unknown[]).includes(category.sangong)) {
    errors.push({ field: at('sangong'), reason: `“三公”类别只能是 ${SANGONG_CATEGORY_LINES.join('、')} 之一` });
  }
  const attributes = category.attributes;
  if (category.milestone === true) {
    const named = Array.isArray(attributes) ? attributes.find((a: unknown) => isRecord(a) && a.name === MILESTONE_ATTRIBUTE) : undefined;
    if (!isRecord(named) || named.type !== 'text') {
      errors.push({ field: at('milestone'), reason: `里程碑类别必须有文本属性 ${MILESTONE_ATTRIBUTE}（所达成的里程碑编码）` });
    }
  }
  if (!Array.isArray(attributes)) {
    errors.push({ field: at('attributes'), reason: '必填：属性定义的列表（可以为空列表 []）' });
    return errors;
  }
  if (attributes.length > MAX_CATEGORY_ATTRIBUTES) {
    errors.push({ field: at('attributes'), reason: `至多 ${MAX_CATEGORY_ATTRIBUTES} 个属性` });
    return errors;
  }
  const seen = new Map<string, number>();
  attributes.forEach((attribute: unknown, i) => {
    const field = at(`attributes[${i}]`);
    if (!isRecord(attribute)) {
      errors.push({ field, reason: '必须是一个属性定义对象（name、label、type），不能为 null、列表或其他值' });
      return;
    }
    for (const key of Object.keys(attribute)) {
      if (!ATTRIBUTE_FIELDS.includes(key))
        errors.push({ field: `${field}.${keyOf(key)}`, reason: `未知字段；属性定义只有 ${ATTRIBUTE_FIELDS.join('、')}` });
    }
    const { name, type, options } = attribute;
    if (typeof name !== 'string' || !ATTRIBUTE_NAME.test(name) || reserved(name)) {
      errors.push({
        field: `${field}.name`,
        reason: '必填：属性键，小写字母开头，至多 40 个字母、数字、_ 或 -（不能是 constructor 等保留名）',
      });
    } else if (seen.has(name)) {
      errors.push({ field: `${field}.name`, reason: `属性键 ${name} 与 ${at(`attributes[${seen.get(name)}]`)} 重复` });
    } else {
      seen.set(name, i);
    }
    if (!isLabel(attribute.label))
      errors.push({ field: `${field}.label`, reason: `必填：属性名称，非空，至多 ${MAX_CATEGORY_LABEL} 个字符` });
    if (typeof type !== 'string' || !(ATTRIBUTE_TYPES as readonly string[]).includes(type)) {
      errors.push({ field: `${field}.type`, reason: `未知的属性类型；可选：${ATTRIBUTE_TYPES.join('、')}` });
    }
    if (attribute.required !== undefined && typeof attribute.required !== 'boolean') {
      errors.push({ field: `${field}.required`, reason: '必须是 true 或 false' });
    }
    if (type === 'enum') {
      errors.push(...optionProblems(options, `${field}.options`));
    } else if (options !== undefined) {
      errors.push({ field: `${field}.options`, reason: '只有 enum 类型的属性可以有 options' });
    }
  });
  return errors;
}

function optionProblems(options: unknown, field: string): FieldError[] {
  const entries = isRecord(options) ? Object.entries(options) : [];
  if (entries.length === 0 || entries.length > MAX_ATTRIBUTE_OPTIONS) {
    return [{ field, reason: `enum 属性必须有 options：1–${MAX_ATTRIBUTE_OPTIONS} 个“取值: 名称”，如 { municipal: 市级 }` }];
  }
  const errors: FieldError[] = [];
  for (const [value, label] of entries) {
    if (!OPTION_VALUE.test(value) || reserved(value)) {
      errors.push({ field: `${field}.${keyOf(value)}`, reason: '取值必须是至多 64 个字母、数字、.、_ 或 -，以字母或数字开头' });
    } else if (!isLabel(label)) {
      errors.push({ field: `${field}.${value}`, reason: `名称必须是非空文本，至多 ${MAX_CATEGORY_LABEL} 个字符` });
    }
  }
  return errors;
}
