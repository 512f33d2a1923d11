import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * The web app's start loads no module one import level after another: index.html preloads the
 * modules main.js imports statically (the shell), and early.js preloads the opened page's modules
 * from js/page-modules.js. Both lists are written ahead (by hand, and by
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

/** js/page-modules.js's lists, read as data (the file is one exported object literal). */
function listedPageModules(): Record<string, string[]> {
  const source = readFileSync(join(WEB, 'js/page-modules.js'), 'utf8');
  const literal = /export const PAGE_MODULES = (\{[\s\S]*\});/.exec(source)?.[1];
  if (!literal) throw new Error('js/page-modules.js has no PAGE_MODULES literal');
  return JSON.parse(
    literal
      .replace(/'/g, '"')
      .replace(/,(\s*[\]}])/g, '$1')
      .replace(/(\w+):/g, '"$1":'),
  ) as Record<string, string[]>;
}

describe('the web shell', () => {
  it('index.html preloads exactly the modules main.js imports statically', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\/js\/([^"]+)"/g)].map((m) => m[1]).sort();
    const shell = shellOf('main.js');
    expect(shell).toContain('api.js');
    expect(shell).toContain('early.js');
    expect(preloaded).toEqual(shell);
  });

  it('runs early.js on its own, before main.js', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script ([^>]*)><\/script>/g)].map((m) => m[1]);
    expect(scripts).toEqual(['type="module" src="/js/early.js" async', 'type="module" src="/js/main.js"']);
  });

  it('loads no page but the sign-in page before the first route', () => {
    expect(shellOf('main.js').filter((file) => file.startsWith('pages/'))).toEqual(['pages/signin.js']);
  });

  it('lists each page’s modules beyond the shell for early.js (node scripts/web-page-modules.mjs writes them)', () => {
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
