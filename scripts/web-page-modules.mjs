// Writes apps/web/js/page-modules.js: for each page, the modules it imports (at any depth) that
// the shell (main.js and what it imports) does not, so that early.js can preload a page's whole
// module graph at once instead of one import level after another.
// Run after changing a page's imports: `node scripts/web-page-modules.mjs`
// (apps/api/test/web-shell.spec.ts fails while the file is out of date).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const JS = join(ROOT, 'apps/web/js');
const OUT = join(JS, 'page-modules.js');

/** The modules a file imports statically (paths relative to apps/web/js). */
function staticImports(file) {
  const source = readFileSync(join(JS, file), 'utf8');
  return [...source.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm)].map((m) =>
    posix.normalize(posix.join(posix.dirname(file), m[1])),
  );
}

/** A file and everything it imports statically, at any depth. */
function graphOf(entry) {
  const seen = new Set();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...staticImports(file));
  }
  return seen;
}

const shell = graphOf('main.js');
const pages = readdirSync(join(JS, 'pages'))
  .filter((name) => name.endsWith('.js') && name !== 'signin.js')
  .map((name) => name.replace(/\.js$/, ''))
  .sort();
const modules = Object.fromEntries(
  pages.map((page) => [
    page,
    [...graphOf(`pages/${page}.js`)]
      .filter((file) => !shell.has(file))
      .sort()
      .map((file) => `/js/${file}`),
  ]),
);

const source = `// @ts-check
// Written by scripts/web-page-modules.mjs from the pages' static imports; do not edit by hand
// (apps/api/test/web-shell.spec.ts fails when it is out of date). Each page's modules beyond the
// shell's, which early.js preloads when the address opens that page.

/** @type {Record<import('./routes.js').PageName, string[]>} */
export const PAGE_MODULES = ${JSON.stringify(modules)};
`;
const options = (await prettier.resolveConfig(OUT)) ?? {};
writeFileSync(OUT, await prettier.format(source, { ...options, filepath: OUT }));
console.log(`wrote ${OUT.slice(ROOT.length + 1)}: ${pages.map((p) => `${p} ${modules[p].length}`).join(', ')}`);
