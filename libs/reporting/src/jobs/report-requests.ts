import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { Pool, type PoolClient } from 'pg';
import { AppConfig, Clock } from '@app/config';
import { CodedError, inTransaction } from '@app/event-store';
import { asOfKey, REPORT_JOB_OPTIONS, REPORT_QUEUE, reportId, type ReportJobData, type ReportJobResult } from './report-job';
import { ReportStore } from './report-store';

const HOUR_MS = 3600_000;
/** Namespace of the per-department advisory lock that serialises build requests. */
const REQUEST_LOCK = 0x52455051;

/** A department asked for more builds than its quota allows (HTTP 429 with Retry-After). */
export class ReportQuotaError extends CodedError {
  constructor(
    readonly quota: 'builds-per-hour' | 'kept-per-year',
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('REPORT.QUOTA_EXCEEDED', message, { quota, retryAfter: retryAfterSeconds });
  }
}

/** Runs the enqueue (the api wraps it to fail fast while Redis is down). */
export type EnqueueGuard = <T>(enqueue: () => Promise<T>) => Promise<T>;

/**
 * Requests a year-end report build, within the department's quotas: at most
 * REPORT_BUILDS_PER_HOUR new builds in any hour, and no build that would store a report beyond
 * REPORTS_KEPT_PER_YEAR kept ones (see ReportStore's retention). A request for a state already
 * requested (the same job id) is the same job and is not counted again. Requests of one
 * department are serialised (an advisory lock) so that two at once cannot both take the last one.
 */
@Injectable()
export class ReportRequests {
  constructor(
    @InjectQueue(REPORT_QUEUE) private readonly queue: Queue<ReportJobData, ReportJobResult>,
    @Inject(Pool) private readonly pool: Pool,
    private readonly reports: ReportStore,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async request(
    request: Pick<ReportJobData, 'department' | 'year' | 'asOf'>,
    guard: EnqueueGuard = (enqueue) => enqueue(),
  ): Promise<Job<ReportJobData, ReportJobResult>> {
    const data: ReportJobData = { ...request, tenantPosition: await this.reports.tenantHead(request.department) };
    const jobId = reportId(data);
    const now = this.clock.now();
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REQUEST_LOCK, data.department]);
      const known = await client.query('SELECT 1 FROM report_requests WHERE job_id = $1', [jobId]);
      if (!known.rowCount) {
        await this.checkBuildsPerHour(client, data.department, now);
        await this.checkKeptPerYear(client, data);
        await client.query('INSERT INTO report_requests (job_id, department, year, requested_at) VALUES ($1, $2, $3, $4)', [
          jobId,
          data.department,
          data.year,
          now,
        ]);
        await client.query('DELETE FROM report_requests WHERE department = $1 AND requested_at < $2', [
          data.department,
          new Date(now.getTime() - 24 * HOUR_MS),
        ]);
      }
      // Inside the transaction: a request the queue did not take is not counted.
      return guard(() => this.queue.add('year-end', data, { ...REPORT_JOB_OPTIONS, jobId }));
    });
  }

  private async checkBuildsPerHour(client: PoolClient, department: string, now: Date): Promise<void> {
    const limit = this.config.REPORT_BUILDS_PER_HOUR;
    const recent = await client.query<{ requested_at: Date }>(
      'SELECT requested_at FROM report_requests WHERE department = $1 AND requested_at > $2 ORDER BY requested_at',
      [department, new Date(now.getTime() - HOUR_MS)],
    );
    if (recent.rows.length < limit) return;
    // The hour's count drops below the limit when this request leaves the window.
    const leaves = recent.rows[recent.rows.length - limit].requested_at.getTime() + HOUR_MS;
    const retryAfter = Math.max(1, Math.ceil((leaves - now.getTime()) / 1000));
    throw new ReportQuotaError(
      'builds-per-hour',
      `本部门每小时最多生成 ${limit} 次年终报告，已达上限，请 ${Math.ceil(retryAfter / 60)} 分钟后再试。`,
      retryAfter,
    );
  }

  private async checkKeptPerYear(client: PoolClient, data: ReportJobData): Promise<void> {
    const limit = this.config.REPORTS_KEPT_PER_YEAR;
    // Kept: fetched, published or the newest of its as-of date. A build replaces the newest of its
    // as-of date when nobody fetched or published it (retention removes that one later).
    const found = await client.query<{ kept: number; replaces: boolean }>(
      `SELECT count(*) FILTER (WHERE fetched_at IS NOT NULL OR published_at IS NOT NULL OR newest)::int AS kept,
              coalesce(bool_or(as_of = $3 AND newest AND fetched_at IS NULL AND published_at IS NULL), false) AS replaces
       FROM (SELECT r.as_of, r.fetched_at, r.published_at,
                    NOT EXISTS (SELECT 1 FROM reports n WHERE n.department = r.department AND n.year = r.year
                                  AND n.as_of = r.as_of AND n.tenant_position > r.tenant_position) AS newest
             FROM reports r WHERE r.department = $1 AND r.year = $2) kept`,
      [data.department, data.year, asOfKey(data.asOf)],
    );
    const { kept, replaces } = found.rows[0];
    if (replaces || kept < limit) return;
    throw new ReportQuotaError(
      'kept-per-year',
      `本部门 ${data.year} 年度已保存 ${kept} 份年终报告（上限 ${limit} 份）。已下载、已发布或各截至日期最新的报告不会自动清理，请联系管理员清理或调整上限后再试。`,
      HOUR_MS / 1000,
    );
  }
}
