import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ARTIFACTS, DEPARTMENT, shot, startBrowserStack, type BrowserStack } from './browser-harness';

/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against the real api
 * on a test database with the office's 2023 year (browser-harness.ts). Run scripts/install-browser.sh
 * once to get Chromium and CJK fonts.
 */

let stack: BrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack();
}, 90_000);

afterAll(async () => {
  await stack?.close();
}, 30_000);

const signIn: BrowserStack['signIn'] = (who, path, options) => stack.signIn(who, path, options);
const actingAs: BrowserStack['actingAs'] = (who) => stack.actingAs(who);

const homeFigure = (page: Page) => page.locator('[data-measure="home-in-wuhan"] .figure-actual').first();
/** Waits until the figure reads `value` (a locator: the pages' CSP forbids eval, so no string predicates). */
const homeFigureBecomes = (page: Page, value: string) =>
  page
    .locator('[data-measure="home-in-wuhan"] .figure-actual')
    .filter({ hasText: new RegExp(`^${value}$`) })
    .first()
    .waitFor({ timeout: 15_000 });

describe('web app', () => {
  let leader: Page;

  it('shows a staff member’s new activity on a leader’s dashboard without a reload', async () => {
    leader = await signIn('leader', `/${DEPARTMENT}/2023/dashboard`);
    await expect(leader.locator('[data-testid="department-name"]').textContent()).resolves.toBe('中共武汉市委外事工作委员会办公室');
    await leader.locator('[data-testid="live-status"][data-state="live"]').waitFor();
    await expect(homeFigure(leader).textContent()).resolves.toBe('6');
    await expect(leader.locator('.group-title').first().textContent()).resolves.toMatch(/^重点工作/);
    await leader.evaluate('window.__sameDocument = true');

    const staff = await signIn('staff', `/${DEPARTMENT}/2023/activities`);
    await staff.locator('[data-testid="new-activity"]').click();
    const form = staff.locator('form.activity-form');
    await form.locator('#f-category').selectOption('home-in-wuhan');
    await form.locator('#f-attr-participants').waitFor();
    // Validation messages stand beside their fields.
    await form.locator('[data-testid="submit-activity"]').click();
    await expect(form.locator('[data-field="title"] .field-error').textContent()).resolves.toBe('必填');
    await expect(form.locator('[data-field="role"] .field-error').textContent()).resolves.toBe('必填');
    await form.locator('#f-title').fill('举办“家在武汉”中秋文化体验活动（浏览器测试）');
    await form.locator('#f-occurredOn').fill('2023-09-28');
    await form.locator('#f-role').selectOption('主办');
    await form.locator('#f-attr-participants').fill('-3');
    await form.locator('[data-testid="submit-activity"]').click();
    await form.locator('[data-field="attributes.participants"] .field-error', { hasText: '整数' }).waitFor();
    await shot(staff, 'activity-form-errors.png');
    await form.locator('#f-attr-participants').fill('60');
    // The API's 400 reasons land beside the fields they name (one answer faked, to reach the mapping).
    let faked = false;
    await staff.route(`**/api/departments/${DEPARTMENT}/activities`, async (route) => {
      if (route.request().method() !== 'POST' || faked) return route.continue();
      faked = true;
      await route.fulfill({
        status: 400,
        json: {
          statusCode: 400,
          error: 'VALIDATION.FAILED',
          errors: [
            { field: 'occurredOn', reason: 'must be an existing calendar date YYYY-MM-DD' },
            { field: 'alsoCountsFor', reason: 'must be a list of at most 20 measure codes' },
          ],
        },
      });
    });
    await form.locator('[data-testid="submit-activity"]').click();
    // The answer arrives asynchronously: wait for it before reading the messages.
    await form.locator('[data-field="occurredOn"] .field-error', { hasText: '请填写有效日期' }).waitFor();
    await expect(form.locator('[data-field="occurredOn"] .field-error').textContent()).resolves.toBe('请填写有效日期（年-月-日）');
    await expect(form.locator('[data-field="alsoCountsFor"] .field-error').textContent()).resolves.toBe('指标选择有误');
    await expect(form.locator('details.more').getAttribute('open')).resolves.not.toBeNull();
    await form.locator('[data-testid="submit-activity"]').click();
    await form.waitFor({ state: 'detached' });
    await staff.locator('[data-testid="recent"]').getByText('中秋文化体验活动（浏览器测试）').waitFor();
    // The log, filtered by text, shows it once the projection has it.
    await staff.locator('[data-testid="filter-q"]').fill('中秋文化体验');
    await staff.locator('[data-testid="activity-total"]', { hasText: /^共 1 项$/ }).waitFor();
    await staff.locator('[data-testid="activity-table"]').getByText('中秋文化体验活动（浏览器测试）').waitFor();
    await expect(staff.locator('[data-testid="activity-table"] tbody tr').count()).resolves.toBe(1);

    // The leader's figure follows, pushed over SSE: same document, no navigation.
    await homeFigureBecomes(leader, '7');
    await expect(leader.evaluate('window.__sameDocument')).resolves.toBe(true);

    // Drill-down: the activities behind the figure.
    await homeFigure(leader).click();
    const drill = leader.locator('dialog.dialog');
    await drill.getByText('中秋文化体验活动（浏览器测试）').waitFor();
    await expect(drill.locator('table.drill-table tbody tr').count()).resolves.toBe(7);
    await drill.getByRole('button', { name: '关闭' }).click();

    // Withdrawing with a stale version: a clear 409 message, then a reload and a withdrawal that holds.
    const row = staff.locator('[data-testid="activity-table"] tr', { hasText: '中秋文化体验活动（浏览器测试）' });
    const id = await row.getAttribute('data-id');
    await row.getByRole('link').click();
    const detail = staff.locator('dialog.dialog .activity-detail');
    await detail.locator('[data-testid="withdraw"]').waitFor();
    const amended = await stack.api.request(
      'PATCH',
      `/api/departments/${DEPARTMENT}/activities/${id}`,
      { notes: '另一位同事补充的说明' },
      { ...(await actingAs('staff')), 'If-Match': '"1"' },
    );
    expect(amended.status).toBe(200);
    await detail.locator('[data-testid="withdraw"]').click();
    await staff.locator('#f-reason').fill('与另一条记录重复');
    await staff.locator('[data-testid="confirm-reason"]').click();
    await detail.locator('[data-testid="activity-message"]', { hasText: '已被他人修改' }).waitFor();
    await shot(staff, 'activity-conflict.png');
    await detail.getByRole('button', { name: '重新加载最新版本' }).click();
    await detail.getByText('另一位同事补充的说明', { exact: true }).waitFor();
    await detail.locator('[data-testid="withdraw"]').click();
    await staff.locator('#f-reason').fill('与另一条记录重复');
    await staff.locator('[data-testid="confirm-reason"]').click();
    await detail.locator('[data-testid="restore"]').waitFor();
    await homeFigureBecomes(leader, '6');

    // The auditor sees who changed what and when.
    const auditor = await signIn('auditor', `/${DEPARTMENT}/2023/activities?status=all&q=${encodeURIComponent('中秋文化体验')}`);
    await auditor
      .locator('[data-testid="activity-table"]')
      .getByRole('link', { name: /中秋文化体验活动/ })
      .click();
    const history = auditor.locator('dialog.dialog [data-testid="history"]');
    await history.locator('tbody tr').nth(2).waitFor();
    await expect(history.locator('tbody tr').count()).resolves.toBe(3);
    await expect(history.textContent()).resolves.toContain('另一位同事补充的说明');
    await expect(history.textContent()).resolves.toContain('原因：与另一条记录重复');
    await shot(auditor, 'activity-history.png');

    // 截至日期: as of the end of March several targets lag the pace of the year.
    await leader.locator('#as-of').fill('2023-03-31');
    await leader.locator('#as-of').dispatchEvent('change');
    await leader.locator('[data-testid="lagging"]').first().waitFor();
    await expect(homeFigure(leader).textContent()).resolves.toBe('2');
  }, 60_000);

  it('builds the year-end report in the queue and downloads it as XLSX', async () => {
    const reporter = await signIn('reporter', `/${DEPARTMENT}/2023/reports`);
    await reporter.locator('[data-testid="request-report"]').click();
    await reporter.locator('[data-testid="job-state"]', { hasText: '已完成' }).waitFor({ timeout: 40_000 });
    const preview = reporter.locator('[data-testid="report-preview"]');
    await preview.getByRole('heading', { name: '2023年重点工作完成情况' }).waitFor();
    await expect(preview.locator('[data-testid="key-work-table"] tbody tr').count()).resolves.toBe(10);
    await expect(preview.getByText('“三公”经费支出决算表').first().isVisible()).resolves.toBe(true);

    await shot(reporter, 'report-preview.png');
    const [download] = await Promise.all([
      reporter.waitForEvent('download'),
      reporter.locator('[data-testid="download-xlsx"]').first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^report-wh-fao-2023-.+\.xlsx$/);
    const file = join(ARTIFACTS, 'report-wh-fao-2023.xlsx');
    await download.saveAs(file);
    expect(statSync(file).size).toBeGreaterThan(1000);
    expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
  }, 60_000);

  it('shows the plans with their revisions, and the revised target on the dashboard', async () => {
    // 预算调整 by the reporter: key work 6 goes from ≥4 to ≥10, so the 6 done now lag the pace.
    const reporter = await actingAs('reporter');
    const plan = await stack.api.request('GET', `/api/departments/${DEPARTMENT}/years/2023/plan`, undefined, reporter);
    const target = plan.body.targets.find(
      (t: { measure: string; plan: { kind: string } }) => t.measure === 'home-in-wuhan' && t.plan.kind === 'key-work',
    );
    const revised = await stack.api.request(
      'POST',
      `/api/departments/${DEPARTMENT}/years/2023/plan/changes`,
      { kind: 'revise-target', change: { targetId: target.id, value: 10, reason: '年中调整（浏览器测试）' } },
      reporter,
    );
    expect(revised.status).toBe(201);

    await leader.goto(`${stack.api.baseUrl}/#/${DEPARTMENT}/2023/dashboard`);
    const card = leader.locator(`[data-target="${target.id}"]`);
    await card.locator('.revised').waitFor();
    await expect(card.textContent()).resolves.toContain('原目标 4');
    await card.locator('[data-testid="lagging"]').waitFor();

    await leader.goto(`${stack.api.baseUrl}/#/${DEPARTMENT}/2023/plans`);
    await leader.locator('.plan-item[data-item="1"]').waitFor();
    await expect(leader.locator('.plan-item').count()).resolves.toBe(10);
    const row = leader.locator(`.plan-item[data-item="6"] tr[data-target="${target.id}"]`);
    await expect(row.textContent()).resolves.toMatch(/≥10场（原 4）.*由 4 调整为 10：年中调整（浏览器测试）/);
    await leader.getByRole('tab', { name: '部门整体绩效目标' }).click();
    await leader.getByText('一级指标').first().waitFor();
    await shot(leader, 'plans.png');
  }, 30_000);

  it('saves a screenshot of the wh-fao 2023 dashboard', async () => {
    await leader.goto(`${stack.api.baseUrl}/#/${DEPARTMENT}/2023/dashboard`);
    // An expired or broken access token: the page refreshes it once and carries on.
    const broken = 'not-a-valid-token';
    await leader.evaluate(
      `(() => { const s = JSON.parse(localStorage.getItem('keywork.session')); s.accessToken = '${broken}'; localStorage.setItem('keywork.session', JSON.stringify(s)); })()`,
    );
    await leader.reload();
    await homeFigure(leader).waitFor();
    await leader.locator('svg.chart').waitFor();
    await leader.locator('[data-testid="live-status"][data-state="live"]').waitFor();
    await expect(leader.evaluate(`JSON.parse(localStorage.getItem('keywork.session')).accessToken`)).resolves.not.toBe(broken);
    await leader.waitForTimeout(300);
    await leader.screenshot({ path: join(ARTIFACTS, 'dashboard-wh-fao-2023.png'), fullPage: true });
    expect(statSync(join(ARTIFACTS, 'dashboard-wh-fao-2023.png')).size).toBeGreaterThan(10_000);
    expect(stack.pageErrors).toEqual([]);
  }, 30_000);
});
