import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Pool } from 'pg';

export interface MachineInfo {
  host: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  redis: string | null;
  /** 1-minute load average when the run started: the machine is shared with other work. */
  loadAverageAtStart: number;
  /** The shared dataset of catch-up, rebuild and progress query, once generated. */
  generatedDataset?: { events: number; departments: number; avgEventBytes: number; seconds: number };
}

const SETTINGS = ['fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'work_mem', 'max_connections', 'jit'];

export async function machineInfo(pool: Pool): Promise<MachineInfo> {
  const version = await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  const settings = await pool.query<{ name: string; setting: string; unit: string | null }>(
    'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name',
    [SETTINGS],
  );
  return {
    host: os.hostname(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: version.rows[0].v,
    postgresSettings: Object.fromEntries(
      settings.rows.map((r) => [
        r.name,
        r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024} MB` : `${r.setting}${r.unit && r.unit !== '8kB' ? ` ${r.unit}` : ''}`,
      ]),
    ),
    redis: redisVersion(),
    loadAverageAtStart: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

function redisVersion(): string | null {
  try {
    const info = execFileSync('redis-cli', ['-u', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'INFO', 'server'], {
      encoding: 'utf8',
      timeout: 2000,
    });
    return /redis_version:(\S+)/.exec(info)?.[1] ?? null;
  } catch {
    return null;
  }
}
