import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CodedError, StoreUnavailableError } from '@app/event-store';
import { AmendActivity } from '../../commands/amend-activity/amend-activity.command';
import type { CommandMeta } from '../../commands/command-runner';
import { RecordActivity } from '../../commands/record-activity/record-activity.command';
import { activityStreamId, evolveActivity, type Activity } from '../../domain/activity';
import type { CategorySpec } from '../../domain/catalog';
import { DomainValidationError } from '../../domain/errors';
import { Streams } from '../../streams';
import { entryCommandId } from '../dataset';
import { classifyRow, coverageOf, rowChanges, type PreviewRow, type RowStatus } from './classify';
import { readCsv } from './read-csv';
import { isZip, readXlsx } from './read-xlsx';
import { BASE_COLUMNS, parseSheet, type ParsedSheet } from './rows';
import { SheetReadError } from './sheet';

/** The largest file the import reads (bytes). */
export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;

/** Commands under way at once (each a few round trips of its own; the pool has more connections). */
const CONCURRENCY = 8;
/** Activities read in one query. */
const READ_BATCH = 1000;

export interface SpreadsheetFile {
  /** The file's name as uploaded (its extension says xlsx or csv when the bytes do not). */
  name: string;
  bytes: Uint8Array;
}

export interface ReadOptions {
  department: string;
  year: number;
  /** The category chosen (else the template's, else each row's 类别). */
  category?: string | null;
}

/** A file read and checked: what is stored between preview and confirm (never the client's copy). */
export interface ReadSpreadsheet extends ParsedSheet {
  department: string;
  year: number;
  file: string;
  format: 'xlsx' | 'csv';
}

export type StatusCounts = Record<RowStatus, number>;

export interface SpreadsheetPreview {
  department: string;
  year: number;
  file: string;
  /** The category's label when the file has one category. */
  category: string | null;
  columns: string[];
  counts: StatusCounts;
  rows: PreviewRow[];
}

export interface SpreadsheetImportResult {
  /** Rows recorded as new activities. */
  recorded: number;
  /** Rows that amended the activity they key. */
  amended: number;
  /** Rows the store already had as they are: nothing written. */
  unchanged: number;
  /** Rows refused when read (nothing written for them). */
  rejected: number;
  /** Rows a command refused at confirmation (e.g. the category changed meanwhile): nothing written for them. */
  failed: { line: number; reasons: string[] }[];
}

/** Runs fn over items with at most `limit` under way at once, results in order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Imports activities from a spreadsheet (XLSX or CSV), following the import rule of
 * docs/architecture.md: a row's key (its 编号, else category + date + title) names its activity
 * (`rowActivityId`), and the row's content its command id, so a row already imported as it is
 * writes nothing, a changed row amends the activity it keys, and a file imported twice changes
 * nothing. Nothing is written at preview; at confirmation each row is compared again with its
 * activity as the store has it then.
 */
