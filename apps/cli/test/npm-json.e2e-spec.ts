import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { installationId } from '@app/database';
import { REPORT_QUEUE, reportQueuePrefix } from '@app/reporting/jobs';
import { createTestDatabase, type TestDatabase } from '@app/testing';

/**
 * The README's command lines, run as written (`npm run progress -- … --json`) against the built
 * CLI: what they write to stdout is the command's output alone (no npm banner), so `> file` is
 * clean JSON; failures still say why on stderr and exit non-zero.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `keywork-test-${randomBytes(4).toString('hex')}`;
let db: TestDatabase;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the repository with a clean environment: no npm_* settings of the npm that runs jest. */
function run(command: string, args: string[], timeoutMs = 120_000): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  Object.assign(env, { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: PREFIX });
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const npm = (...args: string[]) => run('npm', ['run', ...args]);

beforeAll(async () => {
  db = await createTestDatabase(5);
  // The CLI as `npm run build` makes it (this test runs what the README runs, not the sources).
  const built = await run(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build', 'cli'], 240_000);
  if (built.code !== 0) throw new Error(`nest build cli failed:\n${built.stdout}\n${built.stderr}`);
  const imported = await npm('import', '--', 'datasets/wuhan-fao-2023.yaml');
  expect({ code: imported.code, stderr: imported.stderr }).toEqual({ code: 0, stderr: '' });
  expect(imported.stdout).toMatch(/^Imported datasets\/wuhan-fao-2023\.yaml: wh-fao 2023, \d+ commands applied, 0 unchanged\n$/);
}, 360_000);

afterAll(async () => {
  if (db) {
    const queue = new Queue(REPORT_QUEUE, {
      connection: { url: REDIS_URL },
      prefix: reportQueuePrefix(PREFIX, await installationId(db.pool)),
    });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await db.drop();
  }
});

describe('npm run … with JSON output', () => {
  it('progress --json writes only the JSON', async () => {
    const result = await npm('progress', '--', '--department', 'wh-fao', '--year', '2023', '--json');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('{')).toBe(true);
    expect(JSON.parse(result.stdout)).toMatchObject({ department: 'wh-fao', year: 2023 });
  }, 120_000);

  it('report --format json writes only the report', async () => {
    const result = await npm('report', '--', '--department', 'wh-fao', '--year', '2023', '--format', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ header: { year: 2023 }, departmentEvaluation: { total: 96 } });
  }, 120_000);

  it('still says why a command failed, on stderr, with a non-zero exit code and nothing on stdout', async () => {
    const unknown = await npm('progress', '--', '--department', 'no-such-dept', '--year', '2023', '--json');
    expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/DEPARTMENT\.NOT_FOUND/);
    const usage = await npm('report', '--', '--department', 'wh-fao');
    expect({ code: usage.code, stdout: usage.stdout }).toEqual({ code: 2, stdout: '' });
    expect(usage.stderr).toMatch(/report needs --department and --year/);
  }, 120_000);
});
