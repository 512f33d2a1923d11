import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';

/**
 * Password attempts (sign-in and password change):
 * - `perUser` attempts a `windowMs` for one username from one address, `perAddress` from one
 *   address for any usernames (attempts that succeed are not counted);
 * - per username, from any address: after `freeFailures` failures, one attempt per back-off
 *   period, `backoffBaseMs` doubling with each further failure up to `backoffMaxMs`; failures are
 *   forgotten `failureMemoryMs` after the last one, and all at once by a success. The back-off
 *   delays attempts, it never locks: and an address the user signed in from in the last
 *   `knownAddressMs` is not subject to it at all, so a stranger's failures elsewhere cannot keep
 *   the owner out.
 */
export interface LoginLimits {
  perUser: number;
  perAddress: number;
  windowMs: number;
  freeFailures: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  failureMemoryMs: number;
  knownAddressMs: number;
}

export const LOGIN_LIMITS: LoginLimits = {
  perUser: 10,
  perAddress: 100,
  windowMs: 60_000,
  freeFailures: 10,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  failureMemoryMs: 15 * 60_000,
  knownAddressMs: 30 * 86_400_000,
};

/** Which limit refused an attempt. */
export type LimitReason = 'address' | 'user-address' | 'backoff';

export interface Attempt {
  /** The password was right: it does not count, the username's failures are forgotten, the address is known. */
  succeeded(): Promise<void>;
  /** The password was wrong: one more failure of the username. */
  failed(): Promise<void>;
}

export type LimitVerdict = { allowed: true; attempt: Attempt } | { allowed: false; reason: LimitReason; retryAfterMs: number };

/** The keys of one attempt (the address first: it cannot contain `|`, the username may). */
export interface AttemptKeys {
  address: string;
  userAddress: string;
  user: string;
  known: string;
}

export const attemptKeys = (username: string, address: string): AttemptKeys => ({
  address: `a:${address}`,
  userAddress: `ua:${address}|${username}`,
  user: `u:${username}`,
  known: `k:${address}|${username}`,
});

/** Where the counters live: Redis (shared by every api process) or this process's memory. */
export interface LimiterStore {
  /** null when the attempt may go ahead (then counted), else the limit and how long until the next may. */
  begin(keys: AttemptKeys, now: number, limits: LoginLimits): Promise<{ reason: LimitReason; retryAfterMs: number } | null>;
  succeeded(keys: AttemptKeys, now: number, limits: LoginLimits): Promise<void>;
  failed(keys: AttemptKeys, now: number, limits: LoginLimits): Promise<void>;
}

/** The wait after the `fails`-th failure (from freeFailures on). */
export const backoffMs = (fails: number, limits: LoginLimits): number =>
  fails < limits.freeFailures ? 0 : Math.min(limits.backoffBaseMs * 2 ** Math.min(fails - limits.freeFailures, 30), limits.backoffMaxMs);

// --- Redis ------------------------------------------------------------------------------------

// The same rules as MemoryLimiterStore, each step one atomic script, so concurrent attempts on
// several api processes cannot slip between a check and its count.
const LUA_BACKOFF = `
local function backoff(fails, free, base, max)
  if fails < free then return 0 end
  return math.min(base * 2 ^ math.min(fails - free, 30), max)
end
`;

const LUA_BEGIN = `${LUA_BACKOFF}
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local function hit(key, limit)
  local reset = tonumber(redis.call('HGET', key, 'reset'))
  local n
  if not reset or reset <= now then
    reset = now + window
    n = 1
    redis.call('HSET', key, 'n', 1, 'reset', reset)
    redis.call('PEXPIRE', key, window)
  else
    n = redis.call('HINCRBY', key, 'n', 1)
  end
  if n > limit then return reset - now end
  return 0
end
local wait = hit(KEYS[1], tonumber(ARGV[3]))
if wait > 0 then return {'address', wait} end
wait = hit(KEYS[2], tonumber(ARGV[4]))
if wait > 0 then return {'user-address', wait} end
if redis.call('EXISTS', KEYS[4]) == 1 then return {'ok', 0} end
local state = redis.call('HMGET', KEYS[3], 'fails', 'until', 'last')
local fails, untilAt, last = tonumber(state[1]) or 0, tonumber(state[2]) or 0, tonumber(state[3]) or 0
if fails == 0 then return {'ok', 0} end
if now - last >= tonumber(ARGV[8]) then
  redis.call('DEL', KEYS[3])
  return {'ok', 0}
end
if now < untilAt then return {'backoff', untilAt - now} end
local delay = backoff(fails, tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]))
-- This attempt takes the period's one slot.
if delay > 0 then redis.call('HSET', KEYS[3], 'until', now + delay) end
return {'ok', 0}
`;