@Injectable()
export class SpreadsheetImporter {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: Streams,
  ) {}

  /** Reads and checks a file against the department's catalog: file problems throw (400), row problems are the rows' reasons. */
  async read(file: SpreadsheetFile, options: ReadOptions): Promise<ReadSpreadsheet> {
    const department = await this.streams.requireDepartment(options.department);
    const xlsx = isZip(file.bytes) || /\.xlsx$/i.test(file.name);
    if (file.bytes.byteLength === 0) throw new DomainValidationError([{ field: 'file', reason: '文件是空的' }]);
    if (file.bytes.byteLength > MAX_IMPORT_FILE_BYTES) {
      throw new DomainValidationError([{ field: 'file', reason: `文件过大：至多 ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB` }]);
    }
    if (/\.xls$/i.test(file.name) && !isZip(file.bytes)) {
      throw new DomainValidationError([
        { field: 'file', reason: '不支持 .xls（Excel 97-2003）文件：请在 Excel 中另存为 .xlsx 或 CSV 后上传' },
      ]);
    }
    try {
      const sheet = xlsx ? await readXlsx(file.bytes, file.name) : readCsv(file.bytes, file.name);
      const parsed = parseSheet(sheet, {
        department: department.code,
        year: options.year,
        catalog: department.catalog,
        category: options.category ?? null,
        date1904: 'date1904' in sheet ? sheet.date1904 : false,
      });
      return { ...parsed, department: department.code, year: options.year, file: file.name, format: xlsx ? 'xlsx' : 'csv' };
    } catch (error) {
      if (error instanceof SheetReadError) throw new DomainValidationError([{ field: 'file', reason: error.message }]);
      throw error;
    }
  }

  /** What confirming would do with each row, against the store now. Writes nothing. */
  async preview(sheet: ReadSpreadsheet): Promise<SpreadsheetPreview> {
    const department = await this.streams.requireDepartment(sheet.department);
    const coverage = coverageOf(sheet);
    const existing = await this.activities(
      sheet.department,
      sheet.rows.filter((r) => r.reasons.length === 0 && r.activityId).map((r) => r.activityId!),
    );
    const rows = sheet.rows.map((row) =>
      classifyRow(row, (row.activityId && existing.get(row.activityId)) || null, department.catalog, coverage),
    );
    const counts: StatusCounts = { new: 0, unchanged: 0, changed: 0, rejected: 0 };
    for (const row of rows) counts[row.status]++;
    const category = sheet.category ? (department.catalog.find((c) => c.code === sheet.category)?.label ?? null) : null;
    return { department: sheet.department, year: sheet.year, file: sheet.file, category, columns: sheet.columns, counts, rows };
  }

  /**
   * Sends one command per row that is not refused: RecordActivity for a key without an activity,
   * AmendActivity of the activity it keys when the row differs from it, nothing otherwise. Each
   * row is compared with the store as it is now, not as it was at preview.
   */
  async apply(sheet: ReadSpreadsheet, actor: string, correlationId?: string): Promise<SpreadsheetImportResult> {
    const department = await this.streams.requireDepartment(sheet.department);
    const coverage = coverageOf(sheet);
    const result: SpreadsheetImportResult = { recorded: 0, amended: 0, unchanged: 0, rejected: 0, failed: [] };
    const meta = (kind: string, content: unknown): CommandMeta => ({
      actor,
      commandId: entryCommandId(sheet.department, sheet.year, kind, content),
      correlationId: correlationId ?? `import:sheet:${sheet.department}:${sheet.year}`,
    });
    const usable = sheet.rows.filter((row) => {
      if (row.reasons.length === 0 && row.fields && row.activityId) return true;
      result.rejected++;
      return false;
    });
    // Each row against its activity as it is now (read in batches), not as it was at preview.
    const current = await this.activities(
      sheet.department,
      usable.map((r) => r.activityId!),
    );
    await mapLimited(usable, CONCURRENCY, async (row) => {
      const activityId = row.activityId!;
      const fields = row.fields!;
      try {
        const existing = current.get(activityId) ?? null;
        if (!existing) {
          const full = { ...fields, parentId: null, alsoCountsFor: [] };
          const done = await this.commands.execute(
            new RecordActivity(sheet.department, full, meta('sheet-activity', { activityId, fields: full }), activityId),
          );
          if (done.duplicate) result.unchanged++;
          else result.recorded++;
          return;
        }
        const category: CategorySpec | undefined = department.catalog.find((c) => c.code === fields.category);
        const changes = rowChanges(existing, fields, category, coverage);
        if (Object.keys(changes).length === 0) {
          result.unchanged++;
          return;
        }
        const done = await this.commands.execute(
          // The file says where the row belongs: its year, even if the activity was moved out of it.
          new AmendActivity(
            sheet.department,
            activityId,
            changes,
            undefined,
            meta('sheet-amend', { activityId, changes, from: existing.version }),
            {
              moveToYear: true,
            },
          ),
        );
        if (done.duplicate) result.unchanged++;
        else result.amended++;
      } catch (error) {
        if (error instanceof StoreUnavailableError || !(error instanceof CodedError)) throw error;
        result.failed.push({ line: row.line, reasons: reasonsOf(error) });
      }
    });
    result.failed.sort((a, b) => a.line - b.line);
    return result;
  }

  /** The activities these ids name that exist and are this department's, folded from their streams (a query per thousand). */
  private async activities(department: string, ids: string[]): Promise<Map<string, Activity>> {
    const found = new Map<string, Activity>();
    for (let i = 0; i < ids.length; i += READ_BATCH) {
      const batch = ids.slice(i, i + READ_BATCH);
      const streams = await this.streams.store.readStreams(batch.map(activityStreamId));
      for (const id of batch) {
        const activity = (streams.get(activityStreamId(id)) ?? []).reduce<Activity | null>(evolveActivity, null);
        if (activity && activity.department === department) found.set(id, activity);
      }
    }
    return found;
  }
}

/** A command's refusal of a row, in Chinese (the domain's English reasons are not shown). */
function reasonsOf(error: CodedError): string[] {
  if (error instanceof DomainValidationError) {
    return error.errors.map((e) => {
      const column = e.field.startsWith('attributes.') ? '属性' : (BASE_COLUMNS as Record<string, string>)[e.field];
      const words = /[\u4e00-\u9fff]/.test(e.reason) ? e.reason : '不符合要求（类别的定义可能已经改变，请重新下载模板）';
      return `${column ? `「${column}」` : ''}${words}`;
    });
  }
  return [`写入时被拒绝（${error.code === 'STREAM.VERSION_CONFLICT' ? '该记录正被他人同时修改，请稍后再导入' : '请重新预览后再确认'}）`];
}
