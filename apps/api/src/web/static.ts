import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { bundleWebApp, WEB_ENTRY } from './web-bundle';
import { inlineScriptHashes, readWebFiles, webFileOf, type WebFile } from './web-files';

/** The web app's folder, apps/web, as the repository has it and as `npm run build` copies it. */
const SOURCE_DIR = 'apps/web';
/** The build mirrors the repository under dist/apps/api (the api is at dist/apps/api/apps/api/src). */
const DIST_DIR = 'dist/apps/api/apps/web';

/**
 * The folder of the web app's static files: apps/web when run from the repository (tests,
 * ts-node), else the copy `npm run build` puts beside the compiled api.
 */
export function webPublicDir(cwd: string = process.cwd()): string {
  const candidates = [
    resolve(cwd, SOURCE_DIR),
    // apps/api/src/web → apps/web, in the sources and in the build alike. __dirname exists in the
    // CommonJS build; under ESM test runners it does not.
    ...(typeof __dirname === 'string' ? [resolve(__dirname, '../../../web')] : []),
    resolve(cwd, DIST_DIR),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`The web app's files are missing (looked in ${candidates.join(', ')}); run npm run build`);
  return found;
}

/** Paths the SPA never answers: the API, operator pages, health, metrics and the API docs. */
const NOT_PAGES = /^\/(api|admin|health|metrics)(\/|$)/;

/** A path naming a file rather than a page. */
const FILE_PATH = /\.[a-z0-9]+$/i;

/**
 * A strict policy for the pages: only our own scripts, styles and API; no inline code but the
 * scripts of index.html named by their hashes (`inlineScripts`).
 */
export function pageCsp(inlineScripts: string[] = []): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...inlineScripts].join(' '),
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Whether the request's If-None-Match names this ETag (a list, or `*`). */
function notModified(request: Request, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Serves the single-page app: its files under / (public, no token needed), and index.html for
 * any other page path so deep links and reloads work. /api, /admin and /health stay Nest's.
 * The files are read once, when the api starts (restart it after editing them). With `bundle`,
 * /js/main.js is the bundle of every module (web-bundle.ts); the modules stay servable.
 */
export function serveWebApp(
  app: NestExpressApplication,
  { dir = webPublicDir(), bundle = true }: { dir?: string; bundle?: boolean } = {},
): void {
  const files = readWebFiles(dir);
  const bundled = bundle ? webFileOf(WEB_ENTRY, bundleWebApp(dir)) : null;
  if (bundled) files.set(`/${WEB_ENTRY}`, bundled);
  const index = files.get('/index.html');
  if (!index) throw new Error(`${dir}/index.html is missing`);
  const csp = pageCsp(inlineScriptHashes(index.body.toString('utf8')));
  const send = (request: Request, response: Response, file: WebFile) => {
    response.setHeader('Content-Security-Policy', csp);
    // No hashed names: revalidate every file (the ETag makes that a 304 without a body).
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('ETag', file.etag);
    if (notModified(request, file.etag)) {
      response.status(304).end();
      return;
    }
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Length', file.body.length);
    response.status(200).end(request.method === 'HEAD' ? undefined : file.body);
  };
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_PAGES.test(request.path)) return next();
    const file = files.get(request.path === '/' ? '/index.html' : request.path);
    if (file) return send(request, response, file);
    // Only page navigations get the shell: a missing .js or .css is a 404, not the app.
    if (FILE_PATH.test(request.path) || !request.accepts('html')) return next();
    send(request, response, index);
  });
}
