/**
 * Spreadsheet import preview (issue 16): a 10,000-row file of one category read, checked and
 * compared with the store — what `POST /api/departments/:d/import/previews` does before it answers
 * (the same SpreadsheetImporter.read + preview, and the stored preview's INSERT) — in-process,
 * for an XLSX and a CSV (GB18030) file, first with none of the rows in the store (all new), then
 * after they were imported (each row's activity read and compared: all unchanged). Baselines: the
 * bare parse of the same file (exceljs load and row walk; GB18030 decode and CSV split). Checks:
 * the counts, 10,000 events written by the confirmation, none by a second one.
 *
 *   npm run bench:spreadsheet-preview [-- --quick] [--runs N]
 */
import { Module } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { CreateDepartment, decodeCsv, parseCsv, SpreadsheetImporter, TrackingModule, type SpreadsheetFile } from '@app/tracking';
import { ImportPreviews } from '../apps/api/src/imports/import-previews';
import { runStandalone, runsOf, type BenchOptions } from './lib/cli';
import { createBenchDatabase } from './lib/db';
import { Recorder, type BenchResult } from './lib/result';

const DEPARTMENT = 'bench-sheet';
const YEAR = 2023;
const HEADER = ['编号', '标题', '日期', '角色', '参与人数', '涉及国家（地区）数', '对方城市或机构', '备注'];
const ROLES = ['主办', '承办', '协办', '配合', '联合'];
const CITIES = ['大阪府', '曼彻斯特', '杜伊斯堡', '波尔多', '匹兹堡', '基督城', '圣彼得堡', '比什凯克'];

@Module({
  imports: [ConfigModule, CqrsModule.forRoot(), DatabaseModule, EventStoreModule, TrackingModule],
  providers: [SpreadsheetImporter, ImportPreviews],
})
class PreviewBenchModule {}

/** The rows of the file: distinct 编号 and titles, dates over the year, every attribute filled. */
function rowsOf(count: number): (string | number | Date | null)[][] {
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.UTC(YEAR, 0, 1 + (i % 365)));
    return [
      `B-${String(i + 1).padStart(5, '0')}`,
      `${CITIES[i % CITIES.length]}友好交流活动第 ${i + 1} 场`,
      day,
      ROLES[i % ROLES.length],
      10 + (i % 300),
      1 + (i % 12),
      CITIES[(i * 7) % CITIES.length],
      i % 10 === 0 ? `备注 ${i}` : null,
    ];
  });
}

