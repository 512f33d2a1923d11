import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { startApi, type ApiHarness, type Reply, type TestUser } from './api-harness';

/** Spreadsheet import over HTTP (issue 16): template, upload → preview, confirm; and the account audit reads. */

let api: ApiHarness;
let staff: TestUser;
let otherStaff: TestUser;
let auditor: TestUser;
const D = 'imp-dept';
const BASE = `/api/departments/${D}/import`;

const HEADER = '编号,标题,日期,角色,参与人数,涉及国家（地区）数,对方城市或机构,备注';
const ROWS = [
  'E-1,会见大阪府知事,2023/5/10,主办,30,1,大阪府,',
  'E-2,武汉—曼彻斯特经贸交流会,2023年6月1日,承办,120,2,曼彻斯特,',
  'E-3,没有角色的活动,2023-07-01,,5,,,',
  'E-4,人数写错的活动,2023-07-02,主办,很多,,,',
];
const csv = (rows: string[]) => [HEADER, ...rows].join('\r\n');

/** Uploads a file as the request body. */
const upload = (user: TestUser, body: string | Buffer, query = 'year=2023&category=major-event&filename=活动.csv', type = 'text/csv') =>
  fetch(`${api.baseUrl}${BASE}/previews?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': type },
    body,
  }).then(async (r): Promise<Omit<Reply, 'headers'>> => ({ status: r.status, body: await r.json() }));

const activityEvents = async () =>
  (await api.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE tenant = $1 AND type LIKE 'activity.%'`, [D]))
    .rows[0].n;

beforeAll(async () => {
  api = await startApi();
  expect((await api.request('POST', '/api/departments', { code: D, name: '导入测试部门' })).status).toBe(201);
  staff = await api.createUser('imp-staff', [`staff:${D}`]);
  otherStaff = await api.createUser('imp-staff-2', [`staff:${D}`]);
  auditor = await api.createUser('imp-auditor', [`auditor:${D}`]);
});

afterAll(async () => api?.close());