const LUA_SUCCEEDED = `
for i = 1, 2 do
  if redis.call('EXISTS', KEYS[i]) == 1 and redis.call('HINCRBY', KEYS[i], 'n', -1) < 0 then redis.call('HSET', KEYS[i], 'n', 0) end
end
redis.call('DEL', KEYS[3])
redis.call('SET', KEYS[4], '1', 'PX', ARGV[1])
return 1
`;

const LUA_FAILED = `${LUA_BACKOFF}
local now = tonumber(ARGV[1])
local fails = redis.call('HINCRBY', KEYS[1], 'fails', 1)
redis.call('HSET', KEYS[1], 'last', now)
local delay = backoff(fails, tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))
if delay > 0 then redis.call('HSET', KEYS[1], 'until', now + delay) end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return fails
`;

type LimiterRedis = Redis & {
  loginBegin(...args: (string | number)[]): Promise<[string, number]>;
  loginSucceeded(...args: (string | number)[]): Promise<number>;
  loginFailed(...args: (string | number)[]): Promise<number>;
};

/**
 * A Redis connection for the limiter whose commands fail at once while Redis is away (the limiter
 * then counts in memory); waits up to `waitMs` for the first connection, never longer.
 */
export async function limiterRedis(url: string, waitMs = 1000): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 1000,
  });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.connect().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
  return client;
}

/** Counters in Redis under `prefix` (the installation's), shared by every api process. */
export class RedisLimiterStore implements LimiterStore {
  private readonly redis: LimiterRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('loginBegin', { numberOfKeys: 4, lua: LUA_BEGIN });
    redis.defineCommand('loginSucceeded', { numberOfKeys: 4, lua: LUA_SUCCEEDED });
    redis.defineCommand('loginFailed', { numberOfKeys: 1, lua: LUA_FAILED });
    this.redis = redis as LimiterRedis;
  }

  private keys(keys: AttemptKeys): string[] {
    return [keys.address, keys.userAddress, keys.user, keys.known].map((key) => `${this.prefix}${key}`);
  }

  async begin(keys: AttemptKeys, now: number, limits: LoginLimits) {
    const [verdict, wait] = await this.redis.loginBegin(
      ...this.keys(keys),
      now,
      limits.windowMs,
      limits.perAddress,
      limits.perUser,
      limits.freeFailures,
      limits.backoffBaseMs,
      limits.backoffMaxMs,
      limits.failureMemoryMs,
    );
    return verdict === 'ok' ? null : { reason: verdict as LimitReason, retryAfterMs: Number(wait) };
  }

  async succeeded(keys: AttemptKeys, _now: number, limits: LoginLimits): Promise<void> {
    await this.redis.loginSucceeded(...this.keys(keys), limits.knownAddressMs);
  }

  async failed(keys: AttemptKeys, now: number, limits: LoginLimits): Promise<void> {
    await this.redis.loginFailed(
      `${this.prefix}${keys.user}`,
      now,
      limits.freeFailures,
      limits.backoffBaseMs,
      limits.backoffMaxMs,
      limits.failureMemoryMs,
    );
  }
}

// --- memory -----------------------------------------------------------------------------------

const MAX_ENTRIES = 50_000;

/** The same counters in this process's memory: the fallback while Redis is unreachable. */
export class MemoryLimiterStore implements LimiterStore {
  private readonly windows = new Map<string, { n: number; reset: number }>();
  private readonly users = new Map<string, { fails: number; until: number; last: number }>();
  private readonly known = new Map<string, number>();

  async begin(keys: AttemptKeys, now: number, limits: LoginLimits) {
    this.sweep(now, limits);
    for (const [key, limit, reason] of [
      [keys.address, limits.perAddress, 'address'],
      [keys.userAddress, limits.perUser, 'user-address'],
    ] as const) {
      let window = this.windows.get(key);
      if (!window || window.reset <= now) {
        window = { n: 0, reset: now + limits.windowMs };
        this.windows.set(key, window);
      }
      window.n += 1;
      if (window.n > limit) return { reason, retryAfterMs: window.reset - now };
    }
    if ((this.known.get(keys.known) ?? 0) > now) return null;
    const user = this.users.get(keys.user);
    if (!user) return null;
    if (now - user.last >= limits.failureMemoryMs) {
      this.users.delete(keys.user);
      return null;
    }
    if (now < user.until) return { reason: 'backoff' as const, retryAfterMs: user.until - now };
    const delay = backoffMs(user.fails, limits);
    if (delay > 0) user.until = now + delay;
    return null;
  }

