import { Inject, Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { AppConfig, Clock } from '@app/config';
import { REPORT_READ_MODELS, SangongReadModels, sangongFigures, sangongView, sangongWarnings } from '@app/tracking';
import {
  EventStore,
  inTransaction,
  waitForProjections,
  compareCheckpoints,
  ProjectionsBehindError,
  type Checkpoint,
} from '@app/event-store';
import { NotFoundError, ActivityIndex, computeProgress, dayIn, ReadModels, settingsOf, warningsOfYear } from '@app/tracking';
import { buildYearEndReport, type YearEndReport } from '../report/build-report';
import { renderHtml } from '../render/html';
import { renderXlsx } from '../render/xlsx';
import { reportId, type ReportJobData } from './report-job';
import { ReportStore } from './report-store';

/** Activity fields no part of a report reads (progress, warnings, builder, renderers; the late-entry warning reads recordedAt). */
const UNREAD_ACTIVITY_FIELDS = ['notes', 'recordedBy', 'updatedAt', 'withdrawnReason', 'version'];

/** The read models are behind the events the report must reflect: retry later. */
export class ProjectionsNotReadyError extends ProjectionsBehindError {}

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
    private readonly sangongModels: SangongReadModels,
    private readonly reports: ReportStore,
    @Inject(Clock) private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async build(data: ReportJobData, progress: ProgressCallback = () => undefined): Promise<string> {
    const started = Date.now();
    await waitForProjections(this.pool, this.store, { timeoutMs: this.config.REPORT_PROJECTIONS_WAIT_MS });
    await progress(20);
    const snapshot = await this.readSnapshot(data);
    await progress(50);
    const settings = settingsOf(snapshot.department);
    const today = dayIn(settings.timeZone, this.clock.now());
    const asOf = data.asOf ?? `${data.year}-12-31`;
    const index = new ActivityIndex(snapshot.activities, snapshot.department.catalog);
    const progressView = computeProgress(snapshot.plan, index, { asOf, today });
    // 三公: the records' sums as of the report's date; warnings on the records it counts.
    const sangong = sangongFigures(snapshot.sangongDays, data.year, asOf);
    const sangongWarningList = sangongWarnings(sangongView(snapshot.plan, sangong, { today }), snapshot.sangongRecords);
    const report = buildYearEndReport({
      department: { code: snapshot.department.code, name: snapshot.department.name, officeLevel: settings.officeLevel },
      plan: snapshot.plan,
      progress: progressView,
      activities: snapshot.activities,
      warnings: warningsOfYear(snapshot.plan, index, { progress: progressView, settings, movedOut: snapshot.movedOut }),
      catalog: snapshot.department.catalog,
      sangong,
      sangongWarnings: sangongWarningList,
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
    // Retention: superseded builds nobody fetched or published (never a downloaded or published one).
    await this.reports.applyRetention(data.department, data.year, this.clock.now());
    await progress(100);
    return id;
  }

  private async readSnapshot(data: ReportJobData) {
    return inTransaction(
      this.pool,
      async (client) => {
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
        const activities = await this.readModels.activitiesOfYear(data.department, data.year, client, { omit: UNREAD_ACTIVITY_FIELDS });
        const movedOut = await this.readModels.movedOutOfYear(data.department, data.year, client);
        const sangongDays = await this.sangongModels.days(data.department, data.year, client);
        const asOf = data.asOf ?? `${data.year}-12-31`;
        const sangongRecords = await this.sangongModels.counted(data.department, data.year, { asOf, lean: true }, client);
        return { department, tenantPosition, checkpoint, plan, activities, movedOut, sangongDays, sangongRecords };
      },
      { isolation: 'REPEATABLE READ', readOnly: true },
    );
  }

  /** The checkpoint every projection has reached: the report reflects the stream up to here. */
  private async slowestCheckpoint(client: PoolClient): Promise<Checkpoint> {
    const found = await client.query<{ tx: string; position: number }>(
      `SELECT last_transaction_id::text AS tx, last_position AS position FROM projection_checkpoints WHERE name = ANY($1::text[])`,
      [REPORT_READ_MODELS],
    );
    const checkpoints = found.rows.map((r) => ({ transactionId: r.tx, position: r.position }));
    if (checkpoints.length < REPORT_READ_MODELS.length)
      throw new ProjectionsNotReadyError('Projections are not registered yet (is the worker running?)');
    return checkpoints.sort(compareCheckpoints)[0];
  }
}

export type { YearEndReport };
