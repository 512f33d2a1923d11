import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import { createTestDatabase, testModule, type TestDatabase } from '@app/testing';
import { CreateDepartment } from '@app/tracking';
import { CliModule } from '../src/cli.module';
import { isSpreadsheetFile, runSpreadsheetImport } from '../src/spreadsheet-command';

/** `npm run import -- <file.xlsx|.csv> --department d --year y [--category c] [--dry-run]`. */
let db: TestDatabase;
let app: TestingModule;
let dir: string;
const D = 'cli-sheet';

const events = async () =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE tenant = $1 AND type LIKE 'activity.%'`, [D])).rows[0].n;

async function run(file: string, extra: { category?: string; dryRun?: boolean } = {}): Promise<{ wrote: boolean; out: string[] }> {
  const out: string[] = [];
  const wrote = await runSpreadsheetImport(
    app,
    { file, department: D, year: 2023, category: extra.category ?? null, dryRun: extra.dryRun ?? false },
    (line) => out.push(line),
  );
  return { wrote, out };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keywork-sheet-command-'));
  db = await createTestDatabase(10);
  app = await testModule([CliModule], db).compile();
  await app.init();
  await app.get(CommandBus).execute(new CreateDepartment(D, '命令行导入部门', 'foreign-affairs-office', { actor: 'test' }));
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('importing a spreadsheet from the command line', () => {
  it('takes .xlsx and .csv files; anything else is a dataset', () => {
    expect(['a.xlsx', 'B.CSV', 'c.yaml', 'd.xls'].map(isSpreadsheetFile)).toEqual([true, true, false, false]);
  });

  it('prints the preview and writes nothing with --dry-run, then writes the good rows once', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.keywords = 'keywork-template:home-in-wuhan';
    const sheet = workbook.addWorksheet('活动登记');
    sheet.addRow(['编号', '标题', '日期', '角色', '参与人数', '涉及国家（地区）数', '备注']);
    sheet.addRow(['H-1', '“家在武汉”新春活动', new Date(Date.UTC(2023, 0, 20)), '主办', 120, 15]);
    sheet.addRow(['H-2', '“家在武汉”端午活动', '2023/6/22', '承办', { formula: 'E2/2', result: 60 }, 8]);
    sheet.addRow(['H-3', '“家在武汉”中秋活动', '2023年9月29日', '主持', 80, null]);
    const file = join(dir, '家在武汉.xlsx');
    writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));

    const dry = await run(file, { dryRun: true });
    expect(dry).toEqual({
      wrote: false,
      out: [
        '家在武汉.xlsx：cli-sheet，2023 年，类别：“家在武汉”活动',
        '  新增 2 行，未变 0 行，修改 0 行，有误 1 行',
        '  有误 第 4 行（H-3 “家在武汉”中秋活动）：「角色」：应为 主办、承办、协办、配合、联合 之一，而不是“主持”',
        '试运行（--dry-run）：未写入任何内容',
      ],
    });
    expect(await events()).toBe(0);

    const first = await run(file);
    expect(first.wrote).toBe(true);
    expect(first.out.at(-1)).toBe('已写入：登记 2 条，修改 0 条；未变 0 行；有误 1 行未写入');
    expect(await events()).toBe(2);
    const second = await run(file);
    expect(second.wrote).toBe(false);
    expect(second.out.at(-1)).toBe('已写入：登记 0 条，修改 0 条；未变 2 行；有误 1 行未写入');
    expect(await events()).toBe(2);
  });

  it('reads a CSV of a category given with --category, and amends a changed row', async () => {
    const file = join(dir, 'home.csv');
    writeFileSync(file, '\uFEFF编号,标题,日期,角色,参与人数\r\nH-1,“家在武汉”新春活动,2023-01-20,主办,150\r\n');
    const { out } = await run(file, { category: 'home-in-wuhan' });
    expect(out).toContain('  修改 第 2 行（H-1 “家在武汉”新春活动）：参与人数 120 → 150');
    expect(out.at(-1)).toBe('已写入：登记 0 条，修改 1 条；未变 0 行；有误 0 行未写入');
    expect(await events()).toBe(3);
    await expect(run(file)).rejects.toMatchObject({
      errors: [{ field: 'file', reason: '无法确定类别：请选择类别，或在表中加入「类别」列' }],
    });
  });
});
