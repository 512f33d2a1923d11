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

/** Stored reports: written once per event position, in one statement (never half a report). */
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

  async get(department: string, id: string): Promise<(StoredReportSummary & { report: unknown }) | null> {
    const [summary] = await this.summaries('department = $1 AND id = $2', [department, id], department);
    if (!summary) return null;
    const found = await this.pool.query('SELECT report FROM reports WHERE id = $1', [id]);
    return { ...summary, report: found.rows[0].report };
  }

  private async summaries(where: string, values: unknown[], department: string): Promise<StoredReportSummary[]> {
    const head = await this.tenantHead(department);
    const found = await this.pool.query(
      `SELECT id, department, year, as_of, tenant_position, checkpoint_tx::text AS checkpoint_tx, checkpoint_position, built_at, build_ms
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
    }));
  }

  /** Whether this database holds report `id` of the department. */
  async has(department: string, id: string): Promise<boolean> {
    const found = await this.pool.query('SELECT 1 FROM reports WHERE id = $1 AND department = $2', [id, department]);
    return (found.rowCount ?? 0) > 0;
  }

  async file(department: string, id: string, format: 'xlsx' | 'html'): Promise<Buffer | string | null> {
    const found = await this.pool.query(
      `SELECT ${format === 'xlsx' ? 'xlsx' : 'html'} AS body FROM reports WHERE id = $1 AND department = $2`,
      [id, department],
    );
    return found.rows[0]?.body ?? null;
  }
}
