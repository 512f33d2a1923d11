import type { Activity } from '../../domain/activity';
import type { CategorySpec } from '../../domain/catalog';
import type { DepartmentSettings } from '../../domain/department';
import type { Plan } from '../../domain/plan';
import { activityWarnings, targetWarnings, type DataQualityWarning } from '../../domain/warnings';
import { yearEndWarnings } from '../../domain/year-end-warnings';
import type { WarningInputs } from '../read-models';

/** What of a department-year's view needs its activities, whatever the `asOf` (see GetProgress.yearPart). */
export interface YearPart {
  revision: number;
  complete: boolean;
  catalog: readonly CategorySpec[];
  /** dataQualityWarnings: no `asOf` in them. */
  dataQuality: DataQualityWarning[];
  /** yearEndWarnings but the shortfalls: late entries, records moved out of the year. */
  yearEnd: DataQualityWarning[];
  /** The activities naming a milestone (milestone evidence, as of any day). */
  milestoneActivities: Activity[];
}

/**
 * The year part from the warnings read model: the pure checks over the few activities a warning
 * can concern (a superset gives the same findings as every activity of the year), the likely
 * duplicates as kept, and a measure counting nothing when the indicator counts have none for it in
 * the whole year (what activitiesCountedBy over the year's activities finds, measure by measure).
 */
export function yearPartOf(plan: Plan, catalog: readonly CategorySpec[], inputs: WarningInputs, settings: DepartmentSettings): YearPart {
  return {
    revision: inputs.revision,
    complete: inputs.complete,
    catalog,
    dataQuality: [
      ...activityWarnings(plan, inputs.activities),
      ...targetWarnings(plan, (measure) => !inputs.counted.has(measure.code)),
      ...inputs.duplicates,
    ],
    // Late entries and records moved out of the year: no measure given, no shortfall found.
    yearEnd: yearEndWarnings(plan, inputs.activities, { progress: { measures: [], yearElapsed: 0 }, settings, movedOut: inputs.movedOut }),
    milestoneActivities: inputs.milestones,
  };
}
