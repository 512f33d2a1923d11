import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { until } from '@app/testing';
import { CREDENTIALS, DEPARTMENT, shot, startBrowserStack, type BrowserStack } from './browser-harness';

/**
 * Issue 16's journey, through the pages only: a made-up department goes from nothing to its
 * year-end report. The admin creates it (adopting the foreign-affairs catalog, the only catalog
 * file there is, then giving two categories the department's own names and retiring three: the
 * admin page's way to a catalog of its own) and its reporter and staff member; the reporter enters
 * a plan with two weighted indicators and revises one from 1 July; staff import a spreadsheet of 30
 * activities, 3 of them bad (reported, nothing written for them), and record 2 more by hand; the
 * year-end report scores each indicator on its own, and the report as of 30 June shows the
 * original target. The API and the database are read for checks only.
 */

let stack: BrowserStack;
const CODE = 'dist-commerce';
const NAME = '某区商务局';
const YEAR = 2023;
const D = `/api/departments/${CODE}`;
const USERS = {
  reporter: { username: 'sw-reporter', displayName: '孙报表', password: 'sw-reporter-password-1', role: 'reporter', roleLabel: '报表人员' },
  staff: { username: 'sw-staff', displayName: '钱经办', password: 'sw-staff-password-1', role: 'staff', roleLabel: '经办人员' },
} as const;

/** The department's own names of two adopted categories, and the categories it retires. */
const BRIEFING = { code: 'policy-briefing', adopted: '政策宣讲', own: '惠企政策宣讲' };
const PROMOTION = { code: 'investment-event', adopted: '产业招商专题活动', own: '招商推介会' };
const RETIRED = ['国际友好城市 / 友好交流城市', '境外驻汉机构', '驻汉领馆、境外机构武汉行'];

/** 部门整体绩效目标 1 and its two indicators, each with its own 分值. */
const GOAL = { text: '落实惠企政策，提升招商实效', points: 40 };
const INDICATORS = {
  briefing: { measure: '惠企政策宣讲场次', category: BRIEFING.own, level3: '开展惠企政策宣讲场次', target: 10, points: 20 },
  promotion: { measure: '招商推介会场次', category: PROMOTION.own, level3: '举办招商推介会场次', target: 8, points: 20 },
};
/** The revision of the briefing target: from 1 July, 20 instead of 10. */
const REVISION = { value: 20, reason: '年中扩大惠企政策宣讲覆盖面', effectiveFrom: `${YEAR}-07-01` };
const BEFORE_REVISION = `${YEAR}-06-30`;

/** The spreadsheet's good rows: 14 briefings and 13 promotions, some before the revision, some after. */
const BRIEFING_DAYS = [
  '01-12',
  '02-16',
  '03-08',
  '04-11',
  '05-17',
  '06-20',
  '07-06',
  '07-25',
  '08-15',
  '09-05',
  '09-26',
  '10-17',
  '10-31',
  '11-03',
];
const PROMOTION_DAYS = [
  '01-18',
  '02-23',
  '03-15',
  '03-29',
  '04-20',
  '05-25',
  '06-30',
  '07-13',
  '08-24',
  '09-14',
  '10-12',
  '10-26',
  '11-07',
];
/** The two recorded by hand (after the revision). */
const BY_HAND = [
  { category: BRIEFING.own, title: '惠企政策宣讲进园区（手工登记）', occurredOn: `${YEAR}-11-08`, participants: '85' },
  { category: PROMOTION.own, title: '新能源产业招商推介会（手工登记）', occurredOn: `${YEAR}-11-09`, participants: '140' },
];

interface SheetRow {
  rowNo: string;
  category: string;
  title: string;
  date: string;
  participants: number;
}
const good: SheetRow[] = [
  ...BRIEFING_DAYS.map((day, i) => ({
    category: BRIEFING.own,
    title: `惠企政策宣讲第 ${i + 1} 场`,
    date: `${YEAR}-${day}`,
    participants: 40 + i,
  })),
  ...PROMOTION_DAYS.map((day, i) => ({
    category: PROMOTION.own,
    title: `招商推介会第 ${i + 1} 场`,
    date: `${YEAR}-${day}`,
    participants: 100 + i,
  })),
]
  .sort((a, b) => a.date.localeCompare(b.date))
  .map((row, i) => ({ rowNo: `SW-${String(i + 1).padStart(2, '0')}`, ...row }));
