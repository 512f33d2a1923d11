import type { Activity, ActivityFields } from '../../domain/activity';
import type { AttributeValue, Attributes } from '../../domain/attributes';
import { sameValue } from '../../domain/canonical';
import type { CategorySpec } from '../../domain/catalog';
import { BASE_COLUMNS, normalizeLabel, type ImportFields, type ParsedRow, type ParsedSheet } from './rows';

/**
 * What confirming would do with a row: record it (`new`), nothing (`unchanged`: the activity it
 * keys already says so), amend that activity (`changed`), or nothing because the row is refused.
 */
export type RowStatus = 'new' | 'unchanged' | 'changed' | 'rejected';
export const ROW_STATUSES = ['new', 'unchanged', 'changed', 'rejected'] as const satisfies readonly RowStatus[];

/** One changed value of a changed row, as the spreadsheet shows it. */
export interface ChangedValue {
  column: string;
  before: string;
  after: string;
}

export interface PreviewRow {
  line: number;
  /** The row's 编号 (null: none; the key is made of category, date and title). */
  rowNo: string | null;
  title: string;
  date: string;
  /** The category's label (empty when the row names none that exists). */
  category: string;
  status: RowStatus;
  reasons: string[];
  /** What an amendment would change (changed rows). */
  changes: ChangedValue[];
  /** The activity the row keys: recorded by a new row, amended by a changed one. */
  activityId: string | null;
}

/** The columns of the file: what a row may change of the activity it keys (a column left out changes nothing). */
export interface Coverage {
  notes: boolean;
  /** Normalised labels of the attribute columns present. */
  attributeLabels: Set<string>;
}

export function coverageOf(sheet: Pick<ParsedSheet, 'columns'>): Coverage {
  const labels = new Set(sheet.columns.map(normalizeLabel));
  return { notes: labels.has(BASE_COLUMNS.notes), attributeLabels: labels };
}

/**
 * The activity's fields after the row, for the fields the file has columns for: the attributes
 * of columns the file leaves out, and its notes without a 备注 column, stay as they are.
 */
export function rowChanges(
  activity: Activity,
  fields: ImportFields,
  category: CategorySpec | undefined,
  coverage: Coverage,
): Partial<ActivityFields> {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(activity.attributes ?? {})) {
    const spec = category?.attributes.find((a) => a.name === name);
    // Kept: an attribute of the same category whose column the file does not have.
    if (spec && activity.category === fields.category && !coverage.attributeLabels.has(normalizeLabel(spec.label)))
      attributes[name] = value;
  }
  Object.assign(attributes, fields.attributes);
  const after: ImportFields = { ...fields, attributes, notes: coverage.notes ? fields.notes : activity.notes };
  const changes: Partial<ActivityFields> = {};
  for (const key of Object.keys(after) as (keyof ImportFields)[]) {
    if (!sameField(after[key] ?? null, activity[key] ?? null)) (changes as Record<string, unknown>)[key] = after[key];
  }
  return changes;
}

/**
 * Equal field values: text, numbers and flat attribute maps, compared directly (a 10,000-row
 * preview compares 60,000 of them; canonical JSON of each was most of its time), anything else
 * by its canonical JSON.
 */
function sameField(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) {
    return typeof a === 'object' && typeof b === 'object' && sameValue(a, b);
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && (x[k] === y[k] || sameValue(x[k], y[k])));
}

/** A value as the spreadsheet shows it: enum labels, 是/否. */
function shownValue(value: AttributeValue | undefined, category: CategorySpec | undefined, name: string): string {
  if (value === undefined || value === null || value === '') return '（空）';
  const spec = category?.attributes.find((a) => a.name === name);
  if (spec?.type === 'enum' && typeof value === 'string') return spec.options?.[value] ?? value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}

/** What a change does, column by column, in the spreadsheet's words. */
export function describeChanges(activity: Activity, changes: Partial<ActivityFields>, catalog: CategorySpec[]): ChangedValue[] {
  const list: ChangedValue[] = [];
  const labelOf = (code: string) => catalog.find((c) => c.code === code)?.label ?? code;
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : String(v));
  if (changes.category !== undefined)
    list.push({ column: BASE_COLUMNS.category, before: labelOf(activity.category), after: labelOf(changes.category) });
  if (changes.title !== undefined) list.push({ column: BASE_COLUMNS.title, before: activity.title, after: changes.title });
  if (changes.occurredOn !== undefined)
    list.push({ column: BASE_COLUMNS.occurredOn, before: activity.occurredOn, after: changes.occurredOn });
  if (changes.role !== undefined) list.push({ column: BASE_COLUMNS.role, before: activity.role, after: changes.role });
  if (changes.attributes !== undefined) {
    const before = catalog.find((c) => c.code === activity.category);
    const after = catalog.find((c) => c.code === (changes.category ?? activity.category));
    const names = [...new Set([...Object.keys(activity.attributes ?? {}), ...Object.keys(changes.attributes)])];
    for (const name of names) {
      const was = activity.attributes?.[name];
      const now = changes.attributes[name];
      if (sameValue(was ?? null, now ?? null)) continue;
      const label = after?.attributes.find((a) => a.name === name)?.label ?? before?.attributes.find((a) => a.name === name)?.label ?? name;
      list.push({ column: label, before: shownValue(was, before, name), after: shownValue(now, after, name) });
    }
  }
  if (changes.notes !== undefined) list.push({ column: BASE_COLUMNS.notes, before: text(activity.notes), after: text(changes.notes) });
  return list;
}

/** A row against the activity it keys (null: none yet). Pure: the preview and the tests use it. */
export function classifyRow(row: ParsedRow, existing: Activity | null, catalog: CategorySpec[], coverage: Coverage): PreviewRow {
  const category = row.fields ? catalog.find((c) => c.code === row.fields!.category) : undefined;
  const base = {
    line: row.line,
    rowNo: row.rowNo,
    title: row.title,
    date: row.date,
    category: category?.label ?? '',
    reasons: row.reasons,
    changes: [] as ChangedValue[],
    activityId: row.activityId,
  };
  if (row.reasons.length > 0 || !row.fields || !row.activityId) return { ...base, status: 'rejected' };
  if (!existing) {
    // A retired category takes no new records; what it has may still be corrected.
    if ((category as { retired?: boolean } | undefined)?.retired) {
      return { ...base, status: 'rejected', reasons: [`类别「${category!.label}」已停用，不能再登记新记录`] };
    }
    return { ...base, status: 'new' };
  }
  const changes = rowChanges(existing, row.fields, category, coverage);
  if (Object.keys(changes).length === 0) return { ...base, status: 'unchanged' };
  return { ...base, status: 'changed', changes: describeChanges(existing, changes, catalog) };
}
