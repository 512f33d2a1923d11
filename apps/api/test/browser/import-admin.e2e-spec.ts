import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { until } from '@app/testing';
import { ARTIFACTS, CREDENTIALS, DEPARTMENT, shot, startBrowserStack, type BrowserStack } from './browser-harness';

/**
 * Issue 16's pages in Chromium: the admin creates a department and a user with a role there
 * (and the audit trail says so); staff download a category's template, upload a CSV (GB18030, as
 * Chinese Excel writes it) with good and bad rows, see the bad ones with their reasons and
 * nothing written for them, confirm, and find the imported activities in the activity log.
 */

let stack: BrowserStack;
const YEAR = 2023;

beforeAll(async () => {
  stack = await startBrowserStack();
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 30_000);

const base = () => stack.api.baseUrl;
const AXE = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is (its CSP bypassed for the injected script). */
async function axeViolations(p: Page): Promise<string[]> {
  await p.addScriptTag({ content: AXE });
  const result = (await p.evaluate(`axe.run({ resultTypes: ['violations'] })`)) as {
    violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
const path = (page: string, department = DEPARTMENT) => `/${department}/${YEAR}/${page}`;

/** The admin signed in on a page of its own (the harness signs in the department's roles only). */
async function signInAdmin(to: string): Promise<Page> {
  const page = await stack.newPage({ bypassCSP: true });
  await page.goto(`${base()}/#${to}`);
  await page.locator('#username').fill(CREDENTIALS.admin.username);
  await page.locator('#password').fill(CREDENTIALS.admin.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-testid="department-name"]').waitFor();
  return page;
}

/** Events whose activity title contains this text. */
const eventsTitled = async (text: string) =>
  (
    await stack.api.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type LIKE 'activity.%' AND data->>'title' LIKE '%' || $1 || '%'`,
      [text],
    )
  ).rows[0].n;

describe('the admin pages', () => {
  it('create a department and a user with a role there; the audit trail names both changes', async () => {
    const admin = await signInAdmin(path('admin'));
    await admin.locator('[data-testid="admin-tab-departments"]').click();
    await admin.locator('[data-testid="department-row"]').first().waitFor();
    await admin.locator('[data-testid="create-department"]').click();
    await admin.locator('[data-testid="new-department-code"]').fill('wh-new');
    await admin.locator('[data-testid="new-department-name"]').fill('新建测试部门');
    await admin.locator('[data-testid="dialog-submit"]').click();
    await admin.locator('[data-testid="department-row"][data-department="wh-new"]').waitFor();
    expect(await admin.locator('[data-testid="department-row"][data-department="wh-new"]').innerText()).toContain('新建测试部门');
    await shot(admin, 'admin-departments.png');

    // The new department's categories: one given the department's own name, one retired.
    await admin.locator('[data-testid="department-row"][data-department="wh-new"]').getByRole('button', { name: '类别管理' }).click();
    const categories = admin.locator('[data-testid="category-admin"]');
    await categories.locator('[data-testid="category-row"]').first().waitFor();
    await categories.locator('[data-testid="category-row"]', { hasText: '政策宣讲' }).getByRole('button', { name: '改名' }).click();
    await admin.locator('#category-label').fill('政策宣讲活动');
    await admin.locator('[data-testid="dialog-submit"]').click();
    await categories.locator('[data-testid="category-row"]', { hasText: '政策宣讲活动' }).waitFor();
    await categories.locator('[data-testid="category-row"]', { hasText: '招商项目信息' }).getByRole('button', { name: '停用' }).click();
    await admin.locator('#f-reason').fill('职能调整，不再登记');
    await admin.locator('[data-testid="confirm-reason"]').click();
    await categories.locator('[data-testid="category-row"][data-retired="true"]', { hasText: '招商项目信息' }).waitFor();
    await shot(admin, 'admin-categories.png');
    await admin.keyboard.press('Escape');
    const department = (await stack.api.request('GET', '/api/departments/wh-new')).body as {
      catalog: { code: string; label: string; retired?: boolean }[];
    };
    expect(department.catalog.find((c) => c.code === 'policy-briefing')?.label).toBe('政策宣讲活动');
    expect(department.catalog.find((c) => c.code === 'investment-info')?.retired).toBe(true);

    await admin.locator('[data-testid="admin-tab-users"]').click();
    await admin.locator('[data-testid="user-row"]').first().waitFor();
    await admin.locator('[data-testid="create-user"]').click();
    await admin.locator('[data-testid="new-username"]').fill('new.staff');
    await admin.locator('[data-testid="new-display-name"]').fill('新经办');
    await admin.locator('[data-testid="new-password"]').fill('new-staff-password-1');
    await admin.locator('[data-testid="grant-department"]').selectOption('wh-new');
    await admin.locator('[data-testid="grant-role"]').selectOption('staff');
    await admin.locator('[data-testid="dialog-submit"]').click();
    const row = admin.locator('[data-testid="user-row"][data-username="new.staff"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('新建测试部门 经办人员');
    await shot(admin, 'admin-users.png');
    expect(await axeViolations(admin)).toEqual([]);

    const login = await stack.api.login('new.staff', 'new-staff-password-1');
    expect(login.body.user.roles).toEqual([{ department: 'wh-new', role: 'staff' }]);

    await admin.locator('[data-testid="admin-tab-audit"]').click();
    const entry = admin.locator('[data-testid="audit-entry"][data-action="user.created"]').first();
    await entry.waitFor();
    const text = await entry.innerText();
    expect(text).toContain('系统管理员');
    expect(text).toContain('新经办（new.staff）');
    expect(text).toContain('角色：新建测试部门 经办人员');
    expect(await admin.locator('main').innerText()).not.toMatch(/new-staff-password-1|\$2[aby]\$/);
    await shot(admin, 'admin-audit.png');
    expect(await axeViolations(admin)).toEqual([]);
    await admin.close();
  });

  it('show the admin page to the admin only', async () => {
    const staff = await stack.signIn('staff', path('admin'));
    await staff.locator('main h1').waitFor();
    expect(await staff.locator('nav.tabs').innerText()).not.toContain('系统管理');
    expect(await staff.locator('main').innerText()).toContain('系统管理仅限管理员');
    await staff.close();
  });
});

describe('importing activities from a spreadsheet', () => {
  const HEADER = '编号,标题,日期,角色,参与人数,涉及国家（地区）数,对方城市或机构,备注';
  const GOOD = [
    'BT-1,浏览器导入测试会见,2023/11/10,主办,30,1,大阪府,',
    'BT-2,浏览器导入测试论坛,2023年11月11日,承办,120,2,曼彻斯特,',
    'BT-3,浏览器导入测试交流,2023-11-12,协办,15,,,',
  ];
  const BAD = ['BT-4,浏览器导入坏行一,,主办,5,,,', 'BT-5,浏览器导入坏行二,2023-11-13,主办,很多,,,'];

  it('downloads the template, previews bad rows with their reasons, writes only the good ones, shows them', async () => {
    const staff = await stack.signIn('staff', path('import'), { bypassCSP: true });
    await staff.locator('[data-testid="import-category"]').selectOption('major-event');

    const [download] = await Promise.all([staff.waitForEvent('download'), staff.locator('[data-testid="download-template"]').click()]);
    expect(download.suggestedFilename()).toBe('重要外事活动导入模板.xlsx');
    const file = join(ARTIFACTS, 'import-template.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].getRow(1).values).toEqual([undefined, ...HEADER.split(',')]);

    await staff.locator('[data-testid="import-file"]').setInputFiles({
      name: '重要外事活动.csv',
      mimeType: 'text/csv',
      buffer: iconv.encode([HEADER, ...GOOD, ...BAD].join('\r\n'), 'gb18030'),
    });
    await staff.locator('[data-testid="upload-import"]').click();
    await staff.locator('[data-testid="import-preview"]').waitFor();
    expect(await staff.locator('[data-testid="import-counts"]').innerText()).toMatch(/新增 3[\s\S]*有误 2/);
    const rejected = staff.locator('[data-testid="import-row"][data-status="rejected"]');
    expect(await rejected.count()).toBe(2);
    expect(await rejected.nth(0).innerText()).toContain('「日期」必填');
    expect(await rejected.nth(1).innerText()).toContain('「参与人数」：应为不小于 0 的整数，而不是“很多”');
    await shot(staff, 'import-preview.png');
    expect(await axeViolations(staff)).toEqual([]);
    expect(await eventsTitled('浏览器导入')).toBe(0);

    await staff.locator('[data-testid="confirm-import"]').click();
    await staff.locator('[data-testid="import-result"]').waitFor();
    expect(await staff.locator('[data-testid="import-result"]').innerText()).toContain('登记 3 条');
    expect(await eventsTitled('浏览器导入测试')).toBe(3);
    expect(await eventsTitled('浏览器导入坏行')).toBe(0);
    await shot(staff, 'import-result.png');

    // The activity log, once the worker has projected them.
    await staff.locator('[data-testid="import-to-activities"]').click();
    await until(
      'the imported activities listed',
      async () => {
        await staff.goto(`${base()}/#${path('activities')}?q=${encodeURIComponent('浏览器导入测试')}`);
        await staff.locator('main h1').waitFor();
        await staff.waitForTimeout(500);
        const text = await staff.locator('main').innerText();
        return ['浏览器导入测试会见', '浏览器导入测试论坛', '浏览器导入测试交流'].every((t) => text.includes(t));
      },
      20_000,
    );
    expect(await staff.locator('main').innerText()).not.toContain('浏览器导入坏行');
    await shot(staff, 'import-activities.png');
    expect(stack.pageErrors).toEqual([]);
    await staff.close();
  });
});
