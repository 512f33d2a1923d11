/**
 * Every `error` code an api answer can carry (the problem filter's body: `{ statusCode, error,
 * message }`). Pages translate the code, never the English `message`; `GET /api/meta` serves this
 * list, and the web app's Chinese table is typed against it (apps/web/js/errors.js), so a code
 * added here without its words fails `tsc -p apps/web/tsconfig.json`. `error-codes.spec.ts`
 * fails when the sources throw a code missing here.
 */
export const ERROR_CODES = [
  // 400
  'VALIDATION.FAILED',
  'SCORING.INVALID_INPUT',
  'SCORING.EMPTY_GROUP',
  'MALFORMED_JSON',
  'BAD_REQUEST',
  // 401, 403, 429
  'AUTH.UNAUTHENTICATED',
  'AUTH.INVALID_CREDENTIALS',
  'AUTH.FORBIDDEN',
  'AUTH.RATE_LIMITED',
  // 404
  'DEPARTMENT.NOT_FOUND',
  'ACTIVITY.NOT_FOUND',
  'MEASURE.NOT_FOUND',
  'TARGET.NOT_FOUND',
  'KEY_WORK_ITEM.NOT_FOUND',
  'ADJUSTMENT.NOT_FOUND',
  'USER.NOT_FOUND',
  'SANGONG.NOT_FOUND',
  'REPORT.NOT_FOUND',
  'REPORT_JOB.NOT_FOUND',
  'CATEGORY.NOT_FOUND',
  'IMPORT.PREVIEW_NOT_FOUND',
  // 409
  'STREAM.VERSION_CONFLICT',
  'DEPARTMENT.ALREADY_EXISTS',
  'ACTIVITY.ALREADY_EXISTS',
  'ACTIVITY.ALREADY_WITHDRAWN',
  'ACTIVITY.NOT_WITHDRAWN',
  'TARGET.ALREADY_SET',
  'ADJUSTMENT.ALREADY_RECORDED',
  'SANGONG.ALREADY_EXISTS',
  'SANGONG.ALREADY_WITHDRAWN',
  'SANGONG.NOT_WITHDRAWN',
  'USER.USERNAME_TAKEN',
  'USER.LAST_ADMIN',
  // 410, 413, 415, 422, 429
  'REPORT.SUPERSEDED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'COMMAND.KEY_REUSED',
  'REPORT.QUOTA_EXCEEDED',
  // 500, 503
  'INTERNAL',
  'REPORT.MISSING',
  'REPORT.INPUT_MISMATCH',
  'REPORT_JOB.RESULT_MISSING',
  'REPORT_JOB.FAILED',
  'EVENT.UPCAST_FAILED',
  'INSTALLATION.MISSING',
  'CONFIG.INVALID',
  'STORE.UNAVAILABLE',
  'QUEUE.UNAVAILABLE',
  'PROJECTIONS.BEHIND',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
