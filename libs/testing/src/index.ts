export * from './test-database';
export * from './test-app';
export * from './fixed-clock';
export * from './stop-child';
export * from './seeded-random';
export * from './backend-modules';
export * from './manual-time';
export * from './until';
