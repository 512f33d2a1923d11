export * from './account-store';
export * from './passwords';
export * from './roles';
export * from './users-cli';
