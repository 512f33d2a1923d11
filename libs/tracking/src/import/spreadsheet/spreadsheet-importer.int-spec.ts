import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import iconv from 'iconv-lite';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { createTestDatabase, testModule, type TestDatabase } from '@app/testing';
import { CreateDepartment } from '../../commands/create-department/create-department.command';
import { Streams } from '../../streams';
import { TrackingModule } from '../../tracking.module';
import { rowActivityId } from './rows';
import { SpreadsheetImporter } from './spreadsheet-importer';

@Module({
  imports: [ConfigModule, CqrsModule.forRoot(), DatabaseModule, EventStoreModule, TrackingModule],
  providers: [SpreadsheetImporter],
})
class ImportTestModule {}

let db: TestDatabase;
let app: TestingModule;
let importer: SpreadsheetImporter;

const DEPARTMENT = 'sheet-dept';
const HEADER = '编号,标题,日期,角色,参与人数,涉及国家（地区）数,对方城市或机构,备注';
const GOOD = [
  'ME-1,会见日本大阪府知事,2023/5/10,主办,30,1,大阪府,',
  'ME-2,"武汉—曼彻斯特 经贸交流会",2023年6月1日,承办,120,2,曼彻斯特,首场',
  ',中法友好城市论坛,2023-09-12,联合,80,,,',
];
const BAD = ['ME-4,没有日期的活动,,主办,5,,,', 'ME-5,下一年的活动,2024-01-03,主办,5,,,'];

const csv = (lines: string[], encoding: 'utf-8' | 'gb18030' = 'utf-8') => ({
  name: '重要外事活动.csv',
  bytes: new Uint8Array(
    encoding === 'utf-8' ? Buffer.from([HEADER, ...lines].join('\r\n'), 'utf8') : iconv.encode([HEADER, ...lines].join('\r\n'), 'gb18030'),
  ),
});

