import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DEV_JWT_SECRET } from '@app/config';

const home = mkdtempSync(join(tmpdir(), 'keywork-secret-'));
const run = () => spawnSync('bash', ['scripts/jwt-secret.sh'], { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: home } });

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('scripts/jwt-secret.sh (what start.sh passes as JWT_SECRET)', () => {
  it('makes a random secret once per installation, outside the repository, readable by its owner only', () => {
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/Made a new JWT secret in .*keywork\/jwt-secret/);
    const secret = first.stdout;
    expect(secret).toMatch(/^[A-Za-z0-9+/=]{64}$/);
    expect(secret).not.toBe(DEV_JWT_SECRET);
    expect(statSync(join(home, 'keywork', 'jwt-secret')).mode & 0o777).toBe(0o600);

    const again = run();
    expect([again.status, again.stdout, again.stderr]).toEqual([0, secret, '']);
  });
});
