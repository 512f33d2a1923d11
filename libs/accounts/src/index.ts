export * from './account-store';
export * from './passwords';
export * from './roles';
export * from './secret-input';
export * from './users-cli';
export * from './account-audit';
