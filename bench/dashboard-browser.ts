/**
 * The dashboard in Chromium (Debian's, through playwright-core), against the real api and worker
 * (compiled, in their own processes): navigation → first figure on screen (the mark the dashboard
 * sets, `dashboard:first-figure`, read from the page's performance timeline: navigation start is
 * its zero), and the bytes a live update transfers (an activity recorded over HTTP, the api's
 * answers to the page's refetch summed until the page says 已实时更新). For a synthetic
 * department with 50,000 activities in 2023 and one with 1,000, alternating. The chart's total
 * must equal a count of the read model in SQL, and the page must not page through activities.
 *
 *   TS_NODE_PROJECT=tsconfig.json node -r ts-node/register/transpile-only -r tsconfig-paths/register \
 *     bench/dashboard-browser.ts [-- --quick] [--runs N]
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describeMachineCpuSince, machineCpu, waitForQuietMachine } from './lib/cpu';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Pool } from 'pg';
import { TRACKING_PROJECTIONS } from '@app/tracking';
import { runStandalone, runsOf, type BenchOptions } from './lib/cli';
import { createBenchDatabase } from './lib/db';
import { authHeaders, BENCH_PASSWORD, createUser, login, startApi, withTimeout, type ApiServer } from './lib/http';
import { loadEvents } from './lib/load';
import { ensureBuild, startChild, type Child } from './lib/processes';
import { Recorder, type BenchResult } from './lib/result';
import { sleep } from './lib/stats';
import { departmentCode, generateEvents } from './lib/synthetic';

const CHROMIUM = '/usr/bin/chromium';
/** What a BENCH_TRACE trace records: the renderer's tasks, scripts, style, layout and paint, and the network. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'blink',
  'blink.user_timing',
  'loading',
  'netlog',
  'toplevel',
  'fonts',
  'disabled-by-default-v8.cpu_profiler',
];
const YEAR = 2023;
const VIEWER = 'bench-dashboard-leader';
const RECORDER = 'bench-dashboard-admin';
const FIRST_FIGURE = 'dashboard:first-figure';
/** The largest live update the dashboard may transfer (issue 13). */
const LIVE_LIMIT_KB = 50;
/** The longest navigation → first figure (issue 13). */
const FIRST_FIGURE_LIMIT_MS = 500;

interface Sample {
  firstFigureMs: number;
  /** Navigation → first figure of a reload of the same tab. */
  returnMs: number;
  loadKB: number;
  liveKB: number;
  liveRequests: string[];
  /** Each request of the live update with its size. */
  liveSized: string[];
  activityRequests: number;
  chartTotal: number;
  /** What came before the first figure: the document, module scripts, api answers (ms since navigation start). */
  timeline: Timeline;
  /** The machine's CPU from navigation to the first figure, by command (chromium, node, postgres, …). */
  cpu: string;
}

interface Timeline {
  /** The document's response ended. */
  document: number;
  /** The last module script had arrived. */
  scripts: number;
  scriptCount: number;
  /** The first module script was asked for. */
  scriptsAsked: number;
  /**
   * The longest a script waited before its request was sent (requestStart − startTime: the
   * browser's queue for one of its six connections to the host) and the longest the server took
   * to begin answering one (responseStart − requestStart).
   */
  scriptQueued: number;
  scriptServed: number;
  /** Each script: file name, asked, arrived (ms), in the order asked: a late start is a module found late. */
  scriptTimes: [string, number, number][];
  /** Each api answer that ended before the first figure: path, start and end. */
  api: [string, number, number][];
  /** The page's performance marks (name, ms): the first figure's, and any added while looking into one. */
  marks: [string, number][];
}

