import { CodedError } from '@app/event-store';

/** The BullMQ queue that builds year-end reports. */
export const REPORT_QUEUE = 'reports';

/**
 * The Redis key prefix of this installation's report queue: QUEUE_PREFIX, then the database's
 * installation id. Installations sharing one Redis (even with the default QUEUE_PREFIX), or a
 * database dropped and created again, never take, build or find each other's jobs, although
 * their job ids (department, year, as-of date, event position) may be equal.
 */
export function reportQueuePrefix(queuePrefix: string, installationId: string): string {
  return `${queuePrefix}:${installationId}`;
}

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

/**
 * While the projections are only behind (busy, not stopped), a report job waits in the delayed
 * set and tries again after PROJECTIONS_BEHIND_RETRY_MS without using up an attempt, for at most
 * PROJECTIONS_BEHIND_PATIENCE_MS after it was queued; then its attempts count again.
 */
export const PROJECTIONS_BEHIND_RETRY_MS = 2_000;
export const PROJECTIONS_BEHIND_PATIENCE_MS = 10 * 60_000;

/** A finished job that names no report: not a job this installation's builder ran. */
export class ReportJobResultMissingError extends CodedError {
  constructor(jobId: string) {
    super(
      'REPORT_JOB.RESULT_MISSING',
      `Report job ${jobId} finished without naming a report; it was not built by this installation's report builder (another installation on the same Redis and queue prefix?)`,
    );
  }
}

/** The report a finished job names; a loud error when it names none. */
export function reportIdOfResult(jobId: string, result: unknown): string {
  const id = (result as Partial<ReportJobResult> | null | undefined)?.reportId;
  if (typeof id !== 'string' || id === '') throw new ReportJobResultMissingError(jobId);
  return id;
}

/** A finished job names a report this database does not hold. */
export class ReportMissingError extends CodedError {
  constructor(jobId: string, reportId: string) {
    super(
      'REPORT.MISSING',
      `Report job ${jobId} names report ${reportId}, which this database does not hold (built by another installation, or its database was created again?)`,
    );
  }
}
