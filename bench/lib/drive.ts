import { percentile } from './stats';

export interface DriveResult {
  count: number;
  errors: number;
  elapsedMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstError: unknown;
}

/**
 * Runs `op` in `concurrency` closed loops for `durationMs` (each loop starts its next operation
 * when the previous one is done), counting completions and their latencies.
 */
export async function drive(concurrency: number, durationMs: number, op: (worker: number) => Promise<void>): Promise<DriveResult> {
  const started = performance.now();
  const deadline = started + durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: unknown = null;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await op(worker);
          latencies.push(performance.now() - t);
        } catch (error) {
          errors++;
          firstError ??= error;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  return {
    count: latencies.length,
    errors,
    elapsedMs,
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    firstError,
  };
}

/** Alternating order for round `i`: A B in even rounds, B A in odd ones, so drift hits both sides. */
export function alternate<T>(round: number, a: T, b: T): [T, T] {
  return round % 2 === 0 ? [a, b] : [b, a];
}
