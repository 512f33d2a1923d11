/**
 * `npm run bench`: every benchmark (the functions `npm run bench:<name>` runs; the servers and
 * workers they measure run in their own processes), sharing one generated 1,000,000-event
 * database among catch-up, rebuild and progress query; then the results as JSON and as Markdown
 * with the machine they ran on.
 *
 *   npm run bench                      full run → docs/benchmarks.md, docs/benchmarks.json
 *   npm run bench -- --quick           reduced run (CI) → bench/results/benchmarks.quick.{md,json}
 *   npm run bench -- --only append,report [--runs N]   → bench/results/benchmarks.{md,json}
 *   npm run bench -- --render          docs/benchmarks.md again from docs/benchmarks.json and bench/analysis.md
 *
 * Exits 1 when a benchmark crashed or one of its correctness checks failed; never on timing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { appendBenchmark } from './append';
import { catchUpBenchmark } from './catch-up';
import { httpRecordBenchmark } from './http-record';
import { RESULTS_DIR, type BenchOptions } from './lib/cli';
import { ADMIN_URL, createBenchDatabase, dropBenchDatabase, dropStaleBenchDatabases } from './lib/db';
import { machineInfo } from './lib/machine';
import { renderDocument, type Document } from './lib/markdown';
import { generateMillion, millionSpec } from './lib/million';
import { ensureBuild } from './lib/processes';
import type { BenchResult } from './lib/result';
import { progressQueryBenchmark } from './progress-query';
import { rebuildBenchmark } from './rebuild';
import { reportBenchmark } from './report';
import { spreadsheetPreviewBenchmark } from './spreadsheet-preview';

const ROOT = join(__dirname, '..');
/** In running order; those marked `million` share the generated dataset (catch-up leaves the read models built). */
const BENCHMARKS: { name: string; million: boolean; run: (options: BenchOptions) => Promise<BenchResult> }[] = [
  { name: 'append', million: false, run: appendBenchmark },
  { name: 'http-record', million: false, run: httpRecordBenchmark },
  { name: 'catch-up', million: true, run: catchUpBenchmark },
  { name: 'rebuild', million: true, run: rebuildBenchmark },
  { name: 'progress-query', million: true, run: progressQueryBenchmark },
  { name: 'report', million: false, run: reportBenchmark },
  { name: 'spreadsheet-preview', million: false, run: spreadsheetPreviewBenchmark },
];

interface Options {
  quick: boolean;
  only: string[] | null;
  runs: number | null;
  render: boolean;
}

function parse(argv: string[]): Options {
  const options: Options = { quick: false, only: null, runs: null, render: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') options.quick = true;
    else if (argv[i] === '--only') options.only = argv[++i].split(',');
    else if (argv[i] === '--runs') options.runs = Number(argv[++i]);
    else if (argv[i] === '--render') options.render = true;
    else throw new Error(`unknown option ${argv[i]} (known: --quick, --only a,b, --runs N, --render)`);
  }
  const unknown = (options.only ?? []).filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  return options;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  if (options.render) {
    const json = join(ROOT, 'docs', 'benchmarks.json');
    const doc = JSON.parse(readFileSync(json, 'utf8')) as Document;
    writeFileSync(join(ROOT, 'docs', 'benchmarks.md'), renderDocument({ ...doc, analysis: readAnalysis(), standalone: readStandalone() }));
    log(`rendered docs/benchmarks.md from ${json}`);
    return 0;
  }
  const started = Date.now();
  const selected = BENCHMARKS.filter((b) => !options.only || options.only.includes(b.name));
  log(`bench${options.quick ? ' (quick)' : ''}: ${selected.map((b) => b.name).join(', ')}`);
  const dropped = await dropStaleBenchDatabases();
  if (dropped.length > 0) log(`  dropped ${dropped.length} bench database(s) left by interrupted runs`);
  ensureBuild(log);

  const admin = new Pool({ connectionString: ADMIN_URL, max: 1 });
  const machine = await machineInfo(admin);
  await admin.end();

  /** The shared million-event database, dropped at the end whatever happens. */
  let million: string | null = null;
  const cleanUp = async () => {
    const name = million;
    million = null;
    if (name) await dropBenchDatabase(name);
  };
  const interrupt = () => {
    log('interrupted: dropping the bench databases');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const results: BenchResult[] = [];
  const failures: Document['failures'] = [];
  try {
    for (const bench of selected) {
      if (bench.million && !million) {
        log('\n== generating the shared dataset ==');
        const spec = millionSpec(options.quick);
        const db = await createBenchDatabase(options.quick ? 'events20k' : 'events1m');
        million = db.name;
        const load = await generateMillion(db, spec, log);
        await db.pool.end(); // each benchmark opens its own pool
        machine.generatedDataset = {
          events: load.events,
          departments: spec.departments,
          avgEventBytes: load.avgEventBytes,
          seconds: Math.round(load.ms / 1000),
        };
      }
      const loadBefore = os.loadavg()[0];
      const benchStarted = Date.now();
      log(`\n== ${bench.name} ==`);
      try {
        const result = await bench.run({
          quick: options.quick,
          runs: options.runs ?? undefined,
          database: bench.million ? (million ?? undefined) : undefined,
        });
        result.parameters.loadAverage = `${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`;
        results.push(result);
        log(`  ${bench.name} done in ${Math.round((Date.now() - benchStarted) / 1000)} s`);
      } catch (error) {
        log(`  ${bench.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
        failures.push({ name: bench.name, error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
      }
    }
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    await cleanUp();
  }

  const doc: Document = {
    machine,
    quick: options.quick,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    results,
    failures,
    analysis: options.quick ? undefined : readAnalysis(),
    standalone: options.quick ? undefined : readStandalone(),
  };
  const [md, json] =
    options.quick || options.only
      ? [
          join(RESULTS_DIR, `benchmarks${options.quick ? '.quick' : ''}.md`),
          join(RESULTS_DIR, `benchmarks${options.quick ? '.quick' : ''}.json`),
        ]
      : [join(ROOT, 'docs', 'benchmarks.md'), join(ROOT, 'docs', 'benchmarks.json')];
  writeFileSync(md, renderDocument(doc));
  writeFileSync(json, `${JSON.stringify(doc, null, 2)}\n`);
  log(`\nwrote ${md} and ${json} in ${((Date.now() - started) / 60000).toFixed(1)} min`);

  const failedChecks = results.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.name}: ${c.label} (${c.detail})`));
  for (const failure of [...failures.map((f) => `${f.name}: ${f.error}`), ...failedChecks]) log(`FAILED ${failure}`);
  const missed = results.flatMap((r) => r.targets.filter((t) => !t.met).map((t) => `${r.name}: ${t.label} (${t.actual.toFixed(2)})`));
  if (missed.length > 0) log(`targets missed (timing only, not a failure): ${missed.join('; ')}`);
  return failures.length > 0 || failedChecks.length > 0 ? 1 : 0;
}

/** The hand-written analysis of the last full run (what the profiles show), kept beside the code. */
function readAnalysis(): string | undefined {
  const file = join(ROOT, 'bench', 'analysis.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The benchmarks run on their own (a browser, a long set-up), written by hand with their figures. */
function readStandalone(): string | undefined {
  const file = join(ROOT, 'bench', 'standalone.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    log(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
