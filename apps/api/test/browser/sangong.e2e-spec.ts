import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEPARTMENT, startBrowserStack, type BrowserStack } from './browser-harness';

/**
 * Issue 14's dashboard panel in Chromium: the 三公 figures come from the server's view of the
 * records (GET …/years/:y/sangong), the as-of date of the page included, never from the plan.
 */
let stack: BrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack();
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 30_000);

describe('the dashboard’s 三公 panel', () => {
  it('shows the 2023 records’ sums against the budgets, and nothing spent as of 30 June', async () => {
    const page = await stack.signIn('leader', `/${DEPARTMENT}/2023/dashboard`);
    const panel = page.locator('[data-testid="sangong-panel"]');
    await panel.waitFor({ timeout: 30_000 });
    const text = await panel.innerText();
    expect(text).toContain('23.88');
    expect(text).toContain('10.55');
    expect(text).toContain('3 个团组，4 人次');
    expect(text).toContain('38 批次，386 人次；其中外事接待 31 批次，327 人次');
    expect(text).toContain('保有量 5 辆');
    expect(text).not.toMatch(/tripsAbroad|receptions|summary/);

    await page.goto(`${stack.api.baseUrl}/#/${DEPARTMENT}/2023/dashboard?asOf=2023-06-30`);
    await page.locator('[data-testid="sangong-panel"]', { hasText: '截至 2023-06-30' }).waitFor({ timeout: 30_000 });
    const june = await page.locator('[data-testid="sangong-panel"] tr.total').innerText();
    expect(june).toContain('23.88');
    expect(june).toContain('0.00');
    expect(stack.pageErrors).toEqual([]);
  }, 120_000);
});
