import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, validateSync } from 'class-validator';

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
