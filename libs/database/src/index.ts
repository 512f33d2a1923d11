export * from './database.module';
export * from './migrate';
export * from './pg-pool';
export * from './admin-connection';
export * from './installation';
