import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { static as serveStatic, type NextFunction, type Request, type Response } from 'express';

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

/** The files of the app; others in its folder (tsconfig.json, README.md) are not served. */
const APP_FILE = /^\/(index\.html|(css|js)\/.+)$/;
/** A path naming a file rather than a page. */
const FILE_PATH = /\.[a-z0-9]+$/i;

/** A strict policy for the pages: only our own scripts, styles and API; no inline code at all. */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the single-page app: its files under / (public, no token needed), and index.html for
 * any other page path so deep links and reloads work. /api, /admin and /health stay Nest's.
 */
export function serveWebApp(app: NestExpressApplication, dir: string = webPublicDir()): void {
  const setHeaders = (response: Response) => {
    response.setHeader('Content-Security-Policy', PAGE_CSP);
    // No build step, so no hashed names: revalidate every file (ETags keep that cheap).
    response.setHeader('Cache-Control', 'no-cache');
  };
  // Only for page paths: on an API path the file lookup would be a wasted stat() per request.
  const files = serveStatic(dir, { index: 'index.html', setHeaders, fallthrough: true });
  const index = join(dir, 'index.html');
  const sendIndex = (request: Request, response: Response, next: NextFunction) => {
    // Only page navigations: a missing .js or .css is a 404, not the app shell.
    if (FILE_PATH.test(request.path) || !request.accepts('html')) return next();
    setHeaders(response);
    response.sendFile(index);
  };
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_PAGES.test(request.path)) return next();
    if (FILE_PATH.test(request.path) && !APP_FILE.test(request.path)) return next();
    files(request, response, (error?: unknown) => (error ? next(error) : sendIndex(request, response, next)));
  });
}
