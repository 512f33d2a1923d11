import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { SpreadsheetImporter, type SpreadsheetImportResult, type SpreadsheetPreview } from '@app/tracking';

/** A spreadsheet the `import` command takes (anything else is a dataset YAML). */
export const isSpreadsheetFile = (file: string): boolean => /\.(xlsx|csv)$/i.test(file);

export interface SpreadsheetImportOptions {
  file: string;
  department: string;
  year: number;
  category: string | null;
  dryRun: boolean;
}

/** The most rows the terminal lists of each kind (the counts cover them all). */
const LISTED = 50;

/** The preview in words for a terminal: counts, then each refused row with its reasons and each change. */
export function renderSpreadsheetPreview(preview: SpreadsheetPreview): string[] {
  const { counts } = preview;
  const lines = [
    `${preview.file}：${preview.department}，${preview.year} 年${preview.category ? `，类别：${preview.category}` : ''}`,
    `  新增 ${counts.new} 行，未变 ${counts.unchanged} 行，修改 ${counts.changed} 行，有误 ${counts.rejected} 行`,
  ];
  const name = (row: SpreadsheetPreview['rows'][number]) => [row.rowNo, row.title].filter(Boolean).join(' ');
  const rejected = preview.rows.filter((r) => r.status === 'rejected');
  for (const row of rejected.slice(0, LISTED)) lines.push(`  有误 第 ${row.line} 行（${name(row)}）：${row.reasons.join('；')}`);
  if (rejected.length > LISTED) lines.push(`  ……另有 ${rejected.length - LISTED} 行有误`);
  const changed = preview.rows.filter((r) => r.status === 'changed');
  for (const row of changed.slice(0, LISTED)) {
    lines.push(`  修改 第 ${row.line} 行（${name(row)}）：${row.changes.map((c) => `${c.column} ${c.before} → ${c.after}`).join('；')}`);
  }
  if (changed.length > LISTED) lines.push(`  ……另有 ${changed.length - LISTED} 行修改`);
  return lines;
}

export function renderSpreadsheetResult(result: SpreadsheetImportResult): string[] {
  const lines = [
    `已写入：登记 ${result.recorded} 条，修改 ${result.amended} 条；未变 ${result.unchanged} 行；有误 ${result.rejected} 行未写入`,
  ];
  for (const failed of result.failed) lines.push(`  未写入 第 ${failed.line} 行：${failed.reasons.join('；')}`);
  return lines;
}

/**
 * `npm run import -- <file.xlsx|.csv> --department d --year y [--category c] [--dry-run]`: the
 * same reading, preview and commands as the web app's import (libs/tracking/src/import/spreadsheet),
 * acting as 'cli'. With --dry-run only the preview is printed. Returns whether anything was written.
 */
export async function runSpreadsheetImport(
  app: INestApplicationContext,
  options: SpreadsheetImportOptions,
  print: (line: string) => void,
): Promise<boolean> {
  const importer = app.get(SpreadsheetImporter);
  const sheet = await importer.read(
    { name: basename(options.file), bytes: readFileSync(options.file) },
    { department: options.department, year: options.year, category: options.category },
  );
  const preview = await importer.preview(sheet);
  renderSpreadsheetPreview(preview).forEach(print);
  if (options.dryRun) {
    print('试运行（--dry-run）：未写入任何内容');
    return false;
  }
  const result = await importer.apply(sheet, 'cli', `import:cli:${options.department}:${options.year}`);
  renderSpreadsheetResult(result).forEach(print);
  return result.recorded + result.amended > 0;
}
