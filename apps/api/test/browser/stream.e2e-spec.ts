import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Pool } from 'pg';
import { PROJECTED_CHANNEL } from '@app/event-store';
import { until } from '@app/testing';
import { ProjectionNotices } from '../../src/web/projection-notices.service';
import { startApi, type ApiHarness } from '../api-harness';

/** The SSE stream and the static pages over plain HTTP (no browser needed). */

const ADMIN = { username: 'admin', password: 'admin-demo-2023' };
let api: ApiHarness;
let auth: Record<string, string> = {};
let token = '';
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const [key, value] of Object.entries({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, BCRYPT_COST: '4' })) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  api = await startApi();
  const login = await api.request('POST', '/api/auth/login', ADMIN);
  if (login.status === 200) {
    token = login.body.accessToken;
    auth = { authorization: `Bearer ${token}` };
  }
  for (const code of ['wh-one', 'wh-two'])
    expect((await api.request('POST', '/api/departments', { code, name: code }, auth)).status).toBe(201);
  // The read models may need a moment to see the last commit (the runner reads settled events only).
  await until(
    'the departments projected',
    async () => {
      await api.project();
      return (await api.request('GET', '/api/departments/wh-one', undefined, auth)).status === 200;
    },
    10_000,
  );
  await api.app.get(ProjectionNotices).ready();
}, 60_000);

afterAll(async () => {
  await api?.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** Reads server-sent events until `until` says stop (or the time is up). */
async function readEvents(
  path: string,
  act: () => Promise<void>,
  until: (events: string[]) => boolean,
): Promise<{ status: number; type: string | null; events: string[] }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 8000);
  const response = await fetch(`${api.baseUrl}${path}${token ? `?access_token=${encodeURIComponent(token)}` : ''}`, {
    signal: controller.signal,
  });
  const events: string[] = [];
  if (response.status !== 200) {
    clearTimeout(timer);
    events.push(await response.text());
    return { status: response.status, type: response.headers.get('content-type'), events };
  }
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let acted = false;
  try {
    for (;;) {
      if (!acted) {
        acted = true;
        // The server subscribes the stream to notices after sending the headers, and nothing seen
        // from outside says when: kept as a short pause (too short would fail the test, not pass it).
        setTimeout(() => void act(), 100);
      }
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const parts = buffer.split('\n\n');
      buffer = parts.pop() ?? '';
      events.push(...parts.filter((p) => p.trim()));
      if (until(events)) break;
    }
  } catch {
    // aborted: the time is up
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status: response.status, type: response.headers.get('content-type'), events };
}

const notify = (payload: unknown) => api.app.get(Pool).query('SELECT pg_notify($1, $2)', [PROJECTED_CHANNEL, JSON.stringify(payload)]);

describe('GET /api/departments/:department/stream', () => {
  it('sends {type:"projected"} for its own department only', async () => {
    const result = await readEvents(
      '/api/departments/wh-one/stream',
      async () => {
        await notify({ projection: 'activities', departments: ['wh-two'] });
        await notify('not json at all');
        await notify({ projection: 'plans', departments: ['wh-two', 'wh-one'] });
      },
      (events) => events.length >= 1,
    );
    expect({ status: result.status, body: result.status === 200 ? '' : result.events[0] }).toEqual({ status: 200, body: '' });
    expect(result.type).toContain('text/event-stream');
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toContain('data: {"type":"projected","projection":"plans"}');
  }, 15_000);

  it('answers 404 for an unknown department and 400 for a malformed code', async () => {
    expect(
      (
        await readEvents(
          '/api/departments/nobody/stream',
          async () => undefined,
          () => true,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await readEvents(
          '/api/departments/Bad_Code/stream',
          async () => undefined,
          () => true,
        )
      ).status,
    ).toBe(400);
  });

  it('needs a token once accounts exist', async () => {
    if (!token) return;
    const response = await fetch(`${api.baseUrl}/api/departments/wh-one/stream`);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});

describe('static pages', () => {
  it('serves the app shell publicly, with a strict content security policy', async () => {
    for (const path of ['/', '/dashboard/wh-one']) {
      const response = await fetch(`${api.baseUrl}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(await response.text()).toContain('<script type="module" src="/js/main.js"></script>');
    }
    const script = await fetch(`${api.baseUrl}/js/main.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    // The app's bundle: the modules main.js imports are in it, none is imported from a file.
    const bundle = await script.text();
    expect(bundle).toContain('// js/api.js');
    expect(bundle).not.toMatch(/\bfrom\s+["']\./);
  });

  it('lets exactly the inline scripts of the page it serves run, by their hashes', async () => {
    const { createHash } = await import('node:crypto');
    const response = await fetch(`${api.baseUrl}/`, { headers: { accept: 'text/html' } });
    const html = await response.text();
    const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    // The start script; a JSON block (none today) would be hashed too.
    expect(inline.length).toBeGreaterThanOrEqual(1);
    expect(inline[0]).toContain('keyworkEarly');
    const scriptSrc = /script-src ([^;]+)/.exec(response.headers.get('content-security-policy') ?? '')?.[1].split(' ');
    expect(scriptSrc).toEqual([
      "'self'",
      ...inline.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`),
    ]);
  });

  it('serves the files from memory with a strong ETag: a 304 without a body when it still matches', async () => {
    const first = await fetch(`${api.baseUrl}/js/api.js`);
    const body = await first.text();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    const again = await fetch(`${api.baseUrl}/js/api.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const changed = await fetch(`${api.baseUrl}/js/api.js`, { headers: { 'if-none-match': '"something-else"' } });
    expect(changed.status).toBe(200);
    const head = await fetch(`${api.baseUrl}/css/app.css`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    // Helmet's headers come with the files too.
    expect(head.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves only the app: not its README or tsconfig, and no shell for a missing file', async () => {
    for (const path of ['/README.md', '/tsconfig.json', '/js/no-such-file.js', '/css/none.css']) {
      expect({ path, status: (await fetch(`${api.baseUrl}${path}`, { headers: { accept: 'text/html' } })).status }).toEqual({
        path,
        status: 404,
      });
    }
  });

  it('leaves /api to the API and missing files missing', async () => {
    const api404 = await fetch(`${api.baseUrl}/api/no-such-thing`, { headers: { accept: 'text/html', ...auth } });
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${api.baseUrl}/js/no-such-file.js`)).status).toBe(404);
  });

  it('never writes data into markup: the scripts build the DOM with text nodes only', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(process.cwd(), 'apps/web/js');
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect({ file, unsafe: /innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(source) }).toEqual({ file, unsafe: false });
    }
    // Nor does the bundle the pages run (built from those files).
    const bundle = await (await fetch(`${api.baseUrl}/js/main.js`)).text();
    expect(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(bundle)).toBe(false);
  });
});
