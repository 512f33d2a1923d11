// Jest runs global set-up outside its module mapper: the @app aliases come from tsconfig.json here.
import 'tsconfig-paths/register';
import { dropDatabase, TEMPLATE_ENV } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (template) await dropDatabase(template);
}
