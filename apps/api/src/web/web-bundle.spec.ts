import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { bundleWebApp } from './web-bundle';
import { webPublicDir } from './static';

/** `from './x.js'` or `import('./x.js')`; not a JSDoc type's `{import('./types.js').X}`, which the bundle keeps. */
const IMPORT_OF_A_FILE = /\bfrom\s+["']\.|(?<!\{)import\(["']\./;

describe('bundleWebApp', () => {
  it('makes one script of the entry, what it imports and what it imports when a page opens, texts in UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-bundle-'));
    mkdirSync(join(dir, 'js/pages'), { recursive: true });
    writeFileSync(
      join(dir, 'js/main.js'),
      "import { say } from './say.js';\nsay();\nexport const open = () => import('./pages/dashboard.js');\n",
    );
    writeFileSync(join(dir, 'js/say.js'), "export const say = () => console.log('进度总览');\n");
    writeFileSync(join(dir, 'js/pages/dashboard.js'), "export const title = '年度重点工作进度';\n");
    const bundle = bundleWebApp(dir).toString('utf8');
    expect(bundle).toContain('进度总览');
    expect(bundle).toContain('年度重点工作进度');
    // Nothing left to fetch: no import of a file, static or dynamic.
    expect(bundle).not.toMatch(IMPORT_OF_A_FILE);
  });

  it("bundles the app's own modules", () => {
    const bundle = bundleWebApp(webPublicDir()).toString('utf8');
    expect(bundle).toContain('dashboard:first-figure');
    expect(bundle).toContain('年度重点工作进度');
    expect(bundle).not.toMatch(IMPORT_OF_A_FILE);
  });

  it('fails loudly on a module that does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-bundle-'));
    mkdirSync(join(dir, 'js'), { recursive: true });
    writeFileSync(join(dir, 'js/main.js'), 'export const = 1;\n');
    expect(() => bundleWebApp(dir)).toThrow();
  });
});
