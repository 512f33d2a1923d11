import { randomInt } from 'node:crypto';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): the same seed, the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a randomised test: `TEST_SEED` when set (to replay a failure), else a fresh one. */
export function testSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.TEST_SEED?.trim();
  if (!given) return randomInt(0x1_0000_0000);
  const seed = Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff)
    throw new Error(`TEST_SEED must be an integer 0..4294967295, not "${given}"`);
  return seed;
}

/**
 * Runs a randomised test body with random numbers drawn from `testSeed()`. When the body fails,
 * its error's message ends with a line `seed=<n>`: `TEST_SEED=<n> npm test -- <file>` replays the
 * same choices (timing, of course, is not replayed).
 */
export async function withSeed<T>(body: (random: () => number, seed: number) => Promise<T> | T): Promise<T> {
  const seed = testSeed();
  try {
    return await body(seededRandom(seed), seed);
  } catch (error) {
    throw withSeedNoted(error, seed);
  }
}

function withSeedNoted(error: unknown, seed: number): Error {
  const note = `\nseed=${seed} (rerun with TEST_SEED=${seed})`;
  if (!(error instanceof Error)) return new Error(`${String(error)}${note}`, { cause: error });
  // Jest prints the stack, which V8 writes (message first) when it is first read: read it before.
  const stack = error.stack;
  const before = error.message;
  error.message = `${before}${note}`;
  if (typeof stack === 'string') error.stack = before && stack.includes(before) ? stack.replace(before, error.message) : `${stack}${note}`;
  return error;
}
