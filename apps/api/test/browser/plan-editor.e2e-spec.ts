import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { until } from '@app/testing';
import { shot, startBrowserStack, type BrowserStack } from './browser-harness';

/**
 * Issue 16's plan editor in Chromium, on a department of its own (created here with its own
 * categories, not the Wuhan office): a reporter defines measures, a key-work target and a weighted
 * indicator, revises the target mid-year with a reason, enters a measurement and a deduction, and
 * watches the score preview follow; the API's field errors show beside the fields; a change made
 * meanwhile in a second session gives the first the conflict message and its reload; a leader
 * reads the page without a control; the page fits 360 px; the plan starts the next year.
 */

let stack: BrowserStack;
const CODE = 'test-drc';
const NAME = '某区发展和改革局';
const YEAR = 2023;
const D = `/api/departments/${CODE}`;
const PHONE = { viewport: { width: 360, height: 780 } };
const AXE = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

const base = () => stack.api.baseUrl;
const js = <T>(p: Page, expression: string) => p.evaluate(expression) as Promise<T>;
const plansPath = (year = YEAR, query = '') => `/${CODE}/${year}/plans${query}`;
const password = (username: string) => `password-of-${username}`;

beforeAll(async () => {
  stack = await startBrowserStack();
  const api = stack.api;
  expect((await api.request('POST', '/api/departments', { code: CODE, name: NAME, catalog: null })).status).toBe(201);
  const briefing = {
    label: '政策宣讲会',
    attributes: [
      { name: 'participants', label: '参与人数', type: 'integer' },
      { name: 'level', label: '层级', type: 'enum', options: { district: '区级', street: '街道级' } },
    ],
  };
  expect((await api.request('PUT', `${D}/categories/briefing`, briefing)).status).toBe(200);
  const visit = { label: '企业走访', attributes: [{ name: 'companies', label: '走访企业数', type: 'integer' }] };
  expect((await api.request('PUT', `${D}/categories/company-visit`, visit)).status).toBe(200);
  for (const [occurredOn, level] of [
    ['2023-03-08', 'district'],
    ['2023-05-16', 'street'],
  ]) {
    const body = {
      category: 'briefing',
      title: `优化营商环境政策宣讲 ${occurredOn}`,
      occurredOn,
      role: '主办',
      attributes: { participants: 60, level },
    };
    expect((await api.request('POST', `${D}/activities`, body)).status).toBe(201);
  }
  for (const [username, displayName, role] of [
    ['drc-reporter', '陈报表', 'reporter'],
    ['drc-reporter-two', '周统计', 'reporter'],
    ['drc-leader', '刘局长', 'leader'],
  ]) {
    const user = { username, password: password(username), displayName, roles: [{ department: CODE, role }] };
    expect((await api.request('POST', '/api/users', user)).status).toBe(201);
  }
  await until(
    'the department projected',
    async () => ((await api.request('GET', '/api/departments')).body as { code: string }[]).some((d) => d.code === CODE),
    20_000,
  );
}, 180_000);

afterAll(async () => {
  await stack?.close();
}, 30_000);

/** Signs a user of the department in through the sign-in page, onto its plans page. */
async function signIn(username: string, options = {}): Promise<Page> {
  const page = await stack.newPage(options);
  await page.goto(`${base()}/#${plansPath()}`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password(username));
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-testid="department-name"]').waitFor();
  await page.locator('[data-page="plans"] .plan-content > *').first().waitFor();
  return page;
}

const form = (p: Page) => p.locator('dialog[open] form.plan-form');
const field = (p: Page, path: string) => form(p).locator(`[data-field="${path}"]`);
const fill = (p: Page, path: string, value: string) => field(p, path).locator('input, textarea').first().fill(value);
const choose = (p: Page, path: string, label: string) => field(p, path).locator('select').selectOption({ label });
const chip = (p: Page, label: string) => p.locator('.chips [role="tab"]', { hasText: label }).click();
const total = (p: Page) => p.locator('[data-testid="preview-department-total"]');

/** Waits until the element shows the text. */
const contains = (locator: Locator, text: string) => locator.filter({ hasText: text }).first().waitFor();

/** Saves the open form and waits for it to close. */
async function save(p: Page): Promise<void> {
  await form(p).locator('[data-testid="plan-submit"]').click();
  await form(p).waitFor({ state: 'detached' });
}

/** Waits until the preview's department total reads `value`. */
async function totalIs(p: Page, value: string): Promise<void> {
  await until(
    'the preview total',
    async () => ((await total(p).textContent()) ?? '') === value,
    20_000,
    () => `not ${value}`,
  );
}

/** The text of the page and of its open dialogs. */
const visibleText = (p: Page) =>
  js<string>(
    p,
    `[document.querySelector('main'), ...document.querySelectorAll('dialog[open]')].map((e) => e?.innerText ?? '').join('\\n')`,
  );

