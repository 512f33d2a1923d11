import { describe, expect, it } from '@jest/globals';
import { ManualTime } from './manual-time';
import { seededRandom, testSeed, withSeed } from './seeded-random';
import { until } from './until';

describe('testSeed', () => {
  it('takes TEST_SEED when set, else a fresh seed in 0..2^32-1', () => {
    expect(testSeed({ TEST_SEED: '42' })).toBe(42);
    expect(testSeed({ TEST_SEED: ' 4294967295 ' })).toBe(4294967295);
    const fresh = testSeed({});
    expect(Number.isInteger(fresh) && fresh >= 0 && fresh < 2 ** 32).toBe(true);
    for (const bad of ['-1', '1.5', 'x', '4294967296']) expect(() => testSeed({ TEST_SEED: bad })).toThrow(/TEST_SEED/);
  });
});

describe('withSeed', () => {
  it('hands the body the sequence of its seed', async () => {
    const [first, seed] = await withSeed((random, seed) => [random(), seed] as const);
    expect(first).toBe(seededRandom(seed)());
  });

  it('names the seed in the message and the stack of a failure', async () => {
    let seed = -1;
    const failed = await withSeed((_, s) => {
      seed = s;
      expect(1).toBe(2);
    }).catch((error: Error) => error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(new RegExp(`\\nseed=${seed} \\(rerun with TEST_SEED=${seed}\\)$`));
    expect((failed as Error).stack!.split(`TEST_SEED=${seed}`)).toHaveLength(2);
    await expect(
      withSeed(() => {
        throw 'a string';
      }),
    ).rejects.toThrow(/^a string\nseed=\d+/);
  });
});

describe('ManualTime', () => {
  it('moves only forward, and only when advanced', () => {
    const time = new ManualTime(10);
    expect(time.nowMs()).toBe(10);
    time.advance(2_000);
    expect(time.nowMs()).toBe(2_010);
    expect(() => time.advance(-1)).toThrow(/forward/);
  });
});

describe('until', () => {
  it('returns once the condition holds, and names what it waited for when it never does', async () => {
    let polls = 0;
    await until('third poll', () => ++polls === 3, 1_000);
    expect(polls).toBe(3);
    await expect(
      until(
        'never',
        () => false,
        30,
        () => 'context here',
      ),
    ).rejects.toThrow(/^never: not within 30 ms\ncontext here$/);
  });
});