const eventCount = async () =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE tenant = $1 AND type LIKE 'activity.%'`, [DEPARTMENT]))
    .rows[0].n;

const read = (lines: string[], encoding: 'utf-8' | 'gb18030' = 'utf-8') =>
  importer.read(csv(lines, encoding), { department: DEPARTMENT, year: 2023, category: 'major-event' });

beforeAll(async () => {
  db = await createTestDatabase(10);
  app = await testModule([ImportTestModule], db).compile();
  await app.init();
  importer = app.get(SpreadsheetImporter);
  await app.get(CommandBus).execute(new CreateDepartment(DEPARTMENT, '导入测试部门', 'foreign-affairs-office', { actor: 'test' }));
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('importing a spreadsheet of activities', () => {
  it('previews new and rejected rows, writes nothing at preview, records only the good rows at confirmation', async () => {
    const sheet = await read([...GOOD, ...BAD], 'gb18030');
    const preview = await importer.preview(sheet);
    expect(preview.counts).toEqual({ new: 3, unchanged: 0, changed: 0, rejected: 2 });
    expect(preview.rows.filter((r) => r.status === 'rejected').map((r) => [r.line, r.reasons])).toEqual([
      [5, ['「日期」必填']],
      [6, ['「日期」：2024-01-03 不在 2023 年度']],
    ]);
    expect(await eventCount()).toBe(0);

    const result = await importer.apply(sheet, 'user-1');
    expect(result).toEqual({ recorded: 3, amended: 0, unchanged: 0, rejected: 2, failed: [] });
    expect(await eventCount()).toBe(3);
    const manchester = await app.get(Streams).activity(rowActivityId(DEPARTMENT, 2023, 'major-event', 'no:ME-2'));
    expect(manchester).toMatchObject({
      title: '武汉—曼彻斯特 经贸交流会',
      occurredOn: '2023-06-01',
      role: '承办',
      attributes: { participants: 120, countries: 2, counterpart: '曼彻斯特' },
      notes: '首场',
      recordedBy: 'user-1',
      imported: true,
    });
    const keyless = await app.get(Streams).activity(rowActivityId(DEPARTMENT, 2023, 'major-event', 'auto:2023-09-12:中法友好城市论坛'));
    expect(keyless?.title).toBe('中法友好城市论坛');
  });

  it('writes nothing when the same file is imported again (UTF-8 this time)', async () => {
    const sheet = await read([...GOOD, ...BAD]);
    expect((await importer.preview(sheet)).counts).toEqual({ new: 0, unchanged: 3, changed: 0, rejected: 2 });
    expect(await importer.apply(sheet, 'user-2')).toEqual({ recorded: 0, amended: 0, unchanged: 3, rejected: 2, failed: [] });
    expect(await eventCount()).toBe(3);
  });

  it('amends the activity a changed row keys; the original stays in its history', async () => {
    const changed = [GOOD[0], 'ME-2,武汉—曼彻斯特经贸交流会,2023年6月2日,承办,150,2,曼彻斯特,首场', GOOD[2]];
    const sheet = await read(changed);
    const preview = await importer.preview(sheet);
    expect(preview.counts).toEqual({ new: 0, unchanged: 2, changed: 1, rejected: 0 });
    expect(preview.rows[1].changes).toEqual([
      { column: '标题', before: '武汉—曼彻斯特 经贸交流会', after: '武汉—曼彻斯特经贸交流会' },
      { column: '日期', before: '2023-06-01', after: '2023-06-02' },
      { column: '参与人数', before: '120', after: '150' },
    ]);
    expect(await importer.apply(sheet, 'user-3')).toEqual({ recorded: 0, amended: 1, unchanged: 2, rejected: 0, failed: [] });
    const id = rowActivityId(DEPARTMENT, 2023, 'major-event', 'no:ME-2');
    const events = await db.pool.query<{ type: string; data: { changes?: unknown; previous?: unknown } }>(
      `SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`activity-${id}`],
    );
    expect(events.rows.map((e) => e.type)).toEqual(['activity.recorded.v1', 'activity.amended.v1']);
    expect(events.rows[1].data.previous).toEqual({
      title: '武汉—曼彻斯特 经贸交流会',
      occurredOn: '2023-06-01',
      attributes: { participants: 120, countries: 2, counterpart: '曼彻斯特' },
    });
    // The changed file again: nothing; the first file again: amended back, a new command.
    expect((await importer.apply(await read(changed), 'user-3')).unchanged).toBe(3);
    expect((await importer.apply(await read(GOOD), 'user-3')).amended).toBe(1);
    expect(await eventCount()).toBe(5);
  });

  it('reports a row a command refuses at confirmation, and writes the others', async () => {
    const sheet = await read(['ME-9,会见,2023-07-01,主办,5,,,']);
    // The catalog changed between preview and confirmation (here: the stored rows say another category).
    const tampered = { ...sheet, rows: sheet.rows.map((r) => ({ ...r, fields: { ...r.fields!, category: 'no-such-category' } })) };
    const result = await importer.apply(tampered, 'user-4');
    expect(result.failed).toEqual([{ line: 2, reasons: ['「类别」不符合要求（类别的定义可能已经改变，请重新下载模板）'] }]);
    expect(await eventCount()).toBe(5);
  });

  it('refuses a file of another department’s or an unknown category, and an unreadable file, as a whole', async () => {
    await expect(importer.read(csv(GOOD), { department: DEPARTMENT, year: 2023, category: 'no-such' })).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      errors: [{ field: 'file', reason: '所选类别不存在' }],
    });
    await expect(importer.read(csv(GOOD), { department: 'no-such-dept', year: 2023, category: 'major-event' })).rejects.toMatchObject({
      code: 'DEPARTMENT.NOT_FOUND',
    });
    await expect(
      importer.read(
        { name: 'a.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]) },
        { department: DEPARTMENT, year: 2023, category: 'major-event' },
      ),
    ).rejects.toMatchObject({ errors: [{ field: 'file', reason: expect.stringMatching(/^无法读取该 XLSX 文件/) }] });
  });
});
