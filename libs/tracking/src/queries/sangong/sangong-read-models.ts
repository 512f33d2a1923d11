import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore, type Sql } from '@app/event-store';
import { evolveDepartment, type Department } from '../../domain/department';
import { emptyPlan, evolvePlan, type Plan, type SangongKind } from '../../domain/plan';
import { evolveSangongDays, sangongDaysKeys, type SangongDays } from '../../domain/sangong/figures';
import { evolveSangongRecord, isSangongEvent, type SangongRecord, type SangongRecordKind } from '../../domain/sangong/record';
import type { Page } from '../read-models';

export interface SangongRecordFilter {
  /** The year whose table the records count in. */
  year?: number;
  kind?: SangongRecordKind;
  line?: SangongKind;
  status?: 'active' | 'withdrawn' | 'all';
  page: number;
  pageSize: number;
}

/** A department's 三公 figures and records as known at a time: replayed from the store, not the read models. */
export interface KnownSangong {
  department: Department | null;
  plan: Plan;
  /** Every year's figures of the department. */
  days: SangongDays[];
  records: SangongRecord[];
}

/** Record fields a count, a warning or a drill-down summary never reads (a year may hold tens of thousands). */
export const UNREAD_RECORD_FIELDS = ['members', 'destinations', 'servedActivityIds', 'purpose', 'notes', 'withdrawnReason'];

const byDay = (a: SangongRecord, b: SangongRecord) =>
  a.footprint.day < b.footprint.day ? -1 : a.footprint.day > b.footprint.day ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Reads the 三公 read models (rm_sangong, rm_sangong_records) and replays them for "as known at". */
@Injectable()
export class SangongReadModels {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly store: EventStore,
  ) {}

  /** The department's figures of every year up to `year` (the vehicle register carries over). */
  async days(department: string, year: number, db: Sql = this.pool): Promise<SangongDays[]> {
    const found = await db.query<{ doc: SangongDays }>({
      name: 'rm_sangong_days',
      text: 'SELECT doc FROM rm_sangong WHERE department = $1 AND year <= $2 ORDER BY year',
      values: [department, year],
    });
    return found.rows.map((r) => r.doc);
  }

  /**
   * The live records a year's figures sum (of one line, or of every line), up to `asOf` (inclusive),
   * by day. `lean` leaves out the fields a count or a warning never reads.
   */
  async counted(
    department: string,
    year: number,
    options: { asOf?: string; line?: SangongKind; lean?: boolean } = {},
    db: Sql = this.pool,
  ): Promise<SangongRecord[]> {
    const found = await db.query<{ doc: SangongRecord }>({
      name: options.lean ? 'rm_sangong_counted_lean' : 'rm_sangong_counted',
      text: `SELECT ${options.lean ? 'doc - $5::text[]' : 'doc'} AS doc FROM rm_sangong_records
             WHERE department = $1 AND year = $2 AND status = 'active' AND line IS NOT NULL
               AND ($3::text IS NULL OR day <= $3) AND ($4::text IS NULL OR line = $4)
             ORDER BY day, key`,
      values: [department, year, options.asOf ?? null, options.line ?? null, ...(options.lean ? [UNREAD_RECORD_FIELDS] : [])],
    });
    return found.rows.map((r) => r.doc);
  }

  async record(department: string, id: string): Promise<SangongRecord | null> {
    const found = await this.pool.query<{ doc: SangongRecord }>({
      name: 'rm_sangong_record',
      text: 'SELECT doc FROM rm_sangong_records WHERE key = $1 AND department = $2',
      values: [id, department],
    });
    return found.rows[0]?.doc ?? null;
  }

  async list(department: string, filter: SangongRecordFilter): Promise<Page<SangongRecord>> {
    const where = ['department = $1'];
    const values: unknown[] = [department];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.year !== undefined) add('year = ?', filter.year);
    if (filter.kind) add('kind = ?', filter.kind);
    if (filter.line) add('line = ?', filter.line);
    if (filter.status !== 'all') add('status = ?', filter.status ?? 'active');
    const condition = where.join(' AND ');
    const total = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rm_sangong_records WHERE ${condition}`, values);
    const page = await this.pool.query<{ doc: SangongRecord }>(
      `SELECT doc FROM rm_sangong_records WHERE ${condition} ORDER BY day, key LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`,
      values,
    );
    return { items: page.rows.map((r) => r.doc), total: total.rows[0].n, page: filter.page, pageSize: filter.pageSize };
  }

  /**
   * Replays the department's events recorded up to `knownAt` with the same evolve functions as the
   * projections: its department, the year's plan, every year's 三公 figures and every record.
   */
  async knownAt(department: string, year: number, knownAt: Date): Promise<KnownSangong> {
    let dept: Department | null = null;
    let plan = emptyPlan(department, year);
    const days = new Map<string, SangongDays>();
    const records = new Map<string, SangongRecord | null>();
    for await (const batch of this.store.readTenant(department, knownAt)) {
      for (const event of batch) {
        if (event.type.startsWith('department.')) dept = evolveDepartment(dept, event);
        else if (event.type.startsWith('plan.')) {
          if ((event.data as { year?: number }).year === year) plan = evolvePlan(plan, event);
        } else if (isSangongEvent(event)) {
          const id = event.data.recordId;
          records.set(id, evolveSangongRecord(records.get(id) ?? null, event));
          for (const key of sangongDaysKeys(event)) days.set(key, evolveSangongDays(days.get(key) ?? null, event, key));
        }
      }
    }
    return {
      department: dept,
      plan,
      days: [...days.values()].sort((a, b) => a.year - b.year),
      records: [...records.values()].filter((r): r is SangongRecord => r !== null).sort(byDay),
    };
  }
}
