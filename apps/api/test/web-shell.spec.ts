import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * index.html starts the app: its inline start script asks for what the opened address needs
 * before the app's script has arrived, for the pages main.js routes; then the stylesheet and the
 * app (the api serves /js/main.js as the bundle of every module).
 */
const WEB = join(process.cwd(), 'apps/web');
const html = readFileSync(join(WEB, 'index.html'), 'utf8');

/** The pages main.js routes: the keys of its PAGES table. */
function routedPages(): string[] {
  const source = readFileSync(join(WEB, 'js/main.js'), 'utf8');
  const table = /const PAGES = \{([\s\S]*?)\n\};/.exec(source)?.[1];
  if (!table) throw new Error('main.js has no PAGES table');
  return [...table.matchAll(/^ {2}([a-z]+): \{/gm)].map((m) => m[1]).sort();
}

/** The pages the start script asks answers for: the alternatives of its address pattern. */
function startScriptPages(): string[] {
  const pattern = /\\\/\(([a-z|]+)\|activities\\\//.exec(html)?.[1];
  if (!pattern) throw new Error("index.html's start script names no pages");
  return pattern.split('|').sort();
}

describe('the web shell', () => {
  // A classic script after a stylesheet waits for it: the start script comes first.
  it('starts with the document: the inline start script, then the stylesheet and the app', () => {
    const tags = [...html.matchAll(/<(script\b[^>]*|link rel="(?:stylesheet|modulepreload)"[^>]*)>/g)].map((m) => m[1]);
    expect(tags).toEqual(['script', 'link rel="stylesheet" href="/css/app.css" /', 'script type="module" src="/js/main.js"']);
  });

  it("asks ahead for exactly the pages main.js routes, no other address's", () => {
    expect(routedPages()).toContain('dashboard');
    expect(startScriptPages()).toEqual(routedPages());
  });
});
