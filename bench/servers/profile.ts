import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * With BENCH_CPU_PROFILE=<file>, records a CPU profile of this process for
 * BENCH_CPU_PROFILE_SECONDS (default 20) from now and writes it there (open it in Chrome DevTools
 * or summarise it with bench/profile-summary.ts). Used to find what a benchmark spends its time on.
 */
export function profileIfAsked(): void {
  profileHeapIfAsked();
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return;
  const session = new Session();
  session.connect();
  let written = false;
  // In-thread inspector sessions answer synchronously: the profile is written before a signal ends the process.
  const stopAndWrite = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
      process.stderr.write(`cpu profile written to ${file}\n`);
      session.disconnect();
    });
  };
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  setTimeout(stopAndWrite, Number(process.env.BENCH_CPU_PROFILE_SECONDS ?? 20) * 1000).unref();
  process.prependListener('SIGTERM', stopAndWrite);
}

/**
 * With BENCH_HEAP_PROFILE=<file>, samples every allocation of this process from now until it is
 * stopped (SIGTERM), collected objects included, and writes the sampling heap profile there
 * (bench/profile-summary.ts summarises it). Bytes allocated do not depend on how loaded the
 * machine is, unlike time: two apis' allocations per request compare on a noisy machine.
 */
function profileHeapIfAsked(): void {
  const file = process.env.BENCH_HEAP_PROFILE;
  if (!file) return;
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable', () =>
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 32_768,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    }),
  );
  process.prependListener('SIGTERM', () =>
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
      process.stderr.write(`heap profile written to ${file}\n`);
      session.disconnect();
    }),
  );
}

// A server whose benchmark is gone (crashed, interrupted) must not linger.
process.on('disconnect', () => process.exit(0));

/** A message to the benchmark that started this process (over IPC). */
export function tell(message: Record<string, unknown>, sent?: () => void): void {
  if (process.send) process.send(message, undefined, {}, () => sent?.());
  else {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    sent?.();
  }
}
