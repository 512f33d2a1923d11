import { describe, expect, it } from '@jest/globals';
import { AttemptLimiter } from './attempt-limiter';

describe('AttemptLimiter', () => {
  it('allows the limit within a window, refuses the next with the seconds to wait, and forgets at the window end', () => {
    let now = 1_000_000;
    const limiter = new AttemptLimiter(3, 60_000, () => now);
    expect([1, 2, 3].map(() => limiter.hit('ip|alice').allowed)).toEqual([true, true, true]);
    now += 15_000;
    expect(limiter.hit('ip|alice')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(limiter.hit('ip|bob').allowed).toBe(true);
    now += 45_000;
    expect(limiter.hit('ip|alice').allowed).toBe(true);
  });
});
