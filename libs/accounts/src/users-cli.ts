import type { Pool } from 'pg';
import type { AppConfig } from '@app/config';
import { AccountStore } from './account-store';
import { parseGrant, type RoleGrant } from './roles';
import { readPassword, SecretInputError, type SecretInput } from './secret-input';

export const USERS_USAGE = `  npm run users -- create --username <name> [--display-name <name>] --role admin[:*] --role staff:<department> ...
                 (asks for the password on a terminal, without echo; or pipe it in:
                  printf '%s\\n' "$PASSWORD" | npm run --silent users -- create --password-stdin --username <name> ...)
  npm run users -- demo        (the demo accounts of wh-fao, published passwords: demo mode only; idempotent)
  npm run users -- list`;

/** Why --password is refused. */
export const PASSWORD_ON_COMMAND_LINE =
  '--password would put the password on the command line, where ps shows it to every user of this machine and the shell keeps it in its history. Leave it out to be asked for it (no echo), or pipe it in with --password-stdin.';

/** Flags without a value. */
const SWITCHES = new Set(['password-stdin']);

/** 演示账号: one per role for the office (wh-fao). Demo passwords: never use them in production. */
export const DEMO_ACCOUNTS: { username: string; password: string; displayName: string; roles: RoleGrant[] }[] = [
  { username: 'admin', password: 'admin-demo-2023', displayName: '系统管理员（演示）', roles: [{ department: '*', role: 'admin' }] },
  { username: 'staff', password: 'staff-demo-2023', displayName: '经办人员（演示）', roles: [{ department: 'wh-fao', role: 'staff' }] },
  { username: 'leader', password: 'leader-demo-2023', displayName: '领导（演示）', roles: [{ department: 'wh-fao', role: 'leader' }] },
  {
    username: 'reporter',
    password: 'reporter-demo-2023',
    displayName: '报表人员（演示）',
    roles: [{ department: 'wh-fao', role: 'reporter' }],
  },
  {
    username: 'auditor',
    password: 'auditor-demo-2023',
    displayName: '审计人员（演示）',
    roles: [{ department: 'wh-fao', role: 'auditor' }],
  },
];

/** The demo accounts that exist, are enabled and still have their published password. */
export async function demoAccountsWithPublishedPasswords(accounts: AccountStore): Promise<string[]> {
  const exposed: string[] = [];
  for (const demo of DEMO_ACCOUNTS) {
    // Only existing users pay for a bcrypt comparison.
    if ((await accounts.byUsername(demo.username)) && (await accounts.authenticate(demo.username, demo.password)))
      exposed.push(demo.username);
  }
  return exposed;
}

export class UsersUsageError extends Error {}

/** `--name value` flags; repeated flags (--role) keep every value. */
function flags(argv: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsersUsageError(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (name === 'password') throw new UsersUsageError(PASSWORD_ON_COMMAND_LINE);
    if (SWITCHES.has(name)) {
      if (inline !== undefined) throw new UsersUsageError(`--${name} takes no value`);
      found.set(name, ['true']);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsersUsageError(`--${name} needs a value`);
    found.set(name, [...(found.get(name) ?? []), value]);
  }
  return found;
}

const describe = (roles: RoleGrant[]) => roles.map((r) => `${r.role}:${r.department}`).join(', ') || '(no roles)';

/**
 * The `users` command of the CLI: create a user (the password from standard input: asked for on a
 * terminal, read from a pipe), create the demo accounts, list users.
 */
export async function runUsersCommand(
  pool: Pool,
  config: AppConfig,
  argv: string[],
  out: (line: string) => void,
  io: SecretInput = { input: process.stdin, output: process.stderr },
): Promise<void> {
  const accounts = new AccountStore(pool, config);
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'create': {
      const given = flags(rest);
      const username = given.get('username')?.[0];
      if (!username) throw new UsersUsageError('create needs --username');
      let roles: RoleGrant[];
      try {
        roles = (given.get('role') ?? []).map(parseGrant);
      } catch (error) {
        throw new UsersUsageError((error as Error).message);
      }
      let password: string;
      try {
        password = await readPassword(io, `Password for ${AccountStore.normalizeUsername(username)}: `);
      } catch (error) {
        throw error instanceof SecretInputError ? new UsersUsageError(`create: ${error.message}`) : error;
      }
      const account = await accounts.create({ username, password, displayName: given.get('display-name')?.[0], roles });
      out(`Created user ${account.username} (${account.id}): ${describe(account.roles)}`);
      return;
    }
    case 'demo': {
      for (const demo of DEMO_ACCOUNTS) {
        const existing = await accounts.byUsername(demo.username);
        if (existing) {
          const account = await accounts.addRoles(existing.id, demo.roles);
          out(`  ${demo.username.padEnd(9)} exists (password unchanged)   ${describe(account.roles)}`);
        } else {
          const account = await accounts.create(demo);
          out(`  ${demo.username.padEnd(9)} / ${demo.password.padEnd(19)} ${describe(account.roles)}`);
        }
      }
      return;
    }
    case 'list': {
      for (const account of await accounts.list()) {
        out(`${account.username.padEnd(20)} ${account.disabled ? 'disabled ' : ''}${describe(account.roles)}`);
      }
      return;
    }
    default:
      throw new UsersUsageError(sub ? `unknown users command ${sub}` : 'users needs a command: create, demo or list');
  }
}
