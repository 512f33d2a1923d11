import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@app/config';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { AccountStore } from './account-store';
import { runUsersCommand } from './users-cli';

/** `npm run users -- create` with the password on standard input, never on the command line. */
let db: TestDatabase;
const config = { BCRYPT_COST: 4 } as AppConfig;

beforeAll(async () => {
  db = await createTestDatabase(2);
});

afterAll(async () => {
  await db?.drop();
});

async function create(argv: string[], stdin: string): Promise<string[]> {
  const input = new PassThrough();
  const lines: string[] = [];
  const done = runUsersCommand(db.pool, config, ['create', ...argv], (line) => lines.push(line), { input, output: new PassThrough() });
  input.end(stdin);
  await done;
  return lines;
}

describe('npm run users -- create (password piped in)', () => {
  it('creates the user with the first line of standard input as its password', async () => {
    const lines = await create(['--username', 'Piped.Admin', '--role', 'admin'], 'a-piped-password\n');
    expect(lines).toEqual([expect.stringMatching(/^Created user piped\.admin \(.+\): admin:\*$/)]);
    const accounts = new AccountStore(db.pool, config);
    expect(await accounts.authenticate('piped.admin', 'a-piped-password')).toMatchObject({ username: 'piped.admin' });
  });

  it('takes --password-stdin to say so', async () => {
    await create(['--password-stdin', '--username', 'piped-staff', '--role', 'staff:wh-fao'], 'another-password');
    expect(await new AccountStore(db.pool, config).authenticate('piped-staff', 'another-password')).not.toBeNull();
  });
});
