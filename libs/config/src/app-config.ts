import { plainToInstance, Type } from 'class-transformer';
import { isIP } from 'node:net';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

/** The development default of JWT_SECRET; see AppConfig.JWT_SECRET. */
export const DEV_JWT_SECRET = 'dev-only-keywork-jwt-secret-set-JWT_SECRET-in-production';

/** Every setting the processes read, validated once at boot. */
export class AppConfig {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/keywork';

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Address the api listens on: the loopback interface unless set (`0.0.0.0` for every interface). */
  @IsString()
  @Matches(/^[A-Za-z0-9.:-]+$/, { message: 'HOST must be an address or host name, e.g. 127.0.0.1 or 0.0.0.0' })
  HOST = '127.0.0.1';

  /**
   * Express's `trust proxy` (https://expressjs.com/en/guide/behind-proxies.html): empty or
   * `false` trusts no proxy (the client address is the connection's); a number of proxy hops
   * (`1`); or a comma-separated list of proxy addresses, subnets and the names `loopback`,
   * `linklocal`, `uniquelocal`. `true` is refused: it would let any client choose its address.
   */
  @IsString()
  TRUST_PROXY = '';

  /** `development`, `test` or `production` (or unset): decides whether the development JWT secret is allowed. */
  @IsString()
  NODE_ENV = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  /**
   * `on`: the api serves the web app's modules as one script (/js/main.js, bundled at its start);
   * `off`: each module as it is, one file each (to read them one by one in the browser's tools).
   */
  @IsIn(['on', 'off'])
  WEB_BUNDLE: 'on' | 'off' = 'on';

  /** Upper bound of a JSON request body; larger bodies get 413. */
  @IsString()
  BODY_LIMIT = '256kb';

  /** Prefix of BullMQ keys in Redis, so several installations can share one Redis. */
  @IsString()
  QUEUE_PREFIX = 'keywork';

  /**
   * HMAC key (HS256) of the api's access tokens. The default is in the repository, so it is for
   * development only: the api refuses to start with it unless NODE_ENV is `development` or
   * `test` (see signingSecret). `scripts/start.sh` makes a random one per installation.
   */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET = DEV_JWT_SECRET;

  /** Lifetime of an access token, in seconds (15 minutes). */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(86_400)
  ACCESS_TOKEN_TTL = 900;

  /**
   * How often an open live-update stream (SSE) checks again that its user is enabled, still
   * signed in and still holds a role in the department (milliseconds); it always ends when its
   * access token expires.
   */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  STREAM_RECHECK_MS = 30_000;

  /** Lifetime of a refresh token, in seconds (7 days); each refresh replaces it. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(90 * 86_400)
  REFRESH_TOKEN_TTL = 7 * 86_400;

  /** bcrypt cost factor of password hashes (tests lower it to run fast). */
  @Type(() => Number)
  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_COST = 12;

  /**
   * How many progress views each api process keeps (department × year × asOf × day), each until
   * an event of its department is recorded; 0 computes every answer afresh.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  PROGRESS_CACHE_ENTRIES = 2000;

  /**
   * New report builds a department may request per hour (a request for a state already requested
   * is free); beyond it, 429 with Retry-After.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  REPORT_BUILDS_PER_HOUR = 60;

  /**
   * How long one report build waits for the projections to reach the events committed before it;
   * then the job waits in the queue (2 s) and tries again, for up to 10 min after it was queued.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  REPORT_PROJECTIONS_WAIT_MS = 20_000;

  /**
   * Stored reports per department-year that retention keeps (downloaded, published, or the newest
   * of its as-of date); a build that would add one beyond it gets 429.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  REPORTS_KEPT_PER_YEAR = 100;

  /**
   * Bearer token of Prometheus scrapes (`Authorization: Bearer <METRICS_TOKEN>`) of the api's
   * and the worker's /metrics. Unset: the api's /metrics answers admins' access tokens only, and
   * the worker serves no metrics. A long random value (e.g. `openssl rand -hex 32`).
   */
  @IsString()
  @ValidateIf((config: AppConfig) => config.METRICS_TOKEN !== '')
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'METRICS_TOKEN must be printable ASCII without spaces' })
  METRICS_TOKEN = '';

  /**
   * Port of the worker's /metrics (a plain HTTP server on HOST serving nothing else); 0 turns it
   * off. It listens only when METRICS_TOKEN is set.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT = 9464;

  /**
   * Folder of the named category catalogs (`*.yaml`); empty: `catalogs/` at the repository
   * root (the working directory's, or the one above the built code, as for `datasets/`).
   */
  @IsString()
  @MaxLength(4096)
  CATALOGS_DIR = '';

  /** The first administrator: created at api boot when set and missing (never overwritten). */
  @IsString()
  @MaxLength(64)
  ADMIN_USERNAME = '';

  @IsString()
  @MaxLength(72)
  ADMIN_PASSWORD = '';
}

export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaults = new AppConfig();
  const provided = Object.fromEntries(
    Object.keys(defaults)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const config = plainToInstance(AppConfig, { ...defaults, ...provided });
  const errors = validateSync(config);
  const reasons = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  const proxy = trustProxyProblem(config.TRUST_PROXY);
  if (proxy) reasons.push(proxy);
  if (reasons.length > 0) throw new ConfigError(`Invalid configuration: ${reasons.join('; ')}`);
  return config;
}

/** NODE_ENV values under which the api accepts the development JWT secret. */
export const DEV_SECRET_ENVIRONMENTS = ['development', 'test'];

/**
 * The HMAC key the api signs and verifies access tokens with. The development default is in the
 * repository, so anyone could sign tokens with it: it is refused unless NODE_ENV says this is a
 * development or test process. Called where tokens are signed (the api at boot), not by the
 * worker or the CLI, which never use it.
 */
export function signingSecret(config: Pick<AppConfig, 'JWT_SECRET' | 'NODE_ENV'>): string {
  if (config.JWT_SECRET === DEV_JWT_SECRET && !DEV_SECRET_ENVIRONMENTS.includes(config.NODE_ENV)) {
    throw new ConfigError(
      `JWT_SECRET is the development default, which is published in the repository; it is accepted only with NODE_ENV=development or NODE_ENV=test (NODE_ENV is ${config.NODE_ENV ? `'${config.NODE_ENV}'` : 'unset'}). Set JWT_SECRET to a long random value (e.g. openssl rand -base64 48), or run ./scripts/start.sh, which makes one for this installation.`,
    );
  }
  return config.JWT_SECRET;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxyProblem(value: string): string | null {
  const setting = value.trim().toLowerCase();
  if (setting === '' || setting === 'false' || /^\d{1,2}$/.test(setting)) return null;
  if (setting === 'true')
    return 'TRUST_PROXY=true would trust any X-Forwarded-For a client sends: give the number of proxies in front of the api (e.g. 1) or their addresses';
  for (const entry of setting.split(',').map((e) => e.trim())) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const maskOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!(PROXY_NAMES.includes(entry) || (family !== 0 && maskOk && rest.length === 0)))
      return `TRUST_PROXY: '${entry}' is not a proxy count, an address, a subnet or one of ${PROXY_NAMES.join(', ')}`;
  }
  return null;
}

/** The value for Express's `trust proxy` setting (validated by loadConfig). */
export function trustProxySetting(config: Pick<AppConfig, 'TRUST_PROXY'>): boolean | number | string[] {
  const setting = config.TRUST_PROXY.trim().toLowerCase();
  if (setting === '' || setting === 'false') return false;
  if (/^\d+$/.test(setting)) return Number(setting);
  return setting.split(',').map((e) => e.trim());
}
