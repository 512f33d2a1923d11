import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, posix } from 'node:path';

/** One file of the web app as the api serves it: read once at start, with its validator. */
export interface WebFile {
  body: Buffer;
  contentType: string;
  /** A strong ETag: a hash of the content, so the same bytes give the same tag on every start. */
  etag: string;
}

/** The types the app's files are served with; a file of any other kind is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The folders of the app beside index.html (tsconfig.json and README.md are not served). */
const FOLDERS = ['css', 'js'];

const etagOf = (body: Buffer): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/** A file of the web app from its bytes; null for a kind that is not served. */
export function webFileOf(path: string, body: Buffer): WebFile | null {
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!contentType) return null;
  return { body, contentType, etag: etagOf(body) };
}

const fileOf = (path: string): WebFile | null => (CONTENT_TYPES[extname(path).toLowerCase()] ? webFileOf(path, readFileSync(path)) : null);

/**
 * The app's files by URL path (`/index.html`, `/js/main.js`, …), read from `dir` once. Serving
 * from memory spares every request a stat, an open and a stream on an api process that also
 * answers the page's data: the start of a page asks for two dozen files at once.
 */
export function readWebFiles(dir: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const index = fileOf(join(dir, 'index.html'));
  if (index) files.set('/index.html', index);
  for (const folder of FOLDERS) {
    const entries = readdirSync(join(dir, folder), { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const file = fileOf(path);
      if (file) files.set(`/${posix.join(...path.slice(dir.length + 1).split(/[\\/]/))}`, file);
    }
  }
  return files;
}

/**
 * The CSP source of each inline script of a page (`'sha256-…'`, of its exact text), so that it may
 * run under `script-src` without 'unsafe-inline'; computed from the bytes served, it cannot drift.
 */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`,
  );
}