export async function dashboardBrowserBenchmark(options: BenchOptions): Promise<BenchResult> {
  const rec = new Recorder('dashboard-browser', 'Dashboard in Chromium (navigation → first figure, live-update transfer)', options.quick);
  const runs = runsOf(options, 5, 2);
  const bigActivities = options.quick ? 5_000 : 50_000;
  const smallActivities = 1_000;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-browser.sh first`);
  ensureBuild(log);
  Object.assign(rec.parameters, {
    runs,
    bigDepartmentActivities: bigActivities,
    smallDepartmentActivities: smallActivities,
    viewport: '1440×900',
  });
  log(
    `dashboard-browser: ${runs} runs per department, ${bigActivities.toLocaleString('en-US')} and ${smallActivities.toLocaleString('en-US')} activities`,
  );

  const db = await createBenchDatabase('dashboard');
  let worker: Child | null = null;
  let api: ApiServer | null = null;
  let compareApi: ApiServer | null = null;
  let browser: Browser | null = null;
  const floor = await startFloorServer();
  try {
    const departments = [
      { key: 'big', code: departmentCode('big', 0), activities: bigActivities, seed: 2023 },
      { key: 'small', code: departmentCode('small', 0), activities: smallActivities, seed: 2024 },
    ];
    for (const d of departments) {
      const load = await loadEvents(
        db.pool,
        generateEvents({ departments: 1, years: [YEAR], activitiesPerDepartmentYear: d.activities, codePrefix: d.key, seed: d.seed }),
      );
      log(`  loaded ${load.events.toLocaleString('en-US')} events of ${d.code}`);
    }
    worker = startChild('bench/servers/worker.js', { DATABASE_URL: db.url, QUEUE_PREFIX: `bench-${process.pid}` });
    await withTimeout(worker.ready, 60_000, () => `the worker did not start:\n${worker!.tail()}`);
    await caughtUp(db.pool, 900_000);
    await createUser(db.pool, VIEWER, [{ department: '*', role: 'leader' }]);
    await createUser(db.pool, RECORDER, [{ department: '*', role: 'admin' }]);
    api = await startApi(db.url);
    // A second api measured in the same rounds: BENCH_COMPARE_WEB=<checkout> serves that
    // checkout's apps/web, BENCH_COMPARE_ENV='KEY=value …' runs it with those settings (WEB_BUNDLE=off).
    const compareDir = process.env.BENCH_COMPARE_WEB;
    const compareEnv = Object.fromEntries(
      (process.env.BENCH_COMPARE_ENV ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    const compared = [compareDir && `the web files of ${compareDir}`, ...Object.entries(compareEnv).map(([k, v]) => `${k}=${v}`)]
      .filter(Boolean)
      .join(', ');
    if (compared) {
      if (compareDir && !existsSync(join(compareDir, 'apps', 'web', 'index.html')))
        throw new Error(`BENCH_COMPARE_WEB: ${compareDir}/apps/web is missing`);
      compareApi = await startApi(db.url, compareEnv, compareDir);
      rec.parameters.compared = compared;
    }
    const writer = await login(api.baseUrl, RECORDER);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });

    for (const d of departments) {
      const label = `${d.activities.toLocaleString('en-US')} activities`;
      rec.metric(`${d.key}FirstFigure`, `${label}: navigation → first figure`, 'ms', 'lower');
      rec.metric(`${d.key}ReturnFirstFigure`, `${label}: the same tab again (reload) → first figure`, 'ms', 'lower');
      rec.metric(`${d.key}LiveKB`, `${label}: live update transfer`, 'KB', 'lower');
      rec.metric(`${d.key}LoadKB`, `${label}: first load transfer (api answers)`, 'KB', 'lower');
      if (compareApi) rec.metric(`${d.key}CompareFirstFigure`, `${label}: navigation → first figure, ${compared}`, 'ms', 'lower');
    }
    rec.target(
      `live update ≤ ${LIVE_LIMIT_KB} KB (${bigActivities.toLocaleString('en-US')} activities)`,
      'bigLiveKB',
      'value',
      '<=',
      LIVE_LIMIT_KB,
    );
    rec.target(`live update ≤ ${LIVE_LIMIT_KB} KB (1,000 activities)`, 'smallLiveKB', 'value', '<=', LIVE_LIMIT_KB);
    for (const d of departments) {
      const label = `first figure ≤ ${FIRST_FIGURE_LIMIT_MS} ms (${d.activities.toLocaleString('en-US')} activities)`;
      rec.target(label, `${d.key}FirstFigure`, 'value', '<=', FIRST_FIGURE_LIMIT_MS);
    }

    rec.metric('floorFirstFigure', 'baseline: a one-line page from a bare Node server, navigation → mark', 'ms', 'lower');
    rec.metric('floorCoopFirstFigure', "baseline: the same page with the api's Cross-Origin-Opener-Policy: same-origin", 'ms', 'lower');
    const last = new Map<string, Sample>();
    let counter = 0;
    for (let round = -1; round < runs; round++) {
      const bare = await measureFloor(browser, floor.url);
      const bareCoop = await measureFloor(browser, `${floor.url}coop`);
      const roundName = round < 0 ? 'warm-up' : `round ${round + 1}`;
      log(`  ${roundName} baseline  mark ${bare.firstFigureMs.toFixed(0)} ms; CPU: ${bare.cpu}`);
      log(`  ${roundName} with COOP mark ${bareCoop.firstFigureMs.toFixed(0)} ms; CPU: ${bareCoop.cpu}`);
      if (round >= 0) rec.add('floorFirstFigure', bare.firstFigureMs);
      if (round >= 0) rec.add('floorCoopFirstFigure', bareCoop.firstFigureMs);
      // With a comparison, each department is opened from both apis, in an order that alternates.
      const servers: [ApiServer, string][] = [[api, '']];
      if (compareApi) servers[round % 2 === 0 ? 'push' : 'unshift']([compareApi, 'Compare']);
      for (const [d, server, tag] of (round % 2 === 0 ? departments : [...departments].reverse()).flatMap((d) =>
        servers.map(([server, tag]) => [d, server, tag] as const),
      )) {
        // Each api keeps its own progress views: after the other's live update, this one's is
        // brought up to date untimed, as the page's own refetch leaves it in a run without comparison,
        // once the worker is done (only a view read after every event was applied is kept).
        if (compareApi) {
          await waitForQuietMachine();
          await fetch(`${server.baseUrl}/api/departments/${d.code}/years/${YEAR}/progress`, { headers: authHeaders(writer) });
        }
        const sample = await measure(browser, server.baseUrl, d.code, writer, ++counter);
        if (tag) {
          log(`  ${roundName} ${d.code.padEnd(9)} first figure ${sample.firstFigureMs.toFixed(0)} ms (${compared})`);
          log(`    page marks: ${sample.timeline.marks.map(([name, at]) => `${name} ${at}`).join(', ')}`);
          if (round >= 0) rec.add(`${d.key}CompareFirstFigure`, sample.firstFigureMs);
          continue;
        }
        last.set(d.key, sample);
        log(
          `  ${roundName} ${d.code.padEnd(9)} first figure ${sample.firstFigureMs.toFixed(0)} ms ` +
            `(reloaded ${sample.returnMs.toFixed(0)} ms), ` +
            `load ${sample.loadKB.toFixed(1)} KB, live update ${sample.liveKB.toFixed(1)} KB (${sample.liveSized.join(', ')})`,
        );
        const t = sample.timeline;
        log(
          `    before the first figure: document ${t.document} ms, ${t.scriptCount} scripts asked from ${t.scriptsAsked} ms, all by ${t.scripts} ms ` +
            `(longest queued ${t.scriptQueued} ms, longest served ${t.scriptServed} ms), ` +
            t.api.map(([path, start, end]) => `${path} ${start}–${end}`).join(', '),
        );
        log(`    CPU to the first figure: ${sample.cpu}`);
        log(`    page marks: ${t.marks.map(([name, at]) => `${name} ${at}`).join(', ')}`);
        log(`    scripts (asked–arrived): ${t.scriptTimes.map(([file, start, end]) => `${file} ${start}–${end}`).join(', ')}`);
        if (round < 0) continue;
        rec.add(`${d.key}FirstFigure`, sample.firstFigureMs);
        rec.add(`${d.key}ReturnFirstFigure`, sample.returnMs);
        rec.add(`${d.key}LiveKB`, sample.liveKB);
        rec.add(`${d.key}LoadKB`, sample.loadKB);
      }
    }

    // What the progress answer is made of: the figures, and the warnings counted by kind (a few
    // examples each); the full list is GET …/warnings, which the page reads only on 另有 N 条.
    const viewer = await login(api.baseUrl, VIEWER);
    const progressChars: Record<string, number> = {};
    for (const d of departments) {
      const path = `${api.baseUrl}/api/departments/${d.code}/years/${YEAR}`;
      const response = await fetch(`${path}/progress`, { headers: authHeaders(viewer) });
      const text = await response.text();
      const body = JSON.parse(text) as { warnings: { total: number; byKind: { kind: string; count: number }[] } };
      const kinds: Record<string, number> = {};
      for (const k of body.warnings.byKind) kinds[k.kind] = k.count;
      const listed = (await (await fetch(`${path}/warnings?pageSize=1`, { headers: authHeaders(viewer) })).json()) as { total: number };
      progressChars[d.key] = text.length;
      // Thousands of characters of the JSON (its UTF-8 bytes are about 1.5 times as many: the texts are Chinese).
      rec.parameters[`${d.key}Progress`] = {
        kChars: Math.round(text.length / 102.4) / 10,
        warningsKChars: Math.round(JSON.stringify(body.warnings).length / 102.4) / 10,
        warnings: kinds,
        warningsListed: listed.total,
      };
    }
    rec.check(
      'the progress answer does not grow with the department (50,000 activities within 1.5 × that of 1,000)',
      progressChars.big <= 1.5 * progressChars.small,
      `${(progressChars.big / 1024).toFixed(1)} K and ${(progressChars.small / 1024).toFixed(1)} K characters`,
    );

    for (const d of departments) {
      const sample = last.get(d.key)!;
      const counted = await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM rm_activities WHERE department = $1 AND year = $2 AND status = 'active'`,
        [d.code, YEAR],
      );
      rec.check(
        `${d.code}: the chart's total equals the active activities of ${YEAR} in SQL`,
        sample.chartTotal === counted.rows[0].n,
        `chart ${sample.chartTotal}, SQL ${counted.rows[0].n}`,
      );
      rec.check(`${d.code}: the dashboard fetched no activity list`, sample.activityRequests === 0, `${sample.activityRequests} requests`);
      rec.check(
        `${d.code}: a live update refetched the figures only`,
        sample.liveRequests.length > 0 && sample.liveRequests.every((p) => /\/(progress|aggregates|sangong)$/.test(p)),
        sample.liveRequests.join(', '),
      );
    }
    rec.note(
      'First figure: `performance.mark("dashboard:first-figure")`, set when the target cards are drawn, read as its startTime ' +
        '(ms since the navigation started; a fresh browser context each run, signed in beforehand, so every file is fetched and the ' +
        "api's Cross-Origin-Opener-Policy puts the page in a new renderer process; the baselines show both costs). Reload: the same " +
        'tab opened again after the live update, its files revalidated by ETag. Transfer: response bodies and headers of ' +
        'the api (`Request.sizes()`), the event stream excluded; the api sends JSON uncompressed.',
    );
    return rec.result();
  } finally {
    await browser?.close().catch(() => undefined);
    await api?.stop();
    await compareApi?.stop();
    await floor.close();
    await worker?.stop();
    await db.close();
  }
}

