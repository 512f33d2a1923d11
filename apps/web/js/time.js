// @ts-check
// The office's clock: one time zone (the department's, Asia/Shanghai unless it set another) for
// every time the pages print, every picker and every caption, whatever the browser's zone is.

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

let zone = DEFAULT_TIME_ZONE;
/** @type {Map<string, Intl.DateTimeFormat>} */
const formats = new Map();

/**
 * A formatter of the office's zone giving every part as two digits (24-hour clock).
 * @param {string} timeZone
 */
function partsFormat(timeZone) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * Whether Intl knows this IANA zone.
 * @param {unknown} name
 * @returns {name is string}
 */
function isZone(name) {
  if (typeof name !== 'string' || !name) return false;
  try {
    partsFormat(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sets the office's zone (the router does, when a department opens); an unknown zone keeps the default.
 * @param {string | null | undefined} timeZone
 */
export function setTimeZone(timeZone) {
  zone = isZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
}

export const timeZone = () => zone;

/**
 * The wall-clock parts of an instant in the office's zone.
 * @param {Date} date
 */
function wall(date) {
  /** @type {Record<string, string>} */
  const p = {};
  for (const part of partsFormat(zone).formatToParts(date)) p[part.type] = part.value;
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/**
 * The zone's name in Chinese (中国标准时间 for Asia/Shanghai), for captions.
 * @param {Date} [at]
 */
export function zoneName(at = new Date()) {
  const part = new Intl.DateTimeFormat('zh-CN', { timeZone: zone, timeZoneName: 'long' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/**
 * ISO time → 2023-06-01 14:05 in the office's zone.
 * @param {string | null | undefined} iso
 */
export function fmtTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const w = wall(date);
  return `${w.y}-${w.mo}-${w.d} ${w.h}:${w.mi}`;
}

/**
 * The time of day (14:05:09) in the office's zone.
 * @param {Date} [date]
 */
export function fmtClock(date = new Date()) {
  const w = wall(date);
  return `${w.h}:${w.mi}:${w.s}`;
}

/**
 * Today in the office's zone (YYYY-MM-DD).
 * @param {Date} [now]
 */
export function today(now = new Date()) {
  const w = wall(now);
  return `${w.y}-${w.mo}-${w.d}`;
}

/** The office's current year. */
export const currentYear = () => Number(today().slice(0, 4));

/**
 * A wall-clock time of the office (a datetime-local value, 2023-07-15T09:30) → the instant, as ISO.
 * @param {string} local
 * @returns {string | null}
 */
export function wallToIso(local) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(asUtc)) return null;
  // The zone's offset at that moment; once more at the corrected instant (a change of offset between).
  const offsetAt = (/** @type {number} */ t) => {
    const w = wall(new Date(t));
    return Date.UTC(Number(w.y), Number(w.mo) - 1, Number(w.d), Number(w.h), Number(w.mi), Number(w.s)) - t;
  };
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  return new Date(instant).toISOString();
}

/**
 * An instant → the office's wall-clock time as a datetime-local value (2023-07-15T09:30).
 * @param {string} iso
 */
export function isoToWall(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const w = wall(date);
  return `${w.y}-${w.mo}-${w.d}T${w.h}:${w.mi}`;
}