/** The bad rows, each with the reason the preview must give. */
const BAD: (SheetRow & { reason: string })[] = [
  // The category's name in the adopted catalog: this department calls it otherwise.
  {
    rowNo: 'SW-X1',
    category: BRIEFING.adopted,
    title: '旧类别名的宣讲活动',
    date: `${YEAR}-05-09`,
    participants: 30,
    reason: `「类别」：没有名为“${BRIEFING.adopted}”的类别`,
  },
  {
    rowNo: 'SW-X2',
    category: PROMOTION.own,
    title: '跨年度的招商推介会',
    date: `${YEAR + 1}-01-05`,
    participants: 90,
    reason: `「日期」：${YEAR + 1}-01-05 不在 ${YEAR} 年度`,
  },
  { rowNo: 'SW-X3', category: BRIEFING.own, title: '', date: `${YEAR}-08-08`, participants: 25, reason: '「标题」必填' },
];
/** The file's 30 rows: the bad ones at data rows 8, 17 and 26. */
const ROWS: SheetRow[] = [...good];
ROWS.splice(7, 0, BAD[0]);
ROWS.splice(16, 0, BAD[1]);
ROWS.splice(25, 0, BAD[2]);

/** Counts as of a day: the spreadsheet's good rows and the activities recorded by hand. */
function countOn(category: string, asOf: string): number {
  return (
    good.filter((r) => r.category === category && r.date <= asOf).length +
    BY_HAND.filter((r) => r.category === category && r.occurredOn <= asOf).length
  );
}

/** docs/scoring.md: an indicator with its own 分值 scores points × min(B / A, 1), on its own. */
const weighted = (points: number, target: number, actual: number) => points * Math.min(actual / target, 1);
/** The grouped rule (a goal's shared points): goal points × min(ΣB / ΣA, 1). */
const grouped = (points: number, pairs: [number, number][]) =>
  points * Math.min(pairs.reduce((s, [, b]) => s + b, 0) / pairs.reduce((s, [a]) => s + a, 0), 1);
/** A score as the report prints it. */
const printed = (n: number) => String(Math.round(n * 100) / 100);

const base = () => stack.api.baseUrl;
const js = <T>(p: Page, expression: string) => p.evaluate(expression) as Promise<T>;
const at = (page: string) => `/${CODE}/${YEAR}/${page}`;

beforeAll(async () => {
  stack = await startBrowserStack();
}, 180_000);

afterAll(async () => {
  await stack?.close();
}, 30_000);

/** Signs in through the sign-in page, then waits for `path` to show its department. */
async function signIn(username: string, password: string, path: string): Promise<Page> {
  const page = await stack.newPage();
  await page.goto(`${base()}/#${path}`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-testid="department-name"]').waitFor();
  return page;
}

/** Waits until the element shows the text. */
const contains = (locator: Locator, text: string) => locator.filter({ hasText: text }).first().waitFor();

/** The plan editor's open form, its fields, and saving it. */
const form = (p: Page) => p.locator('dialog[open] form.plan-form');
const field = (p: Page, path: string) => form(p).locator(`[data-field="${path}"]`);
const fill = (p: Page, path: string, value: string) => field(p, path).locator('input, textarea').first().fill(value);
const choose = (p: Page, path: string, label: string) => field(p, path).locator('select').selectOption({ label });
const chip = (p: Page, label: string) => p.locator('.chips [role="tab"]', { hasText: label }).click();
async function save(p: Page): Promise<void> {
  await form(p).locator('[data-testid="plan-submit"]').click();
  await form(p).waitFor({ state: 'detached' });
}

/** The activity events of the department and the titles they record. */
async function recordedTitles(): Promise<string[]> {
  const { rows } = await stack.api.db.pool.query<{ title: string }>(
    `SELECT data->>'title' AS title FROM events WHERE tenant = $1 AND type LIKE 'activity.recorded.%' ORDER BY global_position`,
    [CODE],
  );
  return rows.map((r) => r.title);
}