  async succeeded(keys: AttemptKeys, now: number, limits: LoginLimits): Promise<void> {
    for (const key of [keys.address, keys.userAddress]) {
      const window = this.windows.get(key);
      if (window) window.n = Math.max(0, window.n - 1);
    }
    this.users.delete(keys.user);
    this.known.set(keys.known, now + limits.knownAddressMs);
  }

  async failed(keys: AttemptKeys, now: number, limits: LoginLimits): Promise<void> {
    const user = this.users.get(keys.user) ?? { fails: 0, until: 0, last: now };
    user.fails += 1;
    user.last = now;
    const delay = backoffMs(user.fails, limits);
    if (delay > 0) user.until = now + delay;
    this.users.set(keys.user, user);
  }

  private sweep(now: number, limits: LoginLimits): void {
    if (this.windows.size > MAX_ENTRIES) for (const [key, w] of this.windows) if (w.reset <= now) this.windows.delete(key);
    if (this.users.size > MAX_ENTRIES)
      for (const [key, u] of this.users) if (now - u.last >= limits.failureMemoryMs) this.users.delete(key);
    if (this.known.size > MAX_ENTRIES) for (const [key, until] of this.known) if (until <= now) this.known.delete(key);
  }
}

// --- the limiter --------------------------------------------------------------------------------

/**
 * Counts password attempts in Redis, so every api process shares the counts; while Redis cannot
 * answer, in this process's memory instead (each process then limits on its own): never not at all.
 */
export class LoginLimiter implements OnModuleDestroy {
  private readonly logger = new Logger('auth');
  private usingFallback = false;
  private readonly fallback: LimiterStore;
  private readonly limits: LoginLimits;
  private readonly now: () => number;

  /** `shared`: the Redis store (null: memory only); `onDestroy` closes its connection. */
  constructor(
    private readonly shared: LimiterStore | null,
    private readonly options: { fallback?: LimiterStore; limits?: LoginLimits; now?: () => number; onDestroy?: () => void } = {},
  ) {
    this.fallback = options.fallback ?? new MemoryLimiterStore();
    this.limits = options.limits ?? LOGIN_LIMITS;
    this.now = options.now ?? Date.now;
  }

  /** Whether the last attempt was counted in this process's memory because Redis did not answer. */
  get fellBackToMemory(): boolean {
    return this.usingFallback;
  }

  /** Counts an attempt of `username` (normalised) from `address`; the verdict carries what to report afterwards. */
  async begin(username: string, address: string): Promise<LimitVerdict> {
    const keys = attemptKeys(username, address);
    const { store, refused } = await this.beginIn(keys);
    if (refused) return { allowed: false, ...refused };
    const limits = this.limits;
    const report = (step: 'succeeded' | 'failed') => async () => {
      try {
        await store[step](keys, this.now(), limits);
      } catch (error) {
        // Redis went away mid-attempt: count it here instead.
        this.fellBack(error);
        await this.fallback[step](keys, this.now(), limits);
      }
    };
    return { allowed: true, attempt: { succeeded: report('succeeded'), failed: report('failed') } };
  }

  private async beginIn(keys: AttemptKeys) {
    if (this.shared) {
      try {
        const refused = await this.shared.begin(keys, this.now(), this.limits);
        if (this.usingFallback) {
          this.usingFallback = false;
          this.logger.log('Login limits: Redis answers again; counting there');
        }
        return { store: this.shared, refused };
      } catch (error) {
        this.fellBack(error);
      }
    }
    return { store: this.fallback, refused: await this.fallback.begin(keys, this.now(), this.limits) };
  }

  private fellBack(error: unknown): void {
    if (this.usingFallback) return;
    this.usingFallback = true;
    this.logger.warn(`Login limits: Redis unavailable (${(error as Error)?.message}); counting in this process until it is back`);
  }

  onModuleDestroy(): void {
    this.options.onDestroy?.();
  }
}
