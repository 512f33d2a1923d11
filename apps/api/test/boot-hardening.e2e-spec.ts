import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AccountStore, DEMO_ACCOUNTS } from '@app/accounts';
import { createTestDatabase, testModule, type TestDatabase } from '@app/testing';
import { AppModule } from '../src/app.module';
import { configureApp, listen } from '../src/bootstrap';
import { freePort, spawnTs, until, type Child } from './chaos/chaos-kit';

/**
 * Issue 12, items 1 and 2: the api as `node main.js` starts it. The development JWT secret is
 * refused unless NODE_ENV is development or test; the api listens on 127.0.0.1 unless HOST says
 * otherwise, and never on another address while a demo account has its published password.
 */
let db: TestDatabase;
const children: Child[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await db?.drop();
});

/** Whether something accepts TCP connections at host:port. */
const accepts = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

/** An IPv4 address of this machine that is not loopback, if it has one. */
const outsideAddress = (): string | undefined =>
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

const startMain = async (env: Record<string, string>) => {
  const port = await freePort();
  const child = spawnTs('api', 'apps/api/src/main.ts', {
    DATABASE_URL: db.url,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    BCRYPT_COST: '4',
    QUEUE_PREFIX: `keywork-test-boot-${process.pid}`,
    JWT_SECRET: '',
    HOST: '',
    ...env,
  });
  children.push(child);
  return { child, port };
};

describe('the api at boot (main.ts)', () => {
  it('refuses the development JWT secret when NODE_ENV is unset (what start.sh used to run), saying what to do', async () => {
    const { child, port } = await startMain({ NODE_ENV: '' });
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([child.exited, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 90_000)))]);
    clearTimeout(timer);
    expect(exit).not.toBeNull();
    expect(exit!.code).not.toBe(0);
    expect(child.output()).toMatch(/JWT_SECRET is the development default.*NODE_ENV=development or NODE_ENV=test/);
    expect(await accepts('127.0.0.1', port)).toBe(false);
  });

  it('listens on 127.0.0.1 only when HOST is not set', async () => {
    const { child, port } = await startMain({ NODE_ENV: 'test' });
    await until(
      'the api answers on 127.0.0.1',
      async () => {
        if (child.process.exitCode !== null) throw new Error(`the api exited:\n${child.output()}`);
        return fetch(`http://127.0.0.1:${port}/health`).then(
          () => true,
          () => false,
        );
      },
      90_000,
    );
    const outside = outsideAddress();
    if (outside) expect(await accepts(outside, port)).toBe(false);
    await child.stop();
  });
});

describe('listen() while demo accounts have their published passwords', () => {
  it('refuses an address other than loopback, and takes it once their passwords are changed', async () => {
    const accounts = new AccountStore(db.pool, { BCRYPT_COST: 4 });
    for (const demo of DEMO_ACCOUNTS) await accounts.create(demo);
    const start = async (HOST: string) => {
      const moduleRef = await testModule([AppModule], db, { HOST, BCRYPT_COST: 4 }).compile();
      const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
      configureApp(app);
      return app;
    };

    const exposed = await start('0.0.0.0');
    const port = await freePort();
    await expect(listen(exposed, port)).rejects.toThrow(
      /Refusing to listen on 0\.0\.0\.0: the demo accounts admin, staff, leader, reporter, auditor still have their published passwords/,
    );
    expect(await accepts('127.0.0.1', port)).toBe(false);
    await exposed.close();

    const local = await start('127.0.0.1');
    await listen(local, port);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    await local.close();

    for (const demo of DEMO_ACCOUNTS) {
      const account = (await accounts.byUsername(demo.username))!;
      await accounts.setPassword(account.id, `${demo.password}-changed`);
    }
    const changed = await start('0.0.0.0');
    await listen(changed, port);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    await changed.close();
  });
});
