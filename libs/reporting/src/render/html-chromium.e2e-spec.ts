import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { report2023 } from '../../test/fixtures-2023';
import { renderHtml } from './html';

/** The printable report in Debian's Chromium: it prints to an A4 PDF and every Chinese glyph has a font. */
const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-browser.sh`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('the year-end report as HTML in Chromium', () => {
  it('prints to a PDF and renders every character with a real font (no missing glyphs)', async () => {
    const page = await browser.newPage();
    await page.setContent(renderHtml(report2023()), { waitUntil: 'load' });
    await expect(page.locator('body')).toBeDefined();
    expect(await page.textContent('body')).toContain('重点工作完成情况');

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    mkdirSync(join(process.cwd(), 'test-artifacts'), { recursive: true });
    writeFileSync(join(process.cwd(), 'test-artifacts/report-wh-fao-2023.pdf'), pdf);
    await page.screenshot({ path: join(process.cwd(), 'test-artifacts/report-wh-fao-2023.png'), fullPage: false });

    // Chromium reports, per text node, which platform fonts drew how many glyphs. A character no
    // installed font covers would be drawn by a fallback with no CJK coverage or not at all.
    const session = await page.context().newCDPSession(page);
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = await session.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await session.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'h1, h2, th, td' });
    const families = new Set<string>();
    let glyphs = 0;
    for (const nodeId of nodeIds.slice(0, 400)) {
      const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const font of fonts) {
        families.add(font.familyName);
        glyphs += font.glyphCount;
      }
    }
    expect(glyphs).toBeGreaterThan(1000);
    expect([...families].some((f) => /Noto (Sans|Serif) CJK/.test(f))).toBe(true);
    expect([...families].filter((f) => /LastResort|Tofu/i.test(f))).toEqual([]);
    await page.close();
  });
});
