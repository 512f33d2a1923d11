import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

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

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  /** Upper bound of a JSON request body; larger bodies get 413. */
  @IsString()
  BODY_LIMIT = '256kb';

  /** Prefix of BullMQ keys in Redis, so several installations can share one Redis. */
  @IsString()
  QUEUE_PREFIX = 'keywork';

  /**
   * HMAC key (HS256) of the api's access tokens. The default is for development only:
   * production MUST set its own random value (e.g. `openssl rand -base64 48`); the api refuses
   * to start with the default when NODE_ENV=production.
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
  if (errors.length > 0) {
    const reasons = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new ConfigError(`Invalid configuration: ${reasons.join('; ')}`);
  }
  return config;
}