/** The cells of the evaluation table's row of an indicator. */
async function indicatorCells(p: Page, level3: string): Promise<string[]> {
  const row = p.locator('[data-testid="evaluation-table"] tr', { has: p.locator('td', { hasText: level3 }) });
  return (await row.locator('td').allInnerTexts()).map((t) => t.trim());
}

/** The score a row of the evaluation table (目标得分, 总分) prints in its last cell. */
async function rowScore(p: Page, label: string): Promise<string> {
  const row = p.locator('[data-testid="evaluation-table"] tr', { hasText: label }).last();
  return (await row.locator('td').last().innerText()).trim();
}

describe('a department from nothing to its year-end report, through the pages', () => {
  it('the admin creates the department with a catalog of its own, and its reporter and staff member', async () => {
    const admin = await signIn(CREDENTIALS.admin.username, CREDENTIALS.admin.password, `/${DEPARTMENT}/${YEAR}/admin`);
    await admin.locator('[data-testid="admin-tab-departments"]').click();
    await admin.locator('[data-testid="department-row"]').first().waitFor();
    await admin.locator('[data-testid="create-department"]').click();
    await admin.locator('[data-testid="new-department-code"]').fill(CODE);
    await admin.locator('[data-testid="new-department-name"]').fill(NAME);
    await admin.locator('[data-testid="new-department-catalog"]').selectOption({ label: '外事工作机构类别目录（第 1 版）' });
    await admin.locator('[data-testid="dialog-submit"]').click();
    const row = admin.locator(`[data-testid="department-row"][data-department="${CODE}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(NAME);

    // Its own names for two categories, three retired with their reason.
    await row.getByRole('button', { name: '类别管理' }).click();
    const categories = admin.locator('[data-testid="category-admin"]');
    await categories.locator('[data-testid="category-row"]').first().waitFor();
    for (const { adopted, own } of [BRIEFING, PROMOTION]) {
      await categories.locator('[data-testid="category-row"]', { hasText: adopted }).getByRole('button', { name: '改名' }).click();
      await admin.locator('#category-label').fill(own);
      await admin.locator('[data-testid="dialog-submit"]').click();
      await categories.locator('[data-testid="category-row"]', { hasText: own }).waitFor();
    }
    for (const label of RETIRED) {
      await categories.locator('[data-testid="category-row"]', { hasText: label }).getByRole('button', { name: '停用' }).click();
      await admin.locator('#f-reason').fill('本部门不登记外事类活动');
      await admin.locator('[data-testid="confirm-reason"]').click();
      await categories.locator('[data-testid="category-row"][data-retired="true"]', { hasText: label }).waitFor();
    }
    await shot(admin, 'journey-categories.png');
    await admin.keyboard.press('Escape');
    await contains(row, `已停用 ${RETIRED.length} 个`);

    await admin.locator('[data-testid="admin-tab-users"]').click();
    await admin.locator('[data-testid="user-row"]').first().waitFor();
    for (const user of Object.values(USERS)) {
      await admin.locator('[data-testid="create-user"]').click();
      await admin.locator('[data-testid="new-username"]').fill(user.username);
      await admin.locator('[data-testid="new-display-name"]').fill(user.displayName);
      await admin.locator('[data-testid="new-password"]').fill(user.password);
      await admin.locator('dialog[open] [data-testid="grant-department"]').selectOption({ label: NAME });
      await admin.locator('dialog[open] [data-testid="grant-role"]').selectOption({ label: user.roleLabel });
      await admin.locator('[data-testid="dialog-submit"]').click();
      await contains(admin.locator(`[data-testid="user-row"][data-username="${user.username}"]`), `${NAME} ${user.roleLabel}`);
    }
    await shot(admin, 'journey-users.png');
    await admin.close();

    // Checks: the department's catalog as the admin left it, the accounts' roles.
    const department = (await stack.api.request('GET', D)).body as { catalog: { code: string; label: string; retired?: boolean }[] };
    expect(department.catalog.find((c) => c.code === BRIEFING.code)?.label).toBe(BRIEFING.own);
    expect(department.catalog.find((c) => c.code === PROMOTION.code)?.label).toBe(PROMOTION.own);
    expect(department.catalog.filter((c) => c.retired).map((c) => c.label)).toEqual(expect.arrayContaining(RETIRED));
    for (const user of Object.values(USERS)) {
      const login = await stack.api.login(user.username, user.password);
      expect(login.body.user.roles).toEqual([{ department: CODE, role: user.role }]);
    }
  }, 120_000);

  it('the reporter enters a plan with weighted indicators, and revises one from mid-year', async () => {
    const reporter = await signIn(USERS.reporter.username, USERS.reporter.password, at('plans'));
    await reporter.locator('[data-page="plans"] .plan-content > *').first().waitFor();

    await chip(reporter, '指标');
    for (const indicator of Object.values(INDICATORS)) {
      await reporter.getByRole('button', { name: '定义指标' }).click();
      await fill(reporter, 'measure.name', indicator.measure);
      // The category list offers the department's own names.
      await choose(reporter, 'measure.category', indicator.category);
      await fill(reporter, 'measure.unit', '场');
      await save(reporter);
      await reporter.locator('.measures-table tbody tr', { hasText: indicator.measure }).waitFor();
    }

    await chip(reporter, '部门整体绩效目标');
    await reporter.getByRole('button', { name: '新增绩效目标' }).click();
    await fill(reporter, 'goal.text', GOAL.text);
    await fill(reporter, 'goal.points', String(GOAL.points));
    await save(reporter);
    const goal = reporter.locator('.goal[data-goal="1"]');
    for (const indicator of Object.values(INDICATORS)) {
      await goal.getByRole('button', { name: '新增指标' }).click();
      await choose(reporter, 'target.measure', indicator.measure);
      await fill(reporter, 'target.value', String(indicator.target));
      // The unit left empty: the target takes the measure's (场), as the editor's hint says.
      const labels = field(reporter, 'target.labels').locator('input');
      await labels.nth(0).fill('产出指标');
      await labels.nth(1).fill('数量指标');
      await labels.nth(2).fill(indicator.level3);
      await fill(reporter, 'target.points', String(indicator.points));
      await save(reporter);
      await contains(goal.locator('tr[data-target]', { hasText: indicator.level3 }), `≥${indicator.target}场`);
    }

    const revised = goal.locator('tr[data-target]', { hasText: INDICATORS.briefing.level3 });
    await revised.getByRole('button', { name: '调整' }).click();
    await fill(reporter, 'value', String(REVISION.value));
    await fill(reporter, 'reason', REVISION.reason);
    await fill(reporter, 'effectiveFrom', REVISION.effectiveFrom);
    await save(reporter);
    await contains(revised, `≥${REVISION.value}场（原 ${INDICATORS.briefing.target}）`);
    await contains(revised, `由 ${INDICATORS.briefing.target} 调整为 ${REVISION.value}：${REVISION.reason}`);
    await contains(revised, `自 ${REVISION.effectiveFrom} 起适用`);
    await shot(reporter, 'journey-plan.png');
    await reporter.close();

    const plan = (await stack.api.request('GET', `${D}/years/${YEAR}/plan`)).body as {
      targets: { points: number | null; value: number; original: number; revisions: { effectiveFrom: string; reason: string }[] }[];
    };
    expect(plan.targets.map((t) => [t.points, t.value, t.original])).toEqual([
      [INDICATORS.briefing.points, REVISION.value, INDICATORS.briefing.target],
      [INDICATORS.promotion.points, INDICATORS.promotion.target, INDICATORS.promotion.target],
    ]);
    expect(plan.targets[0].revisions).toEqual([
      expect.objectContaining({ reason: REVISION.reason, effectiveFrom: REVISION.effectiveFrom }),
    ]);
  }, 120_000);

  it('staff import 30 activities: 3 bad rows reported with their reasons and not written; then record 2 by hand', async () => {
    expect(ROWS).toHaveLength(30);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('活动');
    sheet.addRow(['编号', '类别', '标题', '日期', '角色', '参与人数', '备注']);
    for (const r of ROWS) sheet.addRow([r.rowNo, r.category, r.title, r.date, '主办', r.participants, '']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());

    const staff = await signIn(USERS.staff.username, USERS.staff.password, at('import'));
    // Categorised by the file's 类别 column; the list offers no retired category.
    const offered = await staff.locator('[data-testid="import-category"] option').allInnerTexts();
    expect(offered).toEqual(expect.arrayContaining([BRIEFING.own, PROMOTION.own]));
    expect(offered.filter((o) => RETIRED.includes(o))).toEqual([]);
    await staff.locator('[data-testid="import-category"]').selectOption({ label: '按文件识别（模板或“类别”列）' });
    await staff.locator('[data-testid="import-file"]').setInputFiles({
      name: '商务局活动登记.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsx,
    });
    await staff.locator('[data-testid="upload-import"]').click();
    await staff.locator('[data-testid="import-preview"]').waitFor();
    expect(await staff.locator('[data-testid="import-counts"]').innerText()).toMatch(/全部 30[\s\S]*新增 27[\s\S]*有误 3/);
    const rejected = staff.locator('[data-testid="import-row"][data-status="rejected"]');
    await expect(rejected.count()).resolves.toBe(3);
    for (const [i, bad] of BAD.entries()) {
      const row = rejected.nth(i);
      // Header on line 1: data row n is line n + 1.
      await expect(row.getAttribute('data-line')).resolves.toBe(String(ROWS.indexOf(bad) + 2));
      expect(await row.innerText()).toContain(bad.reason);
    }
    await expect(staff.locator('[data-testid="confirm-import"]').innerText()).resolves.toBe('确认导入（新增 27 行，修改 0 行）');
    await shot(staff, 'journey-import-preview.png');
    expect(await recordedTitles()).toEqual([]);

    await staff.locator('[data-testid="confirm-import"]').click();
    const result = staff.locator('[data-testid="import-result"]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toContain('登记 27 条，修改 0 条；0 行与已登记的相同，未写入；3 行有误，未写入。');
    // Exactly the good rows were written, each once; nothing for the bad ones.
    const titles = await recordedTitles();
    expect([...titles].sort()).toEqual(good.map((r) => r.title).sort());

    // Two more by hand, with the activity form (which offers no retired category either).
    await staff.goto(`${base()}/#${at('activities')}`);
    for (const activity of BY_HAND) {
      await staff.locator('[data-testid="new-activity"]').click();
      const record = staff.locator('dialog[open] form.activity-form');
      await record.waitFor();
      const categories = await record.locator('#f-category option').allInnerTexts();
      expect(categories.filter((c) => RETIRED.includes(c))).toEqual([]);
      await record.locator('#f-category').selectOption({ label: activity.category });
      await record.locator('#f-title').fill(activity.title);
      await record.locator('#f-occurredOn').fill(activity.occurredOn);
      await record.locator('#f-role').selectOption('主办');
      await record.locator('#f-attr-participants').fill(activity.participants);
      await record.locator('[data-testid="submit-activity"]').click();
      await record.waitFor({ state: 'detached' });
    }
    await until(
      'the 29 activities listed',
      async () => {
        await staff.goto(`${base()}/#${at('activities')}`);
        await staff.locator('[data-testid="activity-table"] tbody tr').first().waitFor();
        return ((await staff.locator('[data-testid="activity-total"]').textContent()) ?? '') === '共 29 项';
      },
      30_000,
    );
    await shot(staff, 'journey-activities.png');
    await staff.close();
    expect(await recordedTitles()).toEqual([...titles, ...BY_HAND.map((a) => a.title)]);
    const listed = await stack.api.request('GET', `${D}/activities?year=${YEAR}&pageSize=200`);
    expect(listed.body.total).toBe(29);
  }, 150_000);

  it('the year-end report scores each indicator on its own; as of 30 June it shows the original target', async () => {
    const { briefing, promotion } = INDICATORS;
    const end = `${YEAR}-12-31`;
    const actual = { briefing: countOn(briefing.category, end), promotion: countOn(promotion.category, end) };
    const early = { briefing: countOn(briefing.category, BEFORE_REVISION), promotion: countOn(promotion.category, BEFORE_REVISION) };
    // One indicator misses its (revised) target, the other exceeds its own: the weighted rule gives
    // less than the grouped one would.
    expect(actual.briefing).toBeLessThan(REVISION.value);
    expect(actual.promotion).toBeGreaterThan(promotion.target);
    const score = {
      briefing: weighted(briefing.points, REVISION.value, actual.briefing),
      promotion: weighted(promotion.points, promotion.target, actual.promotion),
    };
    const goalScore = score.briefing + score.promotion;
    expect(
      grouped(GOAL.points, [
        [REVISION.value, actual.briefing],
        [promotion.target, actual.promotion],
      ]),
    ).toBeGreaterThan(goalScore);

    const reporter = await signIn(USERS.reporter.username, USERS.reporter.password, at('reports'));
    await reporter.locator('[data-testid="request-report"]').click();
    const preview = reporter.locator('[data-testid="report-preview"]');
    await contains(preview.locator('.report-head'), `数据截至 ${end}`);
    await preview.locator('[data-testid="evaluation-table"]').first().waitFor({ timeout: 60_000 });
    await expect(preview.locator('.report-head h2').innerText()).resolves.toBe(`${NAME} ${YEAR} 年度年终报告（预览）`);
    const table = preview.locator('[data-testid="evaluation-table"]').first();
    await expect(table.locator('h2').innerText()).resolves.toBe(`${YEAR} 年度${NAME}整体绩效自评表`);
    expect(await table.innerText()).toContain(`年度绩效目标 1：（${GOAL.points} 分）`);
    expect(await indicatorCells(reporter, briefing.level3)).toEqual([
      '产出指标',
      '数量指标',
      briefing.level3,
      `${REVISION.value}场（原 ${briefing.target}）`,
      `${actual.briefing}场`,
      String(briefing.points),
      printed(score.briefing),
    ]);
    expect(await indicatorCells(reporter, promotion.level3)).toEqual([
      '产出指标',
      '数量指标',
      promotion.level3,
      `${promotion.target}场`,
      `${actual.promotion}场`,
      String(promotion.points),
      printed(score.promotion),
    ]);
    await expect(rowScore(reporter, '目标得分')).resolves.toBe(printed(goalScore));
    // No budget was entered: its 20 points are not earned.
    await expect(rowScore(reporter, '总分')).resolves.toBe(printed(goalScore));
    await shot(reporter, 'journey-report.png');

    // As of the day before the revision applies: the original target, and the figures of that day.
    await reporter.locator('[data-testid="report-as-of"]').fill(BEFORE_REVISION);
    await reporter.locator('[data-testid="request-report"]').click();
    await contains(preview.locator('.report-head'), `数据截至 ${BEFORE_REVISION}`);
    await preview.locator('[data-testid="evaluation-table"]').first().waitFor();
    const earlyScore = {
      briefing: weighted(briefing.points, briefing.target, early.briefing),
      promotion: weighted(promotion.points, promotion.target, early.promotion),
    };
    expect(await indicatorCells(reporter, briefing.level3)).toEqual([
      '产出指标',
      '数量指标',
      briefing.level3,
      `${briefing.target}场`,
      `${early.briefing}场`,
      String(briefing.points),
      printed(earlyScore.briefing),
    ]);
    expect(await indicatorCells(reporter, promotion.level3)).toEqual([
      '产出指标',
      '数量指标',
      promotion.level3,
      `${promotion.target}场`,
      `${early.promotion}场`,
      String(promotion.points),
      printed(earlyScore.promotion),
    ]);
    await expect(rowScore(reporter, '目标得分')).resolves.toBe(printed(earlyScore.briefing + earlyScore.promotion));
    await shot(reporter, 'journey-report-as-of.png');

    // Both reports are listed, the as-of one with its date.
    const reports = (await stack.api.request('GET', `${D}/years/${YEAR}/reports`)).body as { asOf: string | null }[];
    expect(reports.map((r) => r.asOf ?? end).sort()).toEqual([BEFORE_REVISION, end]);
    expect(await js<string>(reporter, 'document.querySelector("main").innerText')).not.toMatch(/undefined|NaN/);
    await reporter.close();
    expect(stack.pageErrors).toEqual([]);
  }, 150_000);
});
