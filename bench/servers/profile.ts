import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * With BENCH_CPU_PROFILE=<file>, records a CPU profile of this process for
 * BENCH_CPU_PROFILE_SECONDS (default 20) from now and writes it there (open it in Chrome DevTools
 * or summarise it with bench/profile-summary.ts). Used to find what a benchmark spends its time on.
 */
export function profileIfAsked(): void {
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
