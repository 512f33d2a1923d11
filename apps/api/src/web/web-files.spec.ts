import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { inlineScriptHashes, readWebFiles } from './web-files';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('readWebFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-files-'));
  mkdirSync(join(dir, 'js/pages'), { recursive: true });
  mkdirSync(join(dir, 'css'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'js/main.js'), 'export {};');
  writeFileSync(join(dir, 'js/pages/dashboard.js'), 'export const x = 1;');
  writeFileSync(join(dir, 'css/app.css'), 'body {}');
  writeFileSync(join(dir, 'README.md'), '# not served');
  writeFileSync(join(dir, 'js/notes.txt'), 'not served');

  it('holds index.html, css/ and js/ by URL path, with their types', () => {
    const files = readWebFiles(dir);
    expect([...files.keys()].sort()).toEqual(['/css/app.css', '/index.html', '/js/main.js', '/js/pages/dashboard.js']);
    expect(files.get('/js/main.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(files.get('/index.html')?.body.toString()).toBe('<!doctype html><title>x</title>');
  });

  it('tags each file by its content: strong, stable, different for different bytes', () => {
    const [first, second] = [readWebFiles(dir), readWebFiles(dir)];
    const tag = first.get('/js/main.js')!.etag;
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(second.get('/js/main.js')!.etag).toBe(tag);
    expect(first.get('/js/pages/dashboard.js')!.etag).not.toBe(tag);
  });
});

describe('inlineScriptHashes', () => {
  it('names each inline script by the hash of its exact text, and no script with a src', () => {
    const start = '\n      (() => { window.a = 1; })();\n    ';
    const html = `<script type="application/json" id="d">{}</script><script>${start}</script><script type="module" src="/js/main.js"></script>`;
    expect(inlineScriptHashes(html)).toEqual([sha256('{}'), sha256(start)]);
  });
});
