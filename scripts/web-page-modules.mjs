// Writes the page-modules block of apps/web/index.html: for each page, the modules it imports
// statically (at any depth) that the shell (main.js and what it imports) does not, so that the
// document's start script can preload a page's whole module graph at once instead of one import
// level after another.
// Run after changing a page's imports: `node scripts/web-page-modules.mjs`
// (apps/api/test/web-shell.spec.ts fails while the file is out of date).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const JS = join(ROOT, 'apps/web/js');
const OUT = join(ROOT, 'apps/web/index.html');
/** The block the start script reads; its JSON is replaced, the rest of index.html kept. */
const BLOCK = /(<script type="application\/json" id="page-modules">)[\s\S]*?(<\/script>)/;

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

const html = readFileSync(OUT, 'utf8');
if (!BLOCK.test(html)) throw new Error('apps/web/index.html has no <script type="application/json" id="page-modules"> block');
const written = html.replace(BLOCK, (_, open, close) => `${open}${JSON.stringify(modules)}${close}`);
const options = (await prettier.resolveConfig(OUT)) ?? {};
writeFileSync(OUT, await prettier.format(written, { ...options, filepath: OUT }));
console.log(`wrote the page modules of ${OUT.slice(ROOT.length + 1)}: ${pages.map((p) => `${p} ${modules[p].length}`).join(', ')}`);
