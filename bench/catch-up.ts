/**
 * Projection catch-up: the real worker (WorkerModule, as main.ts starts it) catching up from zero
 * over 1,000,000 stored events into the real read models, against its baseline in the same run:
 * a plain SELECT streaming the same events in order (the read cost alone). Both run as compiled
 * child processes, alternately. After the last catch-up the read models are checked against the
 * events.
 *
 *   npm run bench:catch-up [-- --quick] [--runs N] [--database bench_…]
 */
import { randomBytes } from 'node:crypto';
import { runStandalone, runsOf, type BenchOptions } from './lib/cli';
import { alternate } from './lib/drive';
import { withTimeout } from './lib/http';
import { millionDataset } from './lib/million';
import { ensureBuild, startChild } from './lib/processes';
import { Recorder, type BenchResult } from './lib/result';
import { TRACKING_PROJECTIONS } from '@app/tracking';
import { resetProjections, verifyReadModels } from './lib/verify';

interface CaughtUp {
  elapsedMs: number;
  maxRssMB: number;
  heapUsedMB: number;
}

interface PlainRead {
  elapsedMs: number;
  rows: number;
  ordered: boolean;
  maxRssMB: number;
}

export async function catchUpBenchmark(options: BenchOptions): Promise<BenchResult> {
  const rec = new Recorder('catch-up', 'Projection catch-up into the real read models', options.quick);
  const runs = runsOf(options, 3, 1);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  ensureBuild(log);
  const dataset = await millionDataset(options, log);
  const { db, events } = dataset;
  Object.assign(rec.parameters, { runs, events, departments: dataset.spec.departments, batchSize: 1000 });
  if (dataset.load)
    Object.assign(rec.parameters, { avgEventBytes: dataset.load.avgEventBytes, generationSeconds: Math.round(dataset.load.ms / 1000) });
  log(`catch-up: ${runs} runs over ${events.toLocaleString('en-US')} events, alternating with a plain streaming read`);
  try {
    rec.metric(
      'catchUp',
      `worker catch-up of ${events.toLocaleString('en-US')} events, ${TRACKING_PROJECTIONS.length} projections (三公 and the indicator counts among them)`,
      'events/s',
      'higher',
      'read',
    );
    rec.metric('read', 'plain SELECT streaming the events in order', 'events/s', 'higher');
    rec.metric('seconds', 'catch-up time', 's', 'lower');
    rec.metric('rss', "worker's peak RSS during catch-up", 'MB', 'lower');
    rec.target('≥ 20,000 events/s', 'catchUp', 'value', '>=', 20_000);
    rec.target("worker's peak RSS ≤ 300 MB", 'rss', 'value', '<=', 300);

    const read = async (): Promise<PlainRead> => {
      const child = startChild<PlainRead>('bench/servers/plain-read.js', { DATABASE_URL: db.url });
      try {
        const result = await withTimeout(child.result, 600_000, () => `the plain read did not finish:\n${child.tail()}`);
        return result;
      } finally {
        await child.stop();
      }
    };
    const catchUp = async (): Promise<CaughtUp & { vmHwmMB: number | null }> => {
      await resetProjections(db.pool);
      const child = startChild<CaughtUp>(
        'bench/servers/worker.js',
        { DATABASE_URL: db.url, QUEUE_PREFIX: `bench-${process.pid}-${randomBytes(3).toString('hex')}` },
        ['--until-caught-up'],
      );
      try {
        const result = await withTimeout(child.result, 900_000, () => `the worker did not catch up:\n${child.tail()}`);
        return { ...result, vmHwmMB: child.peakRssMB() };
      } finally {
        await child.stop();
      }
    };

    log('  warm-up: one plain read (fills the page cache)');
    const warm = await read();
    rec.check(
      'the plain read streams every stored event once, in (transaction id, position) order',
      warm.rows === events && warm.ordered,
      `${warm.rows} rows`,
    );

    for (let round = 0; round < runs; round++) {
      for (const side of alternate(round, 'catchUp' as const, 'read' as const)) {
        if (side === 'read') {
          const r = await read();
          rec.add('read', (r.rows / r.elapsedMs) * 1000);
          log(`  round ${round + 1} read     ${Math.round((r.rows / r.elapsedMs) * 1000)} events/s (${(r.elapsedMs / 1000).toFixed(1)} s)`);
        } else {
          const r = await catchUp();
          const rss = Math.max(r.maxRssMB, r.vmHwmMB ?? 0);
          rec.add('catchUp', (events / r.elapsedMs) * 1000);
          rec.add('seconds', r.elapsedMs / 1000);
          rec.add('rss', rss);
          log(
            `  round ${round + 1} catch-up ${Math.round((events / r.elapsedMs) * 1000)} events/s (${(r.elapsedMs / 1000).toFixed(1)} s), peak RSS ${rss.toFixed(0)} MB`,
          );
        }
      }
    }
    await verifyReadModels(rec, db.pool, 'after the last catch-up', { full: true });
    return rec.result();
  } finally {
    await db.close();
  }
}

if (require.main === module) runStandalone('catch-up', catchUpBenchmark);
