import type { DataQualityWarning, WarningKind } from './warnings';

/** The warnings of a kind a progress view carries as examples (the dashboard shows as many, the rest on request). */
export const WARNING_EXAMPLES = 5;

/** The warnings of one kind: how many, and the first few of them. */
export interface WarningsOfKind {
  kind: WarningKind;
  count: number;
  /** The first `WARNING_EXAMPLES` of the kind, in the order of the full list (`GET …/warnings?kind=`). */
  examples: DataQualityWarning[];
}

/**
 * The warnings of a progress view summarised by kind: its size does not grow with the department
 * (a large one has thousands of likely duplicates). The full list is `GET …/warnings`, paged.
 */
export interface WarningSummary {
  total: number;
  /** One entry per kind present, in the order its first warning comes in the full list. */
  byKind: WarningsOfKind[];
}

/** Counts by kind and the first `examples` of each, in the list's order. */
export function summariseWarnings(warnings: readonly DataQualityWarning[], examples = WARNING_EXAMPLES): WarningSummary {
  const byKind = new Map<WarningKind, WarningsOfKind>();
  for (const w of warnings) {
    let entry = byKind.get(w.kind);
    if (!entry) byKind.set(w.kind, (entry = { kind: w.kind, count: 0, examples: [] }));
    entry.count++;
    if (entry.examples.length < examples) entry.examples.push(w);
  }
  return { total: warnings.length, byKind: [...byKind.values()] };
}
