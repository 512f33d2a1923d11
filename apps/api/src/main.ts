import 'reflect-metadata';
import { AppConfig } from '@app/config';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApp();
  const port = app.get(AppConfig).PORT;
  await app.listen(port, '0.0.0.0');
}

void main();