/** Each run's browser context: a fresh one (empty cache, new storage), as an office's PC would show it. */
const CONTEXT_OPTIONS = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

/**
 * Navigates (`go`) and waits for the page's first-figure mark, announced by a console message from
 * the page itself: waiting with a locator would run Playwright's injected script on the page's main
 * thread, about 80 ms of it, while the page is still drawing. Returns the mark's time (ms since
 * navigation start) and where the machine's CPU went meanwhile; `between` runs after the wait is
 * set up and before the navigation (a trace's start).
 *
 * The navigation starts on a quiet machine. A new browser context makes Chromium load its omnibox
 * popup, a page of its own UI in a renderer of its own (chrome://omnibox-popup.top-chrome, about a
 * second of CPU, seen in a trace): a user's browser did that when it started, not as they open
 * the office's address. Without the wait it ran beside every first visit on these two cores.
 */
async function timedToMark(page: Page, go: () => Promise<unknown>, between?: () => Promise<void>): Promise<{ ms: number; cpu: string }> {
  const drawn = page.waitForEvent('console', { predicate: (message) => message.text() === FIRST_FIGURE, timeout: 120_000 });
  const settled = await waitForQuietMachine();
  if (!settled.quiet) process.stderr.write(`    (the machine did not go quiet in ${Math.round(settled.waitedMs)} ms)\n`);
  await between?.();
  const before = machineCpu();
  await go();
  await drawn;
  const cpu = describeMachineCpuSince(before);
  const ms = (await page.evaluate(`performance.getEntriesByName('${FIRST_FIGURE}')[0]?.startTime ?? -1`)) as number;
  if (ms < 0) throw new Error('the page set no first-figure mark');
  return { ms, cpu };
}

