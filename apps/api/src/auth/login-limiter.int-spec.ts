import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { loadConfig } from '@app/config';
import { LOGIN_LIMITS, LoginLimiter, RedisLimiterStore, limiterRedis, type LimitVerdict } from './login-limiter';

/**
 * Issue 12, item 5: login limits kept in Redis (real Redis, a prefix of this test's own), shared
 * by several api processes; per username with back-off from any address that delays and never
 * locks the owner out; in this process's memory while Redis is unreachable, never not at all.
 */
const REDIS_URL = loadConfig().REDIS_URL;
const PREFIX = `keywork-test-limits-${randomBytes(4).toString('hex')}:`;
const clients: Redis[] = [];
const redis = async () => {
  const client = await limiterRedis(REDIS_URL, 10_000);
  clients.push(client);
  return client;
};

afterAll(async () => {
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${PREFIX}*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
  for (const client of clients) client.disconnect();
});

/** A limiter on a clock the test moves; `shared` is the store of another "process" when given. */
async function limiterOn(kind: 'redis' | 'memory', prefix = `${PREFIX}${randomBytes(3).toString('hex')}:`) {
  const clock = { now: 1_800_000_000_000 };
  const store = kind === 'redis' ? new RedisLimiterStore(await redis(), prefix) : null;
  const limiter = new LoginLimiter(store, { now: () => clock.now });
  return { limiter, clock, prefix };
}

/** One attempt: the password right (`ok`) or wrong; the verdict (with the attempt reported). */
async function attempt(limiter: LoginLimiter, username: string, address: string, ok = false): Promise<LimitVerdict> {
  const verdict = await limiter.begin(username, address);
  if (verdict.allowed) await (ok ? verdict.attempt.succeeded() : verdict.attempt.failed());
  return verdict;
}

const refusal = (verdict: LimitVerdict) => (verdict.allowed ? 'allowed' : { reason: verdict.reason, retryAfterMs: verdict.retryAfterMs });

