import { Inject, Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { Clock } from '../../../config/src/clock';
import { EventStore } from '../../../event-store/src/event-store';
import { waitForProjections } from '../../../event-store/src/projections/wait-for-projections';
import { compareCheckpoints, type Checkpoint } from '../../../event-store/src/types';
import { NotFoundError } from '../../../tracking/src/domain/errors';
import type { Activity } from '../../../tracking/src/domain/activity';
import { ActivityIndex, computeProgress } from '../../../tracking/src/domain/progress';
import { dataQualityWarnings } from '../../../tracking/src/domain/warnings';
import { ReadModels } from '../../../tracking/src/queries/read-models';
import { buildYearEndReport, type YearEndReport } from '../report/build-report';
import { renderHtml } from '../render/html';
import { renderXlsx } from '../render/xlsx';
import { reportId, type ReportJobData } from './report-job';
import { ReportStore } from './report-store';

/** Activity fields no part of a report reads (progress, warnings, builder, renderers). */
const UNREAD_ACTIVITY_FIELDS = ['notes', 'recordedAt', 'recordedBy', 'updatedAt', 'withdrawnReason', 'version'];

const REPORT_ACTIVITIES_OF_YEAR = `
  SELECT a.doc - '{${UNREAD_ACTIVITY_FIELDS.join(',')}}'::text[] AS doc
  FROM (SELECT doc FROM rm_activities WHERE department = $1 AND year = $2
        UNION ALL
        SELECT p.doc FROM rm_activities p
        WHERE p.key IN (SELECT parent_id FROM rm_activities WHERE department = $1 AND year = $2 AND parent_id IS NOT NULL)
          AND p.year <> $2) a`;

/** The read models are behind the events the report must reflect: retry later. */
export class ProjectionsNotReadyError extends Error {}

export type ProgressCallback = (percent: number) => Promise<void> | void;

/**
 * Builds one report: waits for the projections, reads them in one repeatable-read snapshot
 * (read-only: nothing is held on the event store), renders, then stores it in one statement.
 */
@Injectable()
export class ReportBuilder {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly reports: ReportStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async build(data: ReportJobData, progress: ProgressCallback = () => undefined): Promise<string> {
    const started = Date.now();
    await waitForProjections(this.pool, this.store, { timeoutMs: 20_000 });
    await progress(20);
    const snapshot = await this.readSnapshot(data);
    await progress(50);
    const today = this.clock.now().toISOString().slice(0, 10);
    const asOf = data.asOf ?? `${data.year}-12-31`;
    const index = new ActivityIndex(snapshot.activities);
    const progressView = computeProgress(snapshot.plan, index, { asOf, today });
    const report = buildYearEndReport({
      department: { code: snapshot.department.code, name: snapshot.department.name },
      plan: snapshot.plan,
      progress: progressView,
      activities: snapshot.activities,
      warnings: dataQualityWarnings(snapshot.plan, index),
      checkpoint: snapshot.checkpoint,
      asOf: data.asOf,
    });
    await progress(70);
    const [xlsx, html] = [await renderXlsx(report), renderHtml(report)];
    await progress(90);
    const id = await this.reports.save({
      id: reportId({ ...data, tenantPosition: snapshot.tenantPosition }),
      department: data.department,
      year: data.year,
      asOf: data.asOf,
      tenantPosition: snapshot.tenantPosition,
      checkpoint: snapshot.checkpoint,
      builtAt: this.clock.now(),
      buildMs: Date.now() - started,
      report,
      xlsx,
      html,
    });
    await progress(100);
    return id;
  }

  private async readSnapshot(data: ReportJobData) {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const department = await this.readModels.department(data.department, client);
      if (!department) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Unknown department ${data.department}`);
      const tenantPosition = await this.reports.tenantHead(data.department, client);
      const checkpoint = await this.slowestCheckpoint(client);
      const covered = await client.query<{ ok: boolean }>(
        `SELECT NOT EXISTS (
           SELECT 1 FROM events WHERE tenant = $1 AND global_position <= $2
             AND (transaction_id, global_position) > ($3::xid8, $4)) AS ok`,
        [data.department, tenantPosition, checkpoint.transactionId, checkpoint.position],
      );
      if (!covered.rows[0].ok) throw new ProjectionsNotReadyError(`Read models are behind position ${tenantPosition}`);
      const plan = await this.readModels.plan(data.department, data.year, client);
      const activities = await this.activitiesOfYear(data.department, data.year, client);
      await client.query('COMMIT');
      return { department, tenantPosition, checkpoint, plan, activities };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * The activities ReadModels.activitiesOfYear returns (the department-year's, plus the projects of
   * other years its parts belong to), in the same order, without the fields no report reads: the
   * notes alone are a third of a document, and for 50,000 activities every byte is sent, parsed
   * and kept by the job.
   */
  private async activitiesOfYear(department: string, year: number, client: PoolClient): Promise<Activity[]> {
    const found = await client.query<{ doc: Activity }>({ name: 'report_activities_of_year', text: REPORT_ACTIVITIES_OF_YEAR, values: [department, year] });
    return found.rows
      .map((r) => r.doc)
      .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id.localeCompare(b.id));
  }

  /** The checkpoint every projection has reached: the report reflects the stream up to here. */
  private async slowestCheckpoint(client: PoolClient): Promise<Checkpoint> {
    const found = await client.query<{ tx: string; position: number }>(
      `SELECT last_transaction_id::text AS tx, last_position AS position FROM projection_checkpoints WHERE name = ANY($1::text[])`,
      [['activities', 'plans', 'departments']],
    );
    const checkpoints = found.rows.map((r) => ({ transactionId: r.tx, position: r.position }));
    if (checkpoints.length < 3) throw new ProjectionsNotReadyError('Projections are not registered yet (is the worker running?)');
    return checkpoints.sort(compareCheckpoints)[0];
  }
}

export type { YearEndReport };
