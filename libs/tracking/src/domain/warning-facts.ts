import type { Activity } from './activity';
import { MILESTONE_ATTRIBUTE } from './catalog';
import { yearOf } from './dates';
import { laterYearsInTitle } from './warnings';

const DAY_MS = 86_400_000;

/**
 * What the warnings read model keeps of an activity to find, with an index, the few activities a
 * department-year's warnings can concern (each then checked by the pure functions themselves).
 */
export interface WarningFacts {
  /** Its title names a year after its own (date-mismatch). */
  mentionsLaterYear: boolean;
  /**
   * Days from its day to the UTC day it was recorded (null: unparseable). yearEndWarnings skips
   * a record with lateUtcDays + 1 ≤ lateEntryDays without converting time zones: the others are
   * the late-entry candidates.
   */
  lateUtcDays: number | null;
  /** Imported or 补录: never a late entry. */
  exempt: boolean;
  /** It also counts for named measures (unknown-measure, against the plan). */
  alsoCounts: boolean;
  /** Its `milestone` attribute names a milestone (milestone evidence). */
  milestone: boolean;
  /** The years an amendment moved it out of (moved-out-of-year). */
  movedOutYears: number[];
}

export function warningFactsOf(a: Activity): WarningFacts {
  const late = Math.floor(Date.parse(a.recordedAt) / DAY_MS) - Date.parse(a.occurredOn) / DAY_MS;
  return {
    mentionsLaterYear: laterYearsInTitle(a.title, yearOf(a.occurredOn)).length > 0,
    lateUtcDays: Number.isFinite(late) ? late : null,
    exempt: Boolean(a.imported || a.backfill),
    alsoCounts: a.alsoCountsFor.length > 0,
    milestone: typeof a.attributes?.[MILESTONE_ATTRIBUTE] === 'string',
    movedOutYears: [...new Set((a.movedOutOf ?? []).map((m) => m.year))],
  };
}

/**
 * The year of a part's project when the two are live activities of one department in different
 * years (part-outside-year, in either's year), else null.
 */
export function outsideParentYear(part: Activity, parent: Activity | null | undefined): number | null {
  if (!parent || part.status !== 'active' || parent.status !== 'active' || parent.department !== part.department) return null;
  const year = yearOf(parent.occurredOn);
  return year === yearOf(part.occurredOn) ? null : year;
}

/** The order of a department-year's activities wherever warnings list them: by day, then id. */
export const byDayThenId = (a: Pick<Activity, 'occurredOn' | 'id'>, b: Pick<Activity, 'occurredOn' | 'id'>): number =>
  a.occurredOn.localeCompare(b.occurredOn) || a.id.localeCompare(b.id);

/** Where the likely-duplicate check groups an activity: its category and day (within its department). */
export const duplicateGroupOf = (a: Pick<Activity, 'department' | 'category' | 'occurredOn'>): string =>
  `${a.department}\u0000${a.category}\u0000${a.occurredOn}`;