async function xlsxFile(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.keywords = 'keywork-template:major-event';
  const sheet = workbook.addWorksheet('活动登记');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(3).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csvFile(rows: (string | number | Date | null)[][]): Buffer {
  const cell = (v: string | number | Date | null) =>
    v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10).replace(/-0?/g, '/') : String(v);
  return iconv.encode([HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\r\n'), 'gb18030');
}

/** The baselines: parsing the same bytes with nothing else. */
async function bareXlsx(bytes: Buffer): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  let cells = 0;
  workbook.worksheets[0].eachRow((row) => (cells += (row.values as unknown[]).length));
  return cells;
}
const bareCsv = (bytes: Buffer): number => parseCsv(decodeCsv(bytes).text).length;

export async function spreadsheetPreviewBenchmark(options: BenchOptions): Promise<BenchResult> {
  const rec = new Recorder('spreadsheet-preview', 'Spreadsheet import preview (10,000-row file → preview stored)', options.quick);
  const runs = runsOf(options, 5, 1);
  const count = options.quick ? 1_000 : 10_000;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  Object.assign(rec.parameters, { runs, rows: count, category: 'major-event (8 columns)', concurrency: 8 });
  log(`spreadsheet-preview: ${count.toLocaleString('en-US')} rows, ${runs} runs`);

  const db = await createBenchDatabase('sheet');
  process.env.DATABASE_URL = db.url;
  process.env.LOG_LEVEL = 'silent';
  const app = await NestFactory.createApplicationContext(PreviewBenchModule, { logger: false });
  try {
    await app.get(CommandBus).execute(new CreateDepartment(DEPARTMENT, '基准测试部门', 'foreign-affairs-office', { actor: 'bench' }));
    const rows = rowsOf(count);
    const files: Record<'xlsx' | 'csv', SpreadsheetFile> = {
      xlsx: { name: 'bench.xlsx', bytes: await xlsxFile(rows) },
      csv: { name: 'bench.csv', bytes: csvFile(rows) },
    };
    rec.parameters.bytes = { xlsx: files.xlsx.bytes.byteLength, csv: files.csv.bytes.byteLength };
    const importer = app.get(SpreadsheetImporter);
    const previews = app.get(ImportPreviews);

    /** What the upload endpoint does before it answers: read, preview, store. */
    const preview = async (file: SpreadsheetFile) => {
      const started = performance.now();
      const sheet = await importer.read(file, { department: DEPARTMENT, year: YEAR, category: 'major-event' });
      const shown = await importer.preview(sheet);
      await previews.save({ department: DEPARTMENT, year: YEAR, createdBy: '00000000-0000-4000-8000-000000000000', sheet, preview: shown });
      return { ms: performance.now() - started, sheet, shown };
    };
    const bare = async (format: 'xlsx' | 'csv') => {
      const started = performance.now();
      if (format === 'xlsx') await bareXlsx(files.xlsx.bytes as Buffer);
      else bareCsv(files.csv.bytes as Buffer);
      return performance.now() - started;
    };

    for (const format of ['xlsx', 'csv'] as const) {
      rec.metric(`${format}Bare`, `${format.toUpperCase()}: parse only (baseline)`, 'ms', 'lower');
      rec.metric(`${format}New`, `${format.toUpperCase()}: preview, rows not in the store (all new)`, 'ms', 'lower', `${format}Bare`);
    }
    for (const format of ['xlsx', 'csv'] as const) {
      rec.metric(
        `${format}Unchanged`,
        `${format.toUpperCase()}: preview, rows imported already (all unchanged)`,
        'ms',
        'lower',
        `${format}Bare`,
      );
    }
    rec.metric('confirm', 'confirmation: 10,000 RecordActivity commands (once)', 'ms', 'lower');
    rec.target('XLSX preview of all-new rows ≤ 5 s', 'xlsxNew', 'value', '<=', 5000);
    rec.target('XLSX preview of imported rows ≤ 5 s', 'xlsxUnchanged', 'value', '<=', 5000);
    rec.target('CSV preview of imported rows ≤ 5 s', 'csvUnchanged', 'value', '<=', 5000);

    let newCounts = '';
    for (let round = -1; round < runs; round++) {
      for (const format of round % 2 === 0 ? (['xlsx', 'csv'] as const) : (['csv', 'xlsx'] as const)) {
        const baseline = await bare(format);
        const { ms, shown } = await preview(files[format]);
        newCounts = JSON.stringify(shown.counts);
        log(
          `  ${round < 0 ? 'warm-up' : `round ${round + 1}`} ${format} new: parse ${baseline.toFixed(0)} ms, preview ${ms.toFixed(0)} ms`,
        );
        if (round < 0) continue;
        rec.add(`${format}Bare`, baseline);
        rec.add(`${format}New`, ms);
      }
    }
    rec.check(`every row previewed as new`, newCounts === JSON.stringify({ new: count, unchanged: 0, changed: 0, rejected: 0 }), newCounts);

    const { sheet } = await preview(files.xlsx);
    const started = performance.now();
    const result = await importer.apply(sheet, 'bench');
    rec.add('confirm', performance.now() - started);
    log(`  confirmation: ${result.recorded} recorded in ${(performance.now() - started).toFixed(0)} ms`);
    const written = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE tenant = $1 AND type = 'activity.recorded.v1'`,
      [DEPARTMENT],
    );
    rec.check(
      'the confirmation recorded every row once',
      result.recorded === count && written.rows[0].n === count,
      `${result.recorded} recorded, ${written.rows[0].n} events`,
    );

    let unchangedCounts = '';
    for (let round = -1; round < runs; round++) {
      for (const format of round % 2 === 0 ? (['xlsx', 'csv'] as const) : (['csv', 'xlsx'] as const)) {
        const baseline = await bare(format);
        const { ms, shown } = await preview(files[format]);
        unchangedCounts = JSON.stringify(shown.counts);
        log(
          `  ${round < 0 ? 'warm-up' : `round ${round + 1}`} ${format} unchanged: parse ${baseline.toFixed(0)} ms, preview ${ms.toFixed(0)} ms`,
        );
        if (round < 0) continue;
        rec.add(`${format}Bare`, baseline);
        rec.add(`${format}Unchanged`, ms);
      }
    }
    rec.check(
      'every row previewed as unchanged once imported',
      unchangedCounts === JSON.stringify({ new: 0, unchanged: count, changed: 0, rejected: 0 }),
      unchangedCounts,
    );
    const again = await importer.apply((await preview(files.csv)).sheet, 'bench');
    const after = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE tenant = $1`, [DEPARTMENT]);
    rec.check(
      'importing the same rows again (as CSV) writes nothing',
      again.unchanged === count && after.rows[0].n === count + 1,
      `${again.unchanged} unchanged, ${after.rows[0].n} events`,
    );
    rec.note(
      'In-process (no HTTP transfer): the upload endpoint’s read, preview and stored-preview INSERT; the XLSX file is loaded whole by exceljs (merged ranges need the whole sheet).',
    );
    return rec.result();
  } finally {
    await app.close();
    await db.close();
  }
}

if (require.main === module) runStandalone('spreadsheet-preview', spreadsheetPreviewBenchmark);
