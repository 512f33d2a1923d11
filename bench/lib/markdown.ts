import type { MachineInfo } from './machine';
import type { BenchResult, Metric, Target } from './result';

export function formatNumber(n: number, unit = ''): string {
  if (!Number.isFinite(n)) return '—';
  if (unit === '×') return `${n.toFixed(2)}×`;
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

function targetText(t: Target, unit: string): string {
  const threshold = t.of === 'ratio' ? `${t.threshold}× baseline` : `${formatNumber(t.threshold)} ${unit}`;
  return `${t.op === '>=' ? '≥' : '≤'} ${threshold}`;
}

function verdict(t: Target): string {
  if (t.met) return `met (${t.marginPct >= 0 ? '+' : ''}${t.marginPct.toFixed(0)} %)`;
  return `**missed by ${Math.abs(t.marginPct).toFixed(0)} %**`;
}

/** The rows of the summary table: every metric, with its baseline, ratio and targets. */
function metricRows(result: BenchResult, withBenchName: boolean): string[] {
  const rows: string[] = [];
  const baselines = new Set(result.metrics.map((m) => m.baseline).filter(Boolean));
  for (const metric of result.metrics) {
    // A baseline is shown beside the metric it is the baseline of, and in a row of its own only
    // when it has a target of its own (progress with no kept views).
    if (baselines.has(metric.key) && !result.targets.some((t) => t.metric === metric.key)) continue;
    const base = metric.baseline ? result.metrics.find((m) => m.key === metric.baseline) : undefined;
    const targets = result.targets.filter((t) => t.metric === metric.key);
    const s = metric.summary;
    rows.push(
      [
        ...(withBenchName ? [result.title] : []),
        metric.label,
        `${formatNumber(s.median)} ${metric.unit}`,
        `${formatNumber(s.min)} – ${formatNumber(s.max)}`,
        base ? `${formatNumber(base.summary.median)} ${base.unit} (${base.label})` : '—',
        metric.ratio
          ? `${formatNumber(metric.ratio.median, '×')} (${formatNumber(metric.ratio.min, '×')} – ${formatNumber(metric.ratio.max, '×')})`
          : '—',
        targets.map((t) => targetText(t, metric.unit)).join('; ') || '—',
        targets.map(verdict).join('; ') || '—',
      ]
        .map(cell)
        .join(' | '),
    );
  }
  return rows.map((r) => `| ${r} |`);
}

const HEADER = [
  'measure',
  'median',
  'min – max',
  'baseline, same run (median)',
  'ratio to baseline (median, min – max of pairs)',
  'target',
  'result',
];

export function renderBenchSection(result: BenchResult, level = 3): string {
  const lines = [`${'#'.repeat(level)} ${result.title}${result.quick ? ' (quick)' : ''}`, ''];
  lines.push(`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => ' --- ').join('|')}|`, ...metricRows(result, false), '');
  const params = Object.entries(result.parameters).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  if (params.length > 0) lines.push(`Parameters: ${params.join('; ')}.`, '');
  const runs = result.metrics.map((m) => `${m.label}: ${m.summary.runs.map((v) => formatNumber(v)).join(', ')} ${m.unit}`);
  lines.push('<details><summary>every run</summary>', '', ...runs.map((r) => `- ${r}`), '', '</details>', '');
  lines.push('Checks:', '', ...result.checks.map((c) => `- ${c.ok ? '✅' : '❌'} ${c.label}${c.detail ? ` — ${c.detail}` : ''}`), '');
  if (result.notes.length > 0) lines.push(...result.notes.map((n) => `${n}`), '');
  return lines.join('\n');
}

export interface Document {
  machine: MachineInfo;
  quick: boolean;
  startedAt: string;
  durationMs: number;
  results: BenchResult[];
  /** Benchmarks that crashed: named here, their section missing. */
  failures: { name: string; error: string }[];
  /** Free text written by a person (what the profile shows, what would move a missed target). */
  analysis?: string;
  /** Free text with the figures of benchmarks run on their own (not by `npm run bench`), after everything else. */
  standalone?: string;
}

export function renderDocument(doc: Document): string {
  const m = doc.machine;
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${doc.quick ? ' -- --quick' : ''}\` on ${doc.startedAt.slice(0, 16).replace('T', ' ')} UTC in ${(doc.durationMs / 60000).toFixed(1)} min. ` +
      'Each benchmark runs a warm-up, then several runs alternating with its baseline in the same run; the table shows the median ' +
      'with min – max, and the ratio to the baseline computed per alternating pair. The raw numbers are in `docs/benchmarks.json`.',
    '',
    '## Machine',
    '',
    `- ${m.cores} × ${m.cpu}, ${m.memoryGB} GB RAM, ${m.os} (host ${m.host}; load average ${m.loadAverageAtStart} at start: shared with other work)`,
    `- Node ${m.node}; PostgreSQL ${m.postgres} (${Object.entries(m.postgresSettings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}); Redis ${m.redis ?? 'unknown'}`,
    '- Database, Redis, the server under test and the load generator share the same cores.',
    ...(m.generatedDataset
      ? [
          `- Dataset of catch-up, rebuild and progress query: ${m.generatedDataset.events.toLocaleString('en-US')} events of ${m.generatedDataset.departments.toLocaleString('en-US')} departments ` +
            `(the office's catalog and plan for 2022–2024, activities with Chinese titles and notes), ${m.generatedDataset.avgEventBytes} bytes of data and metadata per event on average, generated in ${m.generatedDataset.seconds} s.`,
        ]
      : []),
    '',
    '## Summary',
    '',
    `| benchmark | ${HEADER.join(' | ')} |`,
    `|${[0, ...HEADER].map(() => ' --- ').join('|')}|`,
    ...doc.results.flatMap((r) => metricRows(r, true)),
    '',
  ];
  const missed = doc.results.flatMap((r) => r.targets.filter((t) => !t.met).map((t) => `${r.title}: ${t.label}`));
  const failedChecks = doc.results.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.title}: ${c.label}`));
  lines.push(
    `Targets: ${doc.results.reduce((n, r) => n + r.targets.filter((t) => t.met).length, 0)} met, ${missed.length} missed${missed.length ? ` (${missed.join('; ')})` : ''}. ` +
      `Correctness checks: ${failedChecks.length === 0 ? 'all passed' : `${failedChecks.length} FAILED (${failedChecks.join('; ')})`}.`,
    '',
  );
  if (doc.failures.length > 0) {
    lines.push('Benchmarks that did not complete:', '', ...doc.failures.map((f) => `- ${f.name}: ${f.error}`), '');
  }
  if (doc.analysis) lines.push(doc.analysis.trim(), '');
  lines.push('## Details', '', ...doc.results.map((r) => renderBenchSection(r)));
  lines.push(
    '## Running and profiling',
    '',
    '- `npm run bench` (about 15–20 min) writes this file and `docs/benchmarks.json`; `npm run bench -- --quick` (under 2 min, for CI) and ' +
      '`npm run bench:<name>` (append, http-record, catch-up, rebuild, progress-query, report) write to `bench/results/`. They need PostgreSQL and ' +
      'Redis as the tests do (`BENCH_DATABASE_ADMIN_URL`, `REDIS_URL`), create databases named `bench_*` and drop them, and fail only on a wrong result.',
    '- The servers and the worker run compiled (`tsc --noCheck` into `bench/results/.build`) in their own processes, logging to `bench/results/logs/`. ' +
      '`BENCH_CPU_PROFILE=/tmp/x.cpuprofile` makes them record a CPU profile (`BENCH_CPU_PROFILE_SECONDS`, default 20); ' +
      '`node -r ts-node/register/transpile-only bench/profile-summary.ts /tmp/x.cpuprofile` lists where the time goes. ' +
      '`BENCH_HEAP_PROFILE=/tmp/x.heapprofile` samples their allocations over their whole run (bytes do not depend on the load); the same script lists them.',
    '- `npm run bench:compare-record -- --against <dir>` runs the record path of another checkout of the repository (an earlier commit in a ' +
      'git worktree) beside this one, alternately, with the CPU each api used per answered request: whether a figure moved with the code or the machine.',
    '',
  );
  if (doc.standalone) lines.push(doc.standalone.trim(), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

export type { Metric };
