import { categoryProblems, type AttributeSpec, type AttributeType, type CategorySpec } from './catalog';
import type { FieldError } from './errors';

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** The longest value of a text attribute (characters). */
export const MAX_ATTRIBUTE_TEXT = 500;

/** Each category definition's problems, found once (catalogs are kept and shared by reference). */
const definitionProblems = new WeakMap<CategorySpec, FieldError[]>();

/**
 * A definition stored before categoryProblems() was checked at defineCategory (e.g. `attributes:
 * [null]`) cannot take attributes: the record is refused with 400 naming the category, not a 500.
 */
function brokenDefinition(category: CategorySpec): FieldError | null {
  let problems = definitionProblems.get(category);
  if (!problems) {
    // `retired` is the department's mark on its copy, not part of the definition.
    const { retired: _retired, ...definition } = category;
    problems = categoryProblems(definition);
    definitionProblems.set(category, problems);
  }
  if (problems.length === 0) return null;
  const first = problems[0];
  return {
    field: 'category',
    reason: `类别 ${category.code} 的定义无效（${first.field}：${first.reason}），请管理员重新定义该类别后再登记`,
  };
}

/** Checks attributes against the category's specification; returns every problem found. */
export function validateAttributes(category: CategorySpec, attributes: unknown): FieldError[] {
  const broken = brokenDefinition(category);
  if (broken) return [broken];
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
    return [{ field: 'attributes', reason: 'must be an object' }];
  }
  const errors: FieldError[] = [];
  const given = attributes as Record<string, unknown>;
  const specs = new Map(category.attributes.map((a) => [a.name, a]));
  for (const name of Object.keys(given)) {
    if (!specs.has(name)) {
      errors.push({
        field: `attributes.${name}`,
        reason: `category ${category.code} has no attribute ${name}; allowed: ${[...specs.keys()].join(', ') || 'none'}`,
      });
    }
  }
  for (const spec of category.attributes) {
    const field = `attributes.${spec.name}`;
    const value = Object.prototype.hasOwnProperty.call(given, spec.name) ? given[spec.name] : undefined;
    if (value === undefined || value === null || value === '') {
      if (spec.required) errors.push({ field, reason: 'is required' });
      continue;
    }
    const problem = attributeValueProblem(spec, value);
    if (problem) errors.push({ field, reason: problem });
  }
  return errors;
}

/** Why a (non-empty) value does not fit an attribute of this specification, or null when it does. */
export function attributeValueProblem(spec: AttributeSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'integer':
      return typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 ? 'must be a whole number ≥ 0' : null;
    case 'amount':
      return typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e9 ? 'must be an amount ≥ 0 (万元)' : null;
    case 'boolean':
      return typeof value !== 'boolean' ? 'must be true or false' : null;
    case 'enum':
      return typeof value !== 'string' || !spec.options || !Object.prototype.hasOwnProperty.call(spec.options, value)
        ? `must be one of ${Object.keys(spec.options ?? {}).join(', ')}`
        : null;
    case 'text':
      return typeof value !== 'string' || value.length > MAX_ATTRIBUTE_TEXT
        ? `must be text of at most ${MAX_ATTRIBUTE_TEXT} characters`
        : null;
    default:
      return null;
  }
}

const NUMERIC: readonly AttributeType[] = ['integer', 'amount'];

/**
 * Whether a value of an attribute of one category can stay when its activity moves to a category
 * defining an attribute of the same key: the same type (integer and amount count as one, a number
 * being both), and the value valid there (an enum option the target also has).
 */
export function attributeCarriesOver(from: AttributeSpec | undefined, to: AttributeSpec, value: unknown): boolean {
  const sameType = !from || from.type === to.type || (NUMERIC.includes(from.type) && NUMERIC.includes(to.type));
  return sameType && attributeValueProblem(to, value) === null;
}
