/**
 * The real api, as main.ts starts it (configureApp: helmet, JSON bodies, strict validation, the
 * problem filter, the auth guard), on an ephemeral port. Configured by the environment like
 * production; tells the benchmark its port once it listens.
 */
import 'reflect-metadata';
import { profileIfAsked, tell } from './profile';
import type { Server } from 'node:http';
import { createApp } from '../../apps/api/src/bootstrap';

async function main(): Promise<void> {
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const { port } = server.address() as { port: number };
  profileIfAsked();
  tell({ ready: true, port, pid: process.pid });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
