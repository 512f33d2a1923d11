export { ScoringError, type ScoringErrorCode } from './errors';
export * from './scoring';
export * from './sangong';
