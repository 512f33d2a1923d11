import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Dates and times a query may name. JavaScript parses -271821-04-20 or year 0 happily, and the
 * database then refused them (a 500 for a client's mistake): anything outside these years is a 400.
 */
export const MIN_QUERY_YEAR = 1970;
export const MAX_QUERY_YEAR = 9999;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 as browsers and JavaScript write it: a date, optionally a time and an offset. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;
const EARLIEST = Date.UTC(MIN_QUERY_YEAR, 0, 1) - 14 * 3_600_000;
const LATEST = Date.UTC(MAX_QUERY_YEAR + 1, 0, 1);

export const DATE_REASON = `必须是存在的日期 YYYY-MM-DD，年份在 ${MIN_QUERY_YEAR}–${MAX_QUERY_YEAR} 之间`;
export const INSTANT_REASON = `必须是 ISO 8601 日期时间（如 2023-07-15T00:00:00+08:00），年份在 ${MIN_QUERY_YEAR}–${MAX_QUERY_YEAR} 之间`;

function existingDay(year: number, month: number, day: number): boolean {
  if (year < MIN_QUERY_YEAR || year > MAX_QUERY_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' of a day that exists, in MIN_QUERY_YEAR..MAX_QUERY_YEAR. */
export function isQueryDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  return match !== null && existingDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** An ISO 8601 date-time of an existing day in MIN_QUERY_YEAR..MAX_QUERY_YEAR, with a real time and offset. */
export function isQueryInstant(value: unknown): value is string {
  const match = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!match || !existingDay(Number(match[1]), Number(match[2]), Number(match[3]))) return false;
  const [hour, minute, second, offsetHours, offsetMinutes] = [match[4], match[5], match[6], match[7], match[8]].map((n) => Number(n ?? 0));
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) return false;
  const time = Date.parse(value as string);
  return Number.isFinite(time) && time >= EARLIEST && time < LATEST;
}

/** A query's day (asOf…): 400 naming the field, the reason in Chinese, for any other text. */
export function IsQueryDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isQueryDate', validator: { validate: isQueryDate, defaultMessage: () => DATE_REASON } }, options);
}

/** A query's point in time (knownAt…): 400 naming the field, the reason in Chinese, for any other text. */
export function IsQueryInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isQueryInstant', validator: { validate: isQueryInstant, defaultMessage: () => INSTANT_REASON } }, options);
}