describe('the import template', () => {
  it('is an XLSX of the category’s Chinese headers, named in Chinese', async () => {
    const response = await fetch(`${api.baseUrl}${BASE}/templates/new-friendship-city.xlsx?year=2023`, {
      headers: { authorization: `Bearer ${staff.accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(response.headers.get('content-disposition')!.split("UTF-8''")[1])).toMatch(
      /^国际友好城市.*导入模板（2023）\.xlsx$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
    expect(workbook.worksheets[0].getRow(1).values).toEqual([
      undefined,
      '编号',
      '标题',
      '日期',
      '角色',
      '对方城市',
      '国家',
      '关系类型',
      '缔结层级',
      '备注',
    ]);
  });

  it('is 404 for a category the department does not have', async () => {
    const reply = await api.as(staff).request('GET', `${BASE}/templates/no-such-category.xlsx`);
    expect([reply.status, reply.body.error]).toEqual([404, 'CATEGORY.NOT_FOUND']);
  });
});

describe('uploading, previewing and confirming', () => {
  let previewId: string;

  it('previews each row without writing anything; bad rows say why, naming the column', async () => {
    const reply = await upload(staff, iconv.encode(csv(ROWS), 'gb18030'));
    expect(reply.status).toBe(201);
    previewId = reply.body.id;
    expect(reply.body).toMatchObject({
      year: 2023,
      category: '重要外事活动',
      counts: { new: 2, unchanged: 0, changed: 0, rejected: 2 },
      total: 4,
    });
    expect(
      reply.body.rows
        .filter((r: { status: string }) => r.status === 'rejected')
        .map((r: { line: number; reasons: string[] }) => [r.line, r.reasons]),
    ).toEqual([
      [4, ['「角色」必填']],
      [5, ['「参与人数」：应为不小于 0 的整数，而不是“很多”']],
    ]);
    expect(await activityEvents()).toBe(0);
    const rejected = await api.as(staff).request('GET', `${BASE}/previews/${previewId}?status=rejected&pageSize=1&page=2`);
    expect(rejected.body).toMatchObject({ total: 2, page: 2, rows: [{ line: 5 }] });
  });

  it('shows a preview to its uploader only', async () => {
    const reply = await api.as(otherStaff).request('GET', `${BASE}/previews/${previewId}`);
    expect([reply.status, reply.body.error]).toEqual([404, 'IMPORT.PREVIEW_NOT_FOUND']);
    expect((await api.as(otherStaff).request('POST', `${BASE}/previews/${previewId}/confirm`)).status).toBe(404);
    expect((await api.as(staff).request('GET', `${BASE}/previews/not-a-uuid`)).status).toBe(404);
  });

  it('writes the good rows at confirmation, each as the uploader; a second confirmation writes nothing', async () => {
    const reply = await api.as(staff).request('POST', `${BASE}/previews/${previewId}/confirm`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ recorded: 2, amended: 0, unchanged: 0, rejected: 2, failed: [] });
    expect(await activityEvents()).toBe(2);
    const again = await api.as(staff).request('POST', `${BASE}/previews/${previewId}/confirm`);
    expect(again.body).toEqual(reply.body);
    expect(await activityEvents()).toBe(2);
    const actors = await api.db.pool.query(
      `SELECT DISTINCT metadata->>'actor' AS actor FROM events WHERE tenant = $1 AND type LIKE 'activity.%'`,
      [D],
    );
    expect(actors.rows).toEqual([{ actor: staff.id }]);
    await api.project();
    const list = await api.as(staff).request('GET', `/api/departments/${D}/activities?year=2023`);
    expect(list.body.items.map((a: { title: string }) => a.title).sort()).toEqual(['会见大阪府知事', '武汉—曼彻斯特经贸交流会']);
  });

  it('previews the same file as unchanged and a changed row as a change; confirming amends only that one', async () => {
    const same = await upload(staff, csv(ROWS));
    expect(same.body.counts).toEqual({ new: 0, unchanged: 2, changed: 0, rejected: 2 });
    expect((await api.as(staff).request('POST', `${BASE}/previews/${same.body.id}/confirm`)).body).toMatchObject({
      recorded: 0,
      amended: 0,
      unchanged: 2,
    });
    expect(await activityEvents()).toBe(2);

    const changed = await upload(staff, `\uFEFF${csv([ROWS[0], ROWS[1].replace(',120,', ',150,')])}`);
    expect(changed.body.counts).toEqual({ new: 0, unchanged: 1, changed: 1, rejected: 0 });
    expect(changed.body.rows[1].changes).toEqual([{ column: '参与人数', before: '120', after: '150' }]);
    expect((await api.as(staff).request('POST', `${BASE}/previews/${changed.body.id}/confirm`)).body).toMatchObject({
      amended: 1,
      unchanged: 1,
    });
    expect(await activityEvents()).toBe(3);
  });

  it('answers a file it cannot take with 400 naming the problem, and 413 over 5 MB; JSON bodies keep their limit', async () => {
    const wrong = await upload(staff, '编号,标题,活动地点,角色\r\n1,会见,武汉,主办');
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { reason: string }) => e.reason)).toEqual([
      '找不到表头：前 10 行中没有同时含「标题」和「日期」的一行。表头应为：编号、标题、日期、角色、参与人数、涉及国家（地区）数、对方城市或机构、备注（请使用下载的模板）',
    ]);
    const unknown = await upload(staff, '编号,标题,日期,角色,活动地点\r\n1,会见,2023-05-10,主办,武汉');
    expect(unknown.body.errors).toEqual([{ field: 'file', reason: expect.stringMatching(/^未知的列「活动地点」（第 5 列）/) }]);
    expect((await upload(staff, '', undefined)).status).toBe(400);
    expect((await upload(staff, csv(ROWS), 'category=major-event')).status).toBe(400);
    const big = await upload(staff, Buffer.alloc(5 * 1024 * 1024 + 1, 0x41));
    expect([big.status, big.body.error]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const form = await upload(staff, '--x\r\n\r\n--x--', undefined, 'multipart/form-data; boundary=x');
    expect(form.status).toBe(415);
    const json = await api.as(staff).request('POST', `/api/departments/${D}/activities`, { title: 'x'.repeat(300 * 1024) });
    expect(json.status).toBe(413);
  });
});

describe('the account audit trail over HTTP', () => {
  it('lists every change for the admin, the department’s for its auditor, nothing for staff', async () => {
    const user = await api.createUser('imp-audited', [`leader:${D}`]);
    expect((await api.request('PUT', `/api/users/${user.id}/roles`, { roles: [{ department: D, role: 'staff' }] })).status).toBe(200);
    expect((await api.request('POST', `/api/users/${user.id}/disable`)).status).toBe(200);
    expect((await api.request('PUT', `/api/users/${user.id}/password`, { password: 'another-password-1' })).status).toBe(204);
    const all = await api.request('GET', '/api/admin/audit?pageSize=4');
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { action: string; target: { username: string } }) => `${e.action} ${e.target.username}`)).toEqual([
      'password.reset imp-audited',
      'user.disabled imp-audited',
      'roles.changed imp-audited',
      'user.created imp-audited',
    ]);
    expect(all.body.items[2]).toMatchObject({
      actor: { id: api.admin.id, username: api.admin.username },
      departments: [D],
      details: { granted: [{ department: D, role: 'staff' }], revoked: [{ department: D, role: 'leader' }] },
    });
    expect(JSON.stringify(all.body)).not.toContain('another-password-1');
    const own = await api.as(auditor).request('GET', `/api/departments/${D}/audit`);
    expect(own.status).toBe(200);
    expect(own.body.items.every((e: { departments: string[] }) => e.departments.some((d) => d === D || d === '*'))).toBe(true);
    expect((await api.as(auditor).request('GET', '/api/admin/audit')).status).toBe(403);
    expect((await api.as(staff).request('GET', `/api/departments/${D}/audit`)).status).toBe(403);
  });
});
