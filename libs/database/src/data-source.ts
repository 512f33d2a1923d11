import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options';

/** Entry point of the TypeORM CLI (`npm run db:migrate`). */
export default new DataSource(dataSourceOptions(loadConfig().DATABASE_URL));
