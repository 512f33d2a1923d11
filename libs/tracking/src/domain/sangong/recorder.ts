/**
 * Who records a department's 三公 records (its setting `sangongRecorder`): finance staff only
 * (财务人员, the `finance` role), or ordinary staff (经办人员) as well — the default.
 */
export const SANGONG_RECORDERS = ['finance', 'staff'] as const;
export type SangongRecorder = (typeof SANGONG_RECORDERS)[number];
export const DEFAULT_SANGONG_RECORDER: SangongRecorder = 'staff';

/** The department's setting (a department may not have set it: the default). */
export function sangongRecorderOf(department: object | null | undefined): SangongRecorder {
  const set = (department as { settings?: { sangongRecorder?: unknown } } | null | undefined)?.settings?.sangongRecorder;
  return SANGONG_RECORDERS.includes(set as SangongRecorder) ? (set as SangongRecorder) : DEFAULT_SANGONG_RECORDER;
}
