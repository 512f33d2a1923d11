/**
 * Full rebuild of every projection over 1,000,000 events: the real CLI command
 * `projections:rebuild --all` (compiled, as `npm run projections:rebuild -- --all` runs it), timed
 * from start to exit. Each rebuild must reproduce the same read models.
 *
 *   npm run bench:rebuild [-- --quick] [--runs N] [--database bench_…]
 */
import { randomBytes } from 'node:crypto';
import { runStandalone, runsOf, type BenchOptions } from './lib/cli';
import { millionDataset } from './lib/million';
import { ensureBuild, runCompiled, startChild } from './lib/processes';
import { Recorder, type BenchResult } from './lib/result';
import { readModelDigest, verifyReadModels } from './lib/verify';

export async function rebuildBenchmark(options: BenchOptions): Promise<BenchResult> {
  const rec = new Recorder('rebuild', 'Full rebuild of every projection', options.quick);
  const runs = runsOf(options, 3, 1);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  ensureBuild(log);
  const dataset = await millionDataset(options, log);
  const { db, events } = dataset;
  Object.assign(rec.parameters, { runs, events, command: 'projections:rebuild --all' });
  log(`rebuild: ${runs} runs of projections:rebuild --all over ${events.toLocaleString('en-US')} events`);
  try {
    rec.metric('seconds', `projections:rebuild --all over ${events.toLocaleString('en-US')} events (command start to exit)`, 's', 'lower');
    rec.metric('eventsPerSecond', 'rebuild throughput', 'events/s', 'higher');
    rec.target('≤ 60 s', 'seconds', 'value', '<=', 60);

    const before = await readModelDigest(db.pool);
    const hadReadModels = Number(before.rm_activities.split(':')[0]) > 0;
    if (!options.database) {
      // Standalone: the page cache is cold; one plain read of the events first (as the catch-up's warm-up).
      log('  warm-up: one plain read of the events');
      const read = startChild('bench/servers/plain-read.js', { DATABASE_URL: db.url });
      await read.result;
      await read.stop();
    }
    let reference = hadReadModels ? before : null;
    for (let run = 0; run < runs; run++) {
      const result = await runCompiled('apps/cli/src/main.js', ['projections:rebuild', '--all'], {
        DATABASE_URL: db.url,
        QUEUE_PREFIX: `bench-${process.pid}-${randomBytes(3).toString('hex')}`,
      });
      if (result.code !== 0) throw new Error(`projections:rebuild failed (${result.code}):\n${result.output}`);
      const lines = result.output.split('\n').filter((l) => l.startsWith('Rebuilt '));
      rec.add('seconds', result.elapsedMs / 1000);
      rec.add('eventsPerSecond', (events / result.elapsedMs) * 1000);
      log(`  run ${run + 1}: ${(result.elapsedMs / 1000).toFixed(1)} s; ${lines.join('; ')}`);
      const digest = await readModelDigest(db.pool);
      if (reference) {
        rec.check(
          `run ${run + 1}: the rebuilt read models equal the ${hadReadModels && run === 0 ? 'caught-up' : 'first rebuilt'} ones, document for document`,
          JSON.stringify(digest) === JSON.stringify(reference),
          Object.entries(digest)
            .map(([t, d]) => `${t} ${d.split(':')[0]}`)
            .join(', '),
        );
      }
      reference ??= digest;
    }
    await verifyReadModels(rec, db.pool, 'after the last rebuild', { full: !hadReadModels });
    return rec.result();
  } finally {
    await db.close();
  }
}

if (require.main === module) runStandalone('rebuild', rebuildBenchmark);
