import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { Pool } from 'pg';
import type { AppConfig } from '@app/config';
import { PASSWORD_ON_COMMAND_LINE, runUsersCommand, UsersUsageError } from './users-cli';

/** No database: --password must be refused before anything is looked up or created. */
const nowhere = new Proxy({}, { get: () => () => Promise.reject(new Error('no database in this test')) }) as unknown as Pool;
const run = (argv: string[]) =>
  runUsersCommand(nowhere, { BCRYPT_COST: 4 } as AppConfig, argv, () => undefined, { input: new PassThrough(), output: new PassThrough() });

describe('npm run users -- create', () => {
  it.each([
    [['create', '--username', 'u1', '--password', 'on-the-command-line', '--role', 'admin']],
    [['create', '--username', 'u1', '--password=on-the-command-line']],
    [['create', '--password', 'first', '--username', 'u1']],
  ])('refuses --password, saying why and what to do instead (%j)', async (argv) => {
    await expect(run(argv)).rejects.toThrow(UsersUsageError);
    await expect(run(argv)).rejects.toThrow(PASSWORD_ON_COMMAND_LINE);
    expect(PASSWORD_ON_COMMAND_LINE).toMatch(/ps shows it.*history.*asked for it.*--password-stdin/);
  });

  it('takes --password-stdin as a switch without a value', async () => {
    await expect(run(['create', '--username', 'u1', '--password-stdin=x'])).rejects.toThrow('--password-stdin takes no value');
  });
});
