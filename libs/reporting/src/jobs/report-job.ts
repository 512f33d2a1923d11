/** The BullMQ queue that builds year-end reports. */
export const REPORT_QUEUE = 'reports';

export interface ReportJobData {
  department: string;
  year: number;
  /** 'YYYY-MM-DD', or null for the whole year. */
  asOf: string | null;
  /** The department's newest event position when requested: the report reflects at least this. */
  tenantPosition: number;
}

export interface ReportJobResult {
  reportId: string;
}

export const asOfKey = (asOf: string | null): string => asOf ?? 'year-end';

/**
 * Deterministic job and report id: the same department-year, as-of date and event position is
 * one job, so two requests at once build one report; a newer event makes a new id.
 */
export function reportId(data: Pick<ReportJobData, 'department' | 'year' | 'asOf' | 'tenantPosition'>): string {
  return `report-${data.department}-${data.year}-${asOfKey(data.asOf)}-${data.tenantPosition}`;
}

export const REPORT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