/** Whether the page (and every open dialog) fits the window's width. */
async function expectFits(p: Page, what: string): Promise<void> {
  const f = await js<{ page: number; width: number; dialogs: number }>(
    p,
    `({ page: document.documentElement.scrollWidth, width: innerWidth,
        dialogs: [...document.querySelectorAll('dialog[open]')].filter((d) => d.scrollWidth > d.clientWidth + 1 || d.getBoundingClientRect().right > innerWidth + 1).length })`,
  );
  expect({ what, overflows: f.page > f.width, dialogs: f.dialogs }).toEqual({ what, overflows: false, dialogs: 0 });
}

async function planOf(year = YEAR) {
  return (await stack.api.request('GET', `${D}/years/${year}/plan`)).body;
}

describe('the plan editor', () => {
  let reporter: Page;

  it('defines measures, a key-work target and a weighted indicator; the preview scores them', async () => {
    reporter = await signIn('drc-reporter');
    await expect(reporter.locator('.plan-edit').count()).resolves.toBeGreaterThan(0);
    await totalIs(reporter, '0');

    // 指标: two counted from the department's own categories, one entered by hand.
    await chip(reporter, '指标');
    await reporter.getByRole('button', { name: '定义指标' }).click();
    await fill(reporter, 'measure.name', '政策宣讲场次');
    await choose(reporter, 'measure.category', '政策宣讲会');
    await fill(reporter, 'measure.unit', '场');
    await save(reporter);
    await reporter.getByRole('button', { name: '定义指标' }).click();
    await fill(reporter, 'measure.name', '区级宣讲场次');
    await choose(reporter, 'measure.category', '政策宣讲会');
    await field(reporter, 'measure.where').getByLabel('区级').check();
    await fill(reporter, 'measure.unit', '场');
    await save(reporter);
    await reporter.getByRole('button', { name: '定义指标' }).click();
    await fill(reporter, 'measure.name', '企业满意度');
    await choose(reporter, 'measure.kind', '人工填报（如满意度、知晓率）');
    await expect(field(reporter, 'measure.category').isHidden()).resolves.toBe(true);
    await choose(reporter, 'measure.valueType', '比率（%）');
    await fill(reporter, 'measure.unit', '%');
    await save(reporter);
    await reporter.locator('.measures-table tbody tr', { hasText: '企业满意度' }).waitFor();
    await expect(reporter.locator('.measures-table').textContent()).resolves.toContain('政策宣讲会 · 活动数量（层级：区级）');

    // 重点工作 1 with a milestone and a target.
    await chip(reporter, '重点工作');
    await reporter.getByRole('button', { name: '新增重点工作' }).click();
    await fill(reporter, 'item.matter', '开展惠企政策宣讲');
    await fill(reporter, 'item.content', '全年开展惠企政策宣讲 4 场以上，编印政策汇编');
    await form(reporter).locator('[data-testid="add-milestone"]').click();
    await field(reporter, 'item.milestones').locator('input').first().fill('编印惠企政策汇编');
    await save(reporter);
    const item = reporter.locator('.plan-item[data-item="1"]');
    await item.getByText('编印惠企政策汇编').waitFor();
    await item.getByRole('button', { name: '新增目标' }).click();
    await choose(reporter, 'target.measure', '政策宣讲场次');
    await fill(reporter, 'target.value', '4');
    await expect(field(reporter, 'target.points').isHidden()).resolves.toBe(true);
    await save(reporter);
    await item.locator('tr[data-target]', { hasText: '≥4场' }).waitFor();

    // 部门整体绩效目标 1 (40 分) with an indicator of its own 分值.
    await chip(reporter, '部门整体绩效目标');
    await reporter.getByRole('button', { name: '新增绩效目标' }).click();
    await fill(reporter, 'goal.text', '落实惠企政策，优化营商环境');
    await fill(reporter, 'goal.points', '40');
    await save(reporter);
    const goal = reporter.locator('.goal[data-goal="1"]');
    await goal.getByRole('button', { name: '新增指标' }).click();
    await choose(reporter, 'target.measure', '政策宣讲场次');
    await fill(reporter, 'target.value', '4');
    const labels = field(reporter, 'target.labels').locator('input');
    await labels.nth(0).fill('产出指标');
    await labels.nth(1).fill('数量指标');
    await labels.nth(2).fill('惠企政策宣讲场次');
    await fill(reporter, 'target.points', '30');
    await save(reporter);
    await goal.locator('tr[data-target]', { hasText: '惠企政策宣讲场次' }).waitFor();
    // 30 × 2/4: two briefings of four.
    await totalIs(reporter, '15');
  }, 120_000);

  it('shows the API’s field errors beside the fields, in Chinese', async () => {
    await reporter.locator('.goal[data-goal="1"]').getByRole('button', { name: '记录扣分' }).click();
    await fill(reporter, 'adjustment.points', '150');
    await fill(reporter, 'adjustment.reason', '宣讲资料归档不完整');
    await form(reporter).locator('[data-testid="plan-submit"]').click();
    await field(reporter, 'adjustment.points').locator('.field-error', { hasText: '扣分须大于 0，且不超过 100' }).waitFor();
    expect(await form(reporter).locator('.field-error:not(:empty)').count()).toBe(1);
    await reporter.keyboard.press('Escape');

    // The form's own check: a revision needs its reason.
    await reporter.locator('.goal[data-goal="1"] tr[data-target]').getByRole('button', { name: '调整' }).click();
    await fill(reporter, 'value', '2');
    await form(reporter).locator('[data-testid="plan-submit"]').click();
    await field(reporter, 'reason').locator('.field-error', { hasText: '必填' }).waitFor();
    await reporter.keyboard.press('Escape');
  }, 60_000);

  it('revises the indicator mid-year with a reason, enters a measurement and a deduction; the preview follows', async () => {
    const row = reporter.locator('.goal[data-goal="1"] tr[data-target]');
    await row.getByRole('button', { name: '调整' }).click();
    await fill(reporter, 'value', '2');
    await fill(reporter, 'reason', '年中调整宣讲计划，改为集中宣讲');
    await fill(reporter, 'effectiveFrom', `${YEAR}-07-01`);
    await save(reporter);
    await contains(row, '≥2场（原 4）');
    await contains(row, '由 4 调整为 2：年中调整宣讲计划，改为集中宣讲');
    await contains(row, `自 ${YEAR}-07-01 起适用`);
    // The revision applies from July: as of today (15 November) two briefings meet it.
    await totalIs(reporter, '30');

    await chip(reporter, '填报数值与扣分');
    await reporter.getByRole('button', { name: '录入填报数值' }).click();
    await choose(reporter, 'measure', '企业满意度');
    await fill(reporter, 'value', '96');
    await fill(reporter, 'measuredOn', `${YEAR}-10-31`);
    await fill(reporter, 'note', '问卷调查 120 份');
    await save(reporter);
    await reporter.locator('.plan-content table', { hasText: '问卷调查 120 份' }).waitFor();

    await reporter.getByRole('button', { name: '记录扣分' }).click();
    await choose(reporter, 'adjustment.scope', '部门整体绩效目标 1');
    await fill(reporter, 'adjustment.points', '2');
    await fill(reporter, 'adjustment.reason', '宣讲资料归档不完整');
    await save(reporter);
    await reporter.locator('.deductions-table tbody tr', { hasText: '宣讲资料归档不完整' }).waitFor();
    await totalIs(reporter, '28');
    await contains(reporter.locator('[data-testid="preview-department"]'), '扣分 2');

    const plan = await planOf();
    const indicator = plan.targets.find((t: { points: number | null }) => t.points === 30);
    expect(indicator).toMatchObject({
      value: 2,
      original: 4,
      labels: { level1: '产出指标', level2: '数量指标', level3: '惠企政策宣讲场次' },
    });
    expect(indicator.revisions).toEqual([
      expect.objectContaining({ reason: '年中调整宣讲计划，改为集中宣讲', effectiveFrom: `${YEAR}-07-01` }),
    ]);
    expect(plan.measures.find((m: { name: string }) => m.name === '区级宣讲场次').where).toEqual({ level: ['district'] });

    // No code, id or English word on the page.
    const text = await visibleText(reporter);
    const codes = [...plan.targets.map((t: { id: string }) => t.id), ...plan.measures.map((m: { code: string }) => m.code)];
    expect(codes.filter((c: string) => text.includes(c))).toEqual([]);
    expect(text.match(/[A-Za-z]{3,}/g)).toBeNull();
    await shot(reporter, 'plan-editor.png');
  }, 90_000);

  it('tells the first session, when a second changed the plan meanwhile, and reloads', async () => {
    await chip(reporter, '预算与“三公”');
    await reporter.locator('tr', { hasText: '部门整体' }).getByRole('button', { name: '设定' }).click();
    await fill(reporter, 'budget.initial', '500');
    await fill(reporter, 'budget.adjusted', '500');
    await fill(reporter, 'budget.executed', '450');

    // Meanwhile a colleague sets a 三公 budget in a session of their own.
    const colleague = await signIn('drc-reporter-two');
    await chip(colleague, '预算与“三公”');
    await colleague.locator('tr[data-sangong="receptions"]').getByRole('button', { name: '设定' }).click();
    await fill(colleague, 'line.budget', '3.5');
    await fill(colleague, 'line.perPersonStandard', '150');
    await save(colleague);

    await form(reporter).locator('[data-testid="plan-submit"]').click();
    const conflict = form(reporter).locator('[data-testid="plan-conflict"]');
    await contains(conflict, '计划已被他人修改，请刷新后重试');
    await shot(reporter, 'plan-editor-conflict.png');
    await conflict.getByRole('button', { name: '刷新' }).click();
    await form(reporter).waitFor({ state: 'detached' });
    await contains(reporter.locator('tr[data-sangong="receptions"]'), '3.50');
    // Nothing of the stale form was written; done again on the new version, it is.
    expect((await planOf()).budgets.department).toBeNull();
    await reporter.locator('tr', { hasText: '部门整体' }).getByRole('button', { name: '设定' }).click();
    await fill(reporter, 'budget.initial', '500');
    await fill(reporter, 'budget.adjusted', '500');
    await fill(reporter, 'budget.executed', '450');
    await save(reporter);
    // 20 × 450/500 = 18 more.
    await totalIs(reporter, '46');
  }, 90_000);

  it('shows a leader the plan and the preview without a control', async () => {
    const leader = await signIn('drc-leader');
    await leader.locator('.plan-item[data-item="1"]').waitFor();
    await totalIs(leader, '46');
    await chip(leader, '部门整体绩效目标');
    await leader.locator('.goal[data-goal="1"] tr[data-target]').waitFor();
    await expect(leader.locator('.plan-edit').count()).resolves.toBe(0);
    await expect(leader.locator('[data-testid="copy-next-year"]').count()).resolves.toBe(0);
    for (const section of ['指标', '预算与“三公”', '填报数值与扣分', '偏差分析']) {
      await chip(leader, section);
      await expect(leader.locator('.plan-content button:not(.link-button), .plan-edit').count()).resolves.toBe(0);
    }
  }, 60_000);

  it('has no serious or critical axe-core violation, the editor and a form open', async () => {
    // The page's CSP is bypassed for the injected script only.
    const checked = await signIn('drc-reporter', { bypassCSP: true });
    const violations = async () => {
      await checked.addScriptTag({ content: AXE });
      const result = await js<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>(
        checked,
        `axe.run({ resultTypes: ['violations'] })`,
      );
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    };
    await chip(checked, '部门整体绩效目标');
    await checked.locator('.goal[data-goal="1"] tr[data-target]').waitFor();
    expect(await violations()).toEqual([]);
    await checked.locator('.goal[data-goal="1"]').getByRole('button', { name: '新增指标' }).click();
    await form(checked).waitFor();
    expect(await violations()).toEqual([]);
    await checked.close();
  }, 60_000);

  it('fits 360 px, with a form open', async () => {
    const phone = await signIn('drc-reporter', PHONE);
    await expectFits(phone, 'plans');
    await chip(phone, '部门整体绩效目标');
    await phone.locator('.goal[data-goal="1"] tr[data-target]').waitFor();
    await expectFits(phone, 'goals');
    await phone.locator('.goal[data-goal="1"]').getByRole('button', { name: '新增指标' }).click();
    await form(phone).waitFor();
    await expectFits(phone, 'indicator form');
    await shot(phone, 'phone-plan-editor.png');
    await phone.keyboard.press('Escape');
    await chip(phone, '偏差分析');
    await phone.getByRole('button', { name: '填写' }).first().click();
    await fill(phone, 'text', '全年宣讲场次按调整后的计划完成，满意度达到预期。');
    await save(phone);
    await phone.locator('.analysis', { hasText: '全年宣讲场次按调整后的计划完成' }).waitFor();
    await expectFits(phone, 'analysis');
  }, 60_000);

  it('starts the next year from this one; carried-over targets are confirmed there', async () => {
    await reporter.locator('[data-testid="copy-next-year"]').click();
    await reporter.locator('[data-testid="confirm-copy"]').click();
    await until('the next year open', async () => (await js<string>(reporter, 'location.hash')).includes(`/${YEAR + 1}/plans`), 15_000);
    await reporter.locator('[data-testid="plan-notice"]').getByText(`本年度计划由 ${YEAR} 年度计划生成`).waitFor({ timeout: 20_000 });
    const item = reporter.locator('.plan-item[data-item="1"]');
    await item.locator('[data-testid="carried-over"]').waitFor();
    await item.getByRole('button', { name: '确认' }).click();
    await fill(reporter, 'value', '6');
    await save(reporter);
    await contains(item.locator('tr[data-target]'), '≥6场');
    await expect(item.locator('[data-testid="carried-over"]').count()).resolves.toBe(0);
    const next = await planOf(YEAR + 1);
    expect(next.copiedFrom).toBe(YEAR);
    expect(next.budgets.department).toBeNull();
    expect(stack.pageErrors).toEqual([]);
  }, 60_000);
});
