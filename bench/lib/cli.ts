import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BenchResult } from './result';
import { renderBenchSection } from './markdown';

export interface BenchOptions {
  /** A reduced version for CI: same code paths and checks, smaller data, fewer runs. */
  quick: boolean;
  /** Repetitions after the warm-up (default: 5, quick 2). */
  runs?: number;
  /** An existing bench database with the million-event dataset (the orchestrator's), kept afterwards. */
  database?: string;
  /** Where to write the result JSON (default bench/results/<name>.json). */
  out?: string;
  /** Another checkout of this repository, for a benchmark comparing two versions of the code. */
  against?: string;
}

export function parseOptions(argv: string[] = process.argv.slice(2)): BenchOptions {
  const options: BenchOptions = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--database') options.database = value();
    else if (arg === '--out') options.out = value();
    else if (arg === '--against') options.against = value();
    else throw new Error(`unknown option ${arg} (known: --quick, --runs N, --database bench_..., --out file.json, --against dir)`);
  }
  return options;
}

export const RESULTS_DIR = join(__dirname, '..', 'results');

/**
 * Runs one benchmark as a script: writes its JSON, prints its table, exits 1 on a wrong result
 * (never on timing).
 */
export function runStandalone(name: string, bench: (options: BenchOptions) => Promise<BenchResult>): void {
  const options = parseOptions();
  bench(options)
    .then((result) => {
      const out = options.out ?? join(RESULTS_DIR, `${name}${options.quick ? '.quick' : ''}.json`);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
      process.stdout.write(`${renderBenchSection(result)}\n`);
      const failed = result.checks.filter((c) => !c.ok);
      if (failed.length > 0) {
        process.stderr.write(`${name}: ${failed.length} check(s) failed: ${failed.map((c) => c.label).join('; ')}\n`);
        process.exitCode = 1;
      }
    })
    .catch((error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    })
    .finally(() => {
      // Handles a library leaves open (ioredis reconnect timers) must not keep the script alive.
      setTimeout(() => process.exit(), 200).unref();
    });
}

export const runsOf = (options: BenchOptions, full = 5, quick = 2): number => options.runs ?? (options.quick ? quick : full);
