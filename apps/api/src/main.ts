import 'reflect-metadata';
import { createApp, listen } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApp();
  // 127.0.0.1 unless HOST says otherwise.
  await listen(app);
}

void main();
