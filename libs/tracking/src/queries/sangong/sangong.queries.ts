import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@app/config';
import { EventStore } from '@app/event-store';
import { requireCalendarDate } from '../../domain/dates';
import { invalid, NotFoundError } from '../../domain/errors';
import type { SangongKind } from '../../domain/plan';
import { sangongFigures, sangongView, type SangongDays, type SangongView } from '../../domain/sangong/figures';
import { sangongStreamId, wanOfFen, type SangongRecord } from '../../domain/sangong/record';
import { sangongWarnings } from '../../domain/sangong/warnings';
import type { DataQualityWarning } from '../../domain/warnings';
import { GetDepartment } from '../get-department/get-department.query';
import { toHistoryEntry, withActorNames, type HistoryEntry } from '../history-entry';
import { ReadModels, type Page } from '../read-models';
import { SangongReadModels, type SangongRecordFilter } from './sangong-read-models';

export interface SangongOptions {
  /** Only records counting on or before this date. */
  asOf?: string;
  /** Only what had been recorded by this time (replayed from the event store). */
  knownAt?: string;
}

/** The 三公 view of a department-year as the api sends it: the figures, the department's name, the warnings. */
export interface SangongAnswer extends SangongView {
  departmentName: string;
  knownAt: string | null;
  warnings: DataQualityWarning[];
}

/** A record as the api shows it: amounts in 万元 (exact to the 分), with its total and where it counts. */
export type SangongRecordView = Omit<SangongRecord, 'footprint' | 'totalFen'> & {
  /** 万元. */
  total: number;
  /** The line it counts in (null: a vehicle register entry), the year and the day. */
  line: SangongKind | null;
  countsIn: number;
  countsOn: string;
  summary: boolean;
};

export function toSangongRecordView(record: SangongRecord): SangongRecordView {
  const { footprint, totalFen, ...rest } = record;
  const view: Record<string, unknown> = {
    ...rest,
    total: wanOfFen(totalFen),
    line: footprint.line,
    countsIn: footprint.year,
    countsOn: footprint.day,
  };
  view.summary = footprint.summary;
  if ('costs' in rest && rest.costs) view.costs = Object.fromEntries(Object.entries(rest.costs).map(([k, v]) => [k, wanOfFen(v ?? 0)]));
  if (rest.kind === 'summary') view.cost = wanOfFen(rest.cost);
  return view as SangongRecordView;
}

/** The 三公 read side: the view of a year, its drill-down, the records, their histories. */
@Injectable()
export class SangongQueries {
  constructor(
    private readonly sangong: SangongReadModels,
    private readonly readModels: ReadModels,
    private readonly departments: GetDepartment,
    private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  /** Budget, spent to date, share and pace of each line, counts and vehicles held, with the warnings. */
  async view(department: string, year: number, options: SangongOptions = {}): Promise<SangongAnswer> {
    const { asOf, knownAt } = checked(options);
    const state = await this.state(department, year, knownAt);
    const figures = sangongFigures(state.days, year, asOf);
    const view = sangongView(state.plan, figures, { today: this.today() });
    const records = state.records ?? (await this.sangong.counted(department, year, { asOf, lean: true }));
    const counted = state.records ? records.filter((r) => countedIn(r, year, asOf)) : records;
    return { ...view, departmentName: state.name, knownAt: knownAt ?? null, warnings: sangongWarnings(view, counted) };
  }

  /** The warnings of a year's 三公 records and lines (for the department's warnings list). */
  async warnings(department: string, year: number): Promise<DataQualityWarning[]> {
    return (await this.view(department, year)).warnings;
  }

  /** The live records behind a line's figure, as of a date / as known at a time, paged. */
  async drillDown(
    department: string,
    year: number,
    line: SangongKind,
    options: SangongOptions & { page: number; pageSize: number },
  ): Promise<Page<SangongRecordView> & { line: SangongKind; summaries: number }> {
    const { asOf, knownAt } = checked(options);
    const state = await this.state(department, year, knownAt);
    const all = state.records
      ? state.records.filter((r) => countedIn(r, year, asOf) && r.footprint.line === line)
      : await this.sangong.counted(department, year, { asOf, line });
    const start = (options.page - 1) * options.pageSize;
    return {
      line,
      items: all.slice(start, start + options.pageSize).map(toSangongRecordView),
      total: all.length,
      summaries: all.filter((r) => r.footprint.summary).length,
      page: options.page,
      pageSize: options.pageSize,
    };
  }

  async list(department: string, filter: SangongRecordFilter): Promise<Page<SangongRecordView>> {
    await this.departments.execute(department);
    const page = await this.sangong.list(department, filter);
    return { ...page, items: page.items.map(toSangongRecordView) };
  }

  /** One record (404 for another department's). */
  async record(department: string, id: string): Promise<SangongRecordView & { version: number }> {
    const record = await this.sangong.record(department, id);
    if (!record) throw new NotFoundError('SANGONG.NOT_FOUND', `Unknown 三公 record ${id}`, { recordId: id });
    return toSangongRecordView(record);
  }

  /** Every event of a record: who (actor and actorName), when, what changed (404 for another department's). */
  async history(department: string, id: string): Promise<HistoryEntry[]> {
    const events = await this.store.readStream(sangongStreamId(id));
    if (events.length === 0 || events[0].tenant !== department) {
      throw new NotFoundError('SANGONG.NOT_FOUND', `Unknown 三公 record ${id}`, { recordId: id });
    }
    const entries = events.map(toHistoryEntry);
    return withActorNames(entries, await this.readModels.actorNames(entries.map((e) => e.actor)));
  }

  /** What a view is computed from: the read models now, or a replay up to `knownAt` (then with the records). */
  private async state(
    department: string,
    year: number,
    knownAt: string | undefined,
  ): Promise<{ name: string; plan: Awaited<ReturnType<ReadModels['plan']>>; days: SangongDays[]; records: SangongRecord[] | null }> {
    const current = await this.departments.execute(department);
    if (!knownAt) {
      const [plan, days] = await Promise.all([this.readModels.plan(department, year), this.sangong.days(department, year)]);
      return { name: current.name, plan, days, records: null };
    }
    const known = await this.sangong.knownAt(department, year, new Date(knownAt));
    if (!known.department) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Department ${department} did not exist at ${knownAt}`);
    return { name: known.department.name, plan: known.plan, days: known.days.filter((d) => d.year <= year), records: known.records };
  }
}

function countedIn(r: SangongRecord, year: number, asOf: string | undefined): boolean {
  return r.status === 'active' && r.footprint.line !== null && r.footprint.year === year && (asOf === undefined || r.footprint.day <= asOf);
}

function checked(options: SangongOptions): SangongOptions {
  if (options.asOf !== undefined) requireCalendarDate('asOf', options.asOf);
  if (options.knownAt !== undefined && Number.isNaN(new Date(options.knownAt).getTime())) {
    throw invalid('knownAt', 'must be an ISO date-time, e.g. 2023-07-15T00:00:00+08:00');
  }
  return options;
}
