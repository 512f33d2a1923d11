import { isCalendarDate, yearOf } from '../dates';
import { DomainValidationError, type FieldError } from '../errors';
import { fenOfWan, wanOfFen, type SangongChanges, type SangongRecord, type SangongRecordFields } from './record';

/**
 * A record's fields as people enter them (the api, a dataset file): amounts in 万元 (up to six
 * decimals, i.e. to the 分), the year it counts in optional (default: the year of its date).
 * The domain works in 分; these turn one into the other.
 */
export type SangongInput = Record<string, unknown> & { kind?: unknown };

const AMOUNT_REASON = '必须是不小于 0 的金额（万元，最多精确到分）';

function costsInFen(costs: unknown, field: string, errors: FieldError[]): unknown {
  if (costs === null || typeof costs !== 'object' || Array.isArray(costs)) return costs;
  const out: Record<string, unknown> = {};
  for (const [item, wan] of Object.entries(costs)) {
    if (wan === undefined || wan === null) continue;
    const fen = fenOfWan(wan);
    if (fen === null) errors.push({ field: `${field}.${item}`, reason: AMOUNT_REASON });
    else out[item] = fen;
  }
  return out;
}

/** The date a record's year defaults to. */
function dateField(kind: unknown): string | null {
  return kind === 'trip' ? 'departureOn' : kind === 'reception' ? 'receivedOn' : kind === 'vehicle-cost' ? 'postedOn' : null;
}

/** Converts entered amounts (万元) to 分 and fills the default year; bad amounts are refused, naming their field. */
function toFen(input: SangongInput, prefix: string, errors: FieldError[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  if ('costs' in input) out.costs = costsInFen(input.costs, `${prefix}costs`, errors);
  if ('cost' in input && input.cost !== undefined) {
    const fen = fenOfWan(input.cost);
    if (fen === null) errors.push({ field: `${prefix}cost`, reason: AMOUNT_REASON });
    else out.cost = fen;
  }
  return out;
}

/** A new record's fields from what was entered (amounts in 万元). */
export function sangongFieldsFromInput(input: SangongInput, prefix = ''): SangongRecordFields {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new DomainValidationError([{ field: prefix ? prefix.replace(/\.$/, '') : 'body', reason: '必须是一条“三公”记录' }]);
  }
  const errors: FieldError[] = [];
  const out = toFen(input, prefix, errors);
  const dated = dateField(input.kind);
  if (dated && (out.year === undefined || out.year === null) && isCalendarDate(out[dated])) out.year = yearOf(out[dated] as string);
  if (errors.length > 0) throw new DomainValidationError(errors);
  return out as unknown as SangongRecordFields;
}

/** An amendment's changes from what was entered (amounts in 万元). */
export function sangongChangesFromInput(changes: SangongInput, prefix = ''): SangongChanges {
  const errors: FieldError[] = [];
  const out = toFen(changes ?? {}, prefix, errors);
  if (errors.length > 0) throw new DomainValidationError(errors);
  return out as SangongChanges;
}

/** A stored record's fields as entered again (amounts in 万元): what a dataset compares. */
export function sangongInputOf(record: SangongRecordFields | SangongRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  if ('costs' in record && record.costs) {
    out.costs = Object.fromEntries(Object.entries(record.costs).map(([k, v]) => [k, wanOfFen(v ?? 0)]));
  }
  if (record.kind === 'summary') out.cost = wanOfFen(record.cost);
  return out;
}
