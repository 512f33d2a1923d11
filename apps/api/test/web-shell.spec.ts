import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * index.html preloads the modules main.js imports statically (the shell), so the browser fetches
 * them at once instead of one level after another. The list is written by hand; this keeps it whole.
 */
const WEB = join(process.cwd(), 'apps/web');

function staticImports(file: string): string[] {
  const source = readFileSync(join(WEB, 'js', file), 'utf8');
  return [...source.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm)].map((m) => normalize(join(dirname(file), m[1])));
}

function shellOf(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...staticImports(file));
  }
  seen.delete(entry);
  return [...seen].sort();
}

describe('the web shell', () => {
  it('index.html preloads exactly the modules main.js imports statically', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\/js\/([^"]+)"/g)].map((m) => m[1]).sort();
    const shell = shellOf('main.js');
    expect(shell).toContain('api.js');
    expect(preloaded).toEqual(shell);
  });

  it('loads no page but the sign-in page before the first route', () => {
    expect(shellOf('main.js').filter((file) => file.startsWith('pages/'))).toEqual(['pages/signin.js']);
  });
});