describe.each(['redis', 'memory'] as const)('login limits in %s', (kind) => {
  const limiters: LoginLimiter[] = [];
  const limiterOfKind = async () => {
    const made = await limiterOn(kind);
    limiters.push(made.limiter);
    return made;
  };
  afterAll(() => {
    // The Redis store was used, not the fallback.
    for (const limiter of limiters) expect(limiter.fellBackToMemory).toBe(false);
  });

  it(`allows ${LOGIN_LIMITS.perUser} failures a minute for one username from one address, then waits for the window`, async () => {
    const { limiter, clock } = await limiterOfKind();
    for (let i = 0; i < LOGIN_LIMITS.perUser; i++) expect((await attempt(limiter, 'alice', '192.0.2.1')).allowed).toBe(true);
    clock.now += 15_000;
    expect(refusal(await attempt(limiter, 'alice', '192.0.2.1'))).toEqual({ reason: 'user-address', retryAfterMs: 45_000 });
    // Another username from the same address is not limited by alice's counter.
    expect((await attempt(limiter, 'bob', '192.0.2.1')).allowed).toBe(true);
    clock.now += 45_000;
    // The window is over, and the back-off after 10 failures (1 s) too.
    expect((await attempt(limiter, 'alice', '192.0.2.1', true)).allowed).toBe(true);
  });

  it(`allows ${LOGIN_LIMITS.perAddress} failed attempts a minute from one address; successes do not count`, async () => {
    const { limiter } = await limiterOfKind();
    for (let i = 0; i < 20; i++) expect((await attempt(limiter, 'carol', '192.0.2.2', true)).allowed).toBe(true);
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) expect((await attempt(limiter, `guess-${i}`, '192.0.2.2')).allowed).toBe(true);
    expect(refusal(await attempt(limiter, 'someone-else', '192.0.2.2'))).toMatchObject({ reason: 'address' });
  });

  it('backs a username off exponentially after failures from any address, and delays rather than locks', async () => {
    const { limiter, clock } = await limiterOfKind();
    // A stranger spreads guesses over addresses, each under its own per-address limits.
    for (let i = 0; i < LOGIN_LIMITS.freeFailures; i++) expect((await attempt(limiter, 'dave', `198.51.100.${i}`)).allowed).toBe(true);
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const refused = await attempt(limiter, 'dave', '198.51.100.200');
      expect(refusal(refused)).toMatchObject({ reason: 'backoff' });
      waits.push((refused as { retryAfterMs: number }).retryAfterMs);
      clock.now += waits.at(-1)!;
      // After the wait, exactly one attempt goes ahead (and fails).
      expect((await attempt(limiter, 'dave', `198.51.100.${100 + i}`)).allowed).toBe(true);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    // The owner, from an address it never signed in from, waits at most the back-off, then gets in.
    const owner = await attempt(limiter, 'dave', '203.0.113.7', true);
    expect(refusal(owner)).toEqual({ reason: 'backoff', retryAfterMs: 60_000 });
    clock.now += 60_000;
    expect((await attempt(limiter, 'dave', '203.0.113.7', true)).allowed).toBe(true);
    // A success forgets the failures.
    expect((await attempt(limiter, 'dave', '198.51.100.250')).allowed).toBe(true);
  });

  it('never holds back the owner at an address it signed in from, whatever strangers do elsewhere', async () => {
    const { limiter, clock } = await limiterOfKind();
    expect((await attempt(limiter, 'erin', '203.0.113.8', true)).allowed).toBe(true);
    for (let i = 0; i < 40; i++) {
      await attempt(limiter, 'erin', `198.51.100.${i}`);
      clock.now += 10;
    }
    expect(refusal(await attempt(limiter, 'erin', '198.51.100.99'))).toMatchObject({ reason: 'backoff' });
    expect((await attempt(limiter, 'erin', '203.0.113.8', true)).allowed).toBe(true);
  });

  it('forgets failures some time after the last one', async () => {
    const { limiter, clock } = await limiterOfKind();
    for (let i = 0; i < LOGIN_LIMITS.freeFailures + 2; i++) await attempt(limiter, 'frank', `198.51.100.${i}`);
    expect(refusal(await attempt(limiter, 'frank', '198.51.100.50'))).toMatchObject({ reason: 'backoff' });
    clock.now += LOGIN_LIMITS.failureMemoryMs;
    expect((await attempt(limiter, 'frank', '198.51.100.51')).allowed).toBe(true);
  });
});

describe('login limits across api processes and outages', () => {
  it('are shared by the api processes of one installation (one Redis, one prefix)', async () => {
    const first = await limiterOn('redis');
    const second = new LoginLimiter(new RedisLimiterStore(await redis(), first.prefix), { now: () => first.clock.now });
    for (let i = 0; i < LOGIN_LIMITS.perUser / 2; i++) {
      expect((await attempt(first.limiter, 'gina', '192.0.2.3')).allowed).toBe(true);
      expect((await attempt(second, 'gina', '192.0.2.3')).allowed).toBe(true);
    }
    expect(refusal(await attempt(second, 'gina', '192.0.2.3'))).toMatchObject({ reason: 'user-address' });
    expect(refusal(await attempt(first.limiter, 'gina', '192.0.2.3'))).toMatchObject({ reason: 'user-address' });
    expect([first.limiter.fellBackToMemory, second.fellBackToMemory]).toEqual([false, false]);
    expect(await (await redis()).exists(`${first.prefix}ua:192.0.2.3|gina`)).toBe(1);
  });

  it('still limit, in this process, while Redis is unreachable, and answer at once', async () => {
    const unreachable = await limiterRedis('redis://127.0.0.1:1');
    clients.push(unreachable);
    const limiter = new LoginLimiter(new RedisLimiterStore(unreachable, `${PREFIX}down:`));
    const started = Date.now();
    for (let i = 0; i < LOGIN_LIMITS.perUser; i++) expect((await attempt(limiter, 'hank', '192.0.2.4')).allowed).toBe(true);
    expect(refusal(await attempt(limiter, 'hank', '192.0.2.4'))).toMatchObject({ reason: 'user-address' });
    expect(limiter.fellBackToMemory).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