/**
 * The floor of this machine and browser: the same fresh context opening a one-line page (a heading
 * in Chinese, the mark set by an inline script) served by a bare Node server, timed the same way;
 * at /coop with the api's Cross-Origin-Opener-Policy, which costs a new renderer process.
 */
async function measureFloor(browser: Browser, url: string): Promise<{ firstFigureMs: number; cpu: string }> {
  const context = await browser.newContext(CONTEXT_OPTIONS);
  try {
    const page = await context.newPage();
    // A session stored before the page loads, as in the dashboard's runs (it costs nothing measurable).
    await context.addInitScript(`localStorage.setItem('keywork.session', '{}')`);
    const { ms, cpu } = await timedToMark(page, () => page.goto(url, { waitUntil: 'commit' }));
    return { firstFigureMs: ms, cpu };
  } finally {
    await context.close();
  }
}

/** A bare Node server of the one-line page measureFloor opens. */
async function startFloorServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const body =
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>重点工作跟踪</title></head>' +
    `<body><h1>2023 年度重点工作进度</h1><script>requestAnimationFrame(() => { performance.mark('${FIRST_FIGURE}'); console.debug('${FIRST_FIGURE}'); });</script></body></html>`;
  // /coop answers with the opener policy helmet gives the api's pages: from the fresh tab's
  // about:blank, Chromium must then open the page in a new renderer process instead of that tab's.
  const server = createServer((request, response) => {
    const coop = request.url === '/coop' ? { 'cross-origin-opener-policy': 'same-origin' } : {};
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...coop });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** One run: a fresh context signed in, the dashboard opened (timed), then one live update (sized). */
async function measure(browser: Browser, baseUrl: string, department: string, writer: string, n: number): Promise<Sample> {
  // BENCH_TRACE=<folder>: a Chromium trace of each navigation up to its first figure (read with bench/trace-summary.ts).
  const traceDir = process.env.BENCH_TRACE;
  const session = await sessionOf(baseUrl);
  const context = await browser.newContext(CONTEXT_OPTIONS);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    // Signed in before the page loads (the session the sign-in page would store): the timed
    // navigation is the document's first, with an empty cache.
    await context.addInitScript(`localStorage.setItem('keywork.session', ${JSON.stringify(JSON.stringify(session))})`);
    // The api's answers, by phase: the first load, then the live update.
    let phase: 'load' | 'live' | 'reload' = 'load';
    let activityRequests = 0;
    const bytes = { load: 0, live: 0 };
    const liveRequests: string[] = [];
    const liveSized: string[] = [];
    const sizes: Promise<void>[] = [];
    page.on('requestfinished', (r) => {
      const path = new URL(r.url()).pathname;
      if (!path.startsWith('/api/') || path.endsWith('/stream')) return;
      if (path.endsWith('/activities')) activityRequests++;
      const at = phase;
      // The reload's answers are not sized: the context may close before their sizes are read.
      if (at === 'reload') return;
      const short = path.replace(/^\/api\/departments\/[^/]+/, '');
      if (at === 'live') liveRequests.push(short);
      sizes.push(
        r.sizes().then((s) => {
          bytes[at] += s.responseBodySize + s.responseHeadersSize;
          if (at === 'live') liveSized.push(`${short} ${((s.responseBodySize + s.responseHeadersSize) / 1024).toFixed(1)} KB`);
        }),
      );
    });
    // The page says when its first figure is drawn: an observer of the mark writes to the console (timedToMark).
    await context.addInitScript(
      `new PerformanceObserver((list) => { if (list.getEntriesByName('${FIRST_FIGURE}').length) console.debug('${FIRST_FIGURE}'); }).observe({ type: 'mark' })`,
    );
    const { ms: firstFigureMs, cpu } = await timedToMark(
      page,
      () => page.goto(`${baseUrl}/#/${department}/${YEAR}/dashboard`, { waitUntil: 'commit' }),
      traceDir
        ? () => browser.startTracing(page, { path: join(traceDir, `${department}-${n}.json`), categories: TRACE_CATEGORIES })
        : undefined,
    );
    if (traceDir) await browser.stopTracing();
    await page.locator('.target-card').first().waitFor();
    const timeline = (await page.evaluate(`(() => {
      const mark = ${firstFigureMs};
      const nav = performance.getEntriesByType('navigation')[0];
      const before = performance.getEntriesByType('resource').filter((e) => e.responseEnd <= mark);
      const scripts = before.filter((e) => new URL(e.name).pathname.startsWith('/js/'));
      const api = before.filter((e) => new URL(e.name).pathname.startsWith('/api/') && !e.name.endsWith('/stream'));
      return {
        document: Math.round(nav ? nav.responseEnd : -1),
        scripts: Math.round(Math.max(0, ...scripts.map((e) => e.responseEnd))),
        scriptCount: scripts.length,
        scriptsAsked: Math.round(Math.min(...scripts.map((e) => e.startTime))),
        scriptQueued: Math.round(Math.max(0, ...scripts.map((e) => e.requestStart - e.startTime))),
        scriptServed: Math.round(Math.max(0, ...scripts.map((e) => e.responseStart - e.requestStart))),
        scriptTimes: scripts
          .map((e) => [new URL(e.name).pathname.split('/').pop(), Math.round(e.startTime), Math.round(e.responseEnd)])
          .sort((a, b) => a[1] - b[1]),
        api: api.map((e) => [new URL(e.name).pathname, Math.round(e.startTime), Math.round(e.responseEnd)]),
        marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
      };
    })()`)) as Timeline;
    for (const entry of timeline.api) entry[0] = entry[0].replace(/^\/api\/departments\/[^/]+/, '…');
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
    await page.locator('[data-testid="chart-total"]').waitFor();
    // Settled: the refetch after the stream opened is done.
    await page.waitForTimeout(1500);
    await Promise.all(sizes);

    // A live update: one activity recorded over HTTP; what the page fetches until it has drawn it.
    phase = 'live';
    const draws = Number(await page.locator('[data-testid="updated-at"]').getAttribute('data-draws'));
    const recorded = await fetch(`${baseUrl}/api/departments/${department}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(writer) },
      body: JSON.stringify({
        category: 'major-event',
        title: `浏览器基准实时更新 ${n}`,
        occurredOn: `${YEAR}-11-0${(n % 9) + 1}`,
        role: '主办',
        attributes: {},
      }),
    });
    if (recorded.status !== 201) throw new Error(`recording an activity: ${recorded.status} ${await recorded.text()}`);
    await page.locator(`[data-testid="updated-at"][data-draws="${draws + 1}"]`).waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    await Promise.all(sizes);
    const [loadKB, liveKB] = [bytes.load / 1024, bytes.live / 1024];
    // After the update: the chart counts the activity just recorded too.
    const chartTotal = Number(/共 (\d+) 项/.exec((await page.locator('[data-testid="chart-total"]').textContent()) ?? '')?.[1] ?? NaN);

    // A return visit: the same tab opens the dashboard again (a reload: the same renderer process,
    // the files revalidated by their ETags, the answers asked again).
    phase = 'reload';
    const { ms: returnMs } = await timedToMark(page, () => page.reload({ waitUntil: 'commit' }));
    return { firstFigureMs, returnMs, loadKB, liveKB, liveRequests, liveSized, activityRequests, chartTotal, timeline, cpu };
  } finally {
    await context.close();
  }
}

/** The session the sign-in page stores (POST /api/auth/login's answer). */
async function sessionOf(baseUrl: string): Promise<{ accessToken: string; refreshToken: string; user: unknown }> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: VIEWER, password: BENCH_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login of ${VIEWER}: ${response.status}`);
  const body = (await response.json()) as { accessToken: string; refreshToken: string; user: unknown };
  return { accessToken: body.accessToken, refreshToken: body.refreshToken, user: body.user };
}

/** Waits until every projection has read the last stored event. */
async function caughtUp(pool: Pool, timeoutMs: number): Promise<void> {
  const names = TRACKING_PROJECTIONS.map((p) => p.name);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = await pool.query<{ done: boolean }>(
      `SELECT count(*) = $1 AND bool_and((p.last_transaction_id, p.last_position) >= (e.transaction_id, e.global_position)) AS done
       FROM projection_checkpoints p,
            (SELECT transaction_id, global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1) e
       WHERE p.name = ANY($2::text[])`,
      [names.length, names],
    );
    if (done.rows[0].done) return;
    const failed = await pool.query<{ name: string; error: string }>(
      `SELECT name, error FROM projection_checkpoints WHERE status = 'failed'`,
    );
    if (failed.rows[0]) throw new Error(`projection ${failed.rows[0].name} stopped: ${failed.rows[0].error}`);
    if (Date.now() > deadline) throw new Error('the worker did not catch up in time');
    await sleep(200);
  }
}

if (require.main === module) runStandalone('dashboard-browser', dashboardBrowserBenchmark);
