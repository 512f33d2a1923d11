import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * The web app's start loads no module one import level after another: index.html preloads the
 * modules main.js imports statically (the shell), and its start script preloads the opened page's
 * modules from its page-modules block. Both lists are written ahead (by hand, and by
 * scripts/web-page-modules.mjs); this keeps them equal to the imports.
 */
const WEB = join(process.cwd(), 'apps/web');

function staticImports(file: string): string[] {
  const source = readFileSync(join(WEB, 'js', file), 'utf8');
  return [...source.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm)].map((m) => normalize(join(dirname(file), m[1])));
}

/** A file and everything it imports statically, at any depth. */
function graphOf(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...staticImports(file));
  }
  return seen;
}

function shellOf(entry: string): string[] {
  const seen = graphOf(entry);
  seen.delete(entry);
  return [...seen].sort();
}

/** index.html's page-modules block, which its start script reads. */
function listedPageModules(): Record<string, string[]> {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const block = /<script type="application\/json" id="page-modules">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!block) throw new Error('index.html has no page-modules block');
  return JSON.parse(block) as Record<string, string[]>;
}

describe('the web shell', () => {
  it('index.html preloads exactly the modules main.js imports statically', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\/js\/([^"]+)"/g)].map((m) => m[1]).sort();
    const shell = shellOf('main.js');
    expect(shell).toContain('api.js');
    expect(preloaded).toEqual(shell);
  });

  // A classic script after a stylesheet waits for it: the start script comes first.
  it('starts with the document: the page modules, the inline start script, then the stylesheet and main.js', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const tags = [...html.matchAll(/<(script\b[^>]*|link rel="stylesheet"[^>]*)>/g)].map((m) => m[1]);
    expect(tags).toEqual([
      'script type="application/json" id="page-modules"',
      'script',
      'link rel="stylesheet" href="/css/app.css" /',
      'script type="module" src="/js/main.js"',
    ]);
  });

  it('loads no page before the first route (the sign-in page only when it is shown)', () => {
    expect(shellOf('main.js').filter((file) => file.startsWith('pages/'))).toEqual([]);
  });

  it('lists each page’s modules beyond the shell for the start script (node scripts/web-page-modules.mjs writes them)', () => {
    const shell = graphOf('main.js');
    const pages = readdirSync(join(WEB, 'js/pages'))
      .filter((name) => name.endsWith('.js') && name !== 'signin.js')
      .map((name) => name.replace(/\.js$/, ''));
    const expected = Object.fromEntries(
      pages.map((page) => [
        page,
        [...graphOf(`pages/${page}.js`)]
          .filter((file) => !shell.has(file))
          .map((file) => `/js/${file}`)
          .sort(),
      ]),
    );
    expect(listedPageModules()).toEqual(expected);
    expect(expected.dashboard).toContain('/js/pages/dashboard.js');
  });
});
