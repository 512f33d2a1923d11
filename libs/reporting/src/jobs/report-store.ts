import { Inject, Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import type { Checkpoint } from '@app/event-store';
import { asOfKey } from './report-job';

export interface StoredReportSummary {
  id: string;
  department: string;
  year: number;
  asOf: string | null;
  tenantPosition: number;
  checkpoint: Checkpoint;
  builtAt: string;
  buildMs: number;
  /** A newer event of the department exists: rebuild to include it. */
  stale: boolean;
  /** When the report (JSON, XLSX or HTML) was first fetched; retention keeps it from then on. */
  fetchedAt: string | null;
  /** When a reporter marked it published; retention keeps it. */
  publishedAt: string | null;
}

export interface ReportToStore {
  id: string;
  department: string;
  year: number;
  asOf: string | null;
  tenantPosition: number;
  checkpoint: Checkpoint;
  builtAt: Date;
  buildMs: number;
  report: unknown;
  xlsx: Buffer;
  html: string;
}

/**
 * How long a superseded report nobody fetched is kept (a newer report of its department, year and
 * as-of date exists): long enough for whoever requested it to fetch it after its job finished.
 */
export const SUPERSEDED_KEPT_MS = 3600_000;

/**
 * Stored reports: written once per event position, in one statement (never half a report).
 *
 * Retention (after each build): a report is deleted only when it is superseded — a newer report
 * of the same department, year and as-of date exists — for longer than SUPERSEDED_KEPT_MS, and
 * was never fetched nor published. Reading a report's JSON, XLSX or HTML marks it fetched in the
 * same statement that reads it, so retention can never delete a report someone has received.
 */
@Injectable()
export class ReportStore {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  /** Inserts the report unless this state's report exists already (a retried job). Returns the stored id. */
  async save(r: ReportToStore): Promise<string> {
    const inserted = await this.pool.query<{ id: string }>(
      `INSERT INTO reports (id, department, year, as_of, tenant_position, checkpoint_tx, checkpoint_position, built_at, build_ms, report, xlsx, html)
       VALUES ($1, $2, $3, $4, $5, $6::xid8, $7, $8, $9, $10, $11, $12)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        r.id,
        r.department,
        r.year,
        asOfKey(r.asOf),
        r.tenantPosition,
        r.checkpoint.transactionId,
        r.checkpoint.position,
        r.builtAt,
        r.buildMs,
        JSON.stringify(r.report),
        r.xlsx,
        r.html,
      ],
    );
    if (inserted.rows[0]) return inserted.rows[0].id;
    const existing = await this.pool.query<{ id: string }>(
      'SELECT id FROM reports WHERE department = $1 AND year = $2 AND as_of = $3 AND tenant_position = $4',
      [r.department, r.year, asOfKey(r.asOf), r.tenantPosition],
    );
    return existing.rows[0].id;
  }

  async tenantHead(department: string, db: Pool | PoolClient = this.pool): Promise<number> {
    const head = await db.query<{ p: number | null }>({
      name: 'reports_tenant_head',
      text: 'SELECT max(global_position) AS p FROM events WHERE tenant = $1',
      values: [department],
    });
    return head.rows[0].p ?? 0;
  }

  async list(department: string, year: number): Promise<StoredReportSummary[]> {
    return this.summaries('department = $1 AND year = $2 ORDER BY built_at DESC LIMIT 50', [department, year], department);
  }

  /** The report (marked fetched). */
  async get(department: string, id: string): Promise<(StoredReportSummary & { report: unknown }) | null> {
    const found = await this.fetch(department, id, 'report');
    if (found === null) return null;
    const [summary] = await this.summaries('department = $1 AND id = $2', [department, id], department);
    return summary ? { ...summary, report: found } : null;
  }

  private async summaries(where: string, values: unknown[], department: string): Promise<StoredReportSummary[]> {
    const head = await this.tenantHead(department);
    const found = await this.pool.query(
      `SELECT id, department, year, as_of, tenant_position, checkpoint_tx::text AS checkpoint_tx, checkpoint_position, built_at, build_ms,
              fetched_at, published_at
       FROM reports WHERE ${where}`,
      values,
    );
    return found.rows.map((r) => ({
      id: r.id,
      department: r.department,
      year: r.year,
      asOf: r.as_of === 'year-end' ? null : r.as_of,
      tenantPosition: r.tenant_position,
      checkpoint: { transactionId: r.checkpoint_tx, position: r.checkpoint_position },
      builtAt: r.built_at.toISOString(),
      buildMs: r.build_ms,
      stale: head > r.tenant_position,
      fetchedAt: r.fetched_at?.toISOString() ?? null,
      publishedAt: r.published_at?.toISOString() ?? null,
    }));
  }

  /** Whether this database holds report `id` of the department. */
  async has(department: string, id: string): Promise<boolean> {
    const found = await this.pool.query('SELECT 1 FROM reports WHERE id = $1 AND department = $2', [id, department]);
    return (found.rowCount ?? 0) > 0;
  }

  /** The report's XLSX or HTML (marked fetched). */
  async file(department: string, id: string, format: 'xlsx' | 'html'): Promise<Buffer | string | null> {
    return this.fetch(department, id, format === 'xlsx' ? 'xlsx' : 'html');
  }

  /**
   * Reads one column of a report and marks the report fetched, in one statement: a report being
   * read is never one retention deletes (a DELETE waiting on this row sees it fetched).
   */
  private async fetch<T>(department: string, id: string, column: 'report' | 'xlsx' | 'html'): Promise<T | null> {
    const found = await this.pool.query(
      `UPDATE reports SET fetched_at = coalesce(fetched_at, now()) WHERE id = $1 AND department = $2 RETURNING ${column} AS body`,
      [id, department],
    );
    return found.rows[0]?.body ?? null;
  }

  /** Marks a report published (kept for good); null when there is no such report. */
  async publish(department: string, id: string, at: Date): Promise<StoredReportSummary | null> {
    const updated = await this.pool.query(
      'UPDATE reports SET published_at = coalesce(published_at, $3) WHERE id = $1 AND department = $2',
      [id, department, at],
    );
    if (!updated.rowCount) return null;
    const [summary] = await this.summaries('department = $1 AND id = $2', [department, id], department);
    return summary ?? null;
  }

  /** The newest report of a department, year and as-of date (what supersedes older ones), if any. */
  async newest(department: string, year: number, asOf: string | null): Promise<string | null> {
    const found = await this.pool.query<{ id: string }>(
      'SELECT id FROM reports WHERE department = $1 AND year = $2 AND as_of = $3 ORDER BY tenant_position DESC LIMIT 1',
      [department, year, asOfKey(asOf)],
    );
    return found.rows[0]?.id ?? null;
  }

  /**
   * Retention for one department-year: deletes the reports superseded for longer than
   * SUPERSEDED_KEPT_MS before `now` that were never fetched nor published. Returns their ids.
   */
  async applyRetention(department: string, year: number, now: Date): Promise<string[]> {
    const deleted = await this.pool.query<{ id: string }>(
      `DELETE FROM reports r
       WHERE r.department = $1 AND r.year = $2 AND r.fetched_at IS NULL AND r.published_at IS NULL AND r.built_at < $3
         AND EXISTS (SELECT 1 FROM reports n
                     WHERE n.department = r.department AND n.year = r.year AND n.as_of = r.as_of
                       AND n.tenant_position > r.tenant_position AND n.built_at < $3)
       RETURNING r.id`,
      [department, year, new Date(now.getTime() - SUPERSEDED_KEPT_MS)],
    );
    return deleted.rows.map((r) => r.id).sort();
  }
}
