import type { NextFunction, Request, Response } from 'express';
import { isSpreadsheetUpload } from '../imports/upload-body';

/** A body that is not JSON gets 415 instead of being silently ignored. */
export function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  // A spreadsheet upload's body is the file, read by its own parser (imports/upload-body.ts).
  if (isSpreadsheetUpload(request)) return next();
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (['POST', 'PUT', 'PATCH'].includes(request.method) && hasBody && !request.is('application/json')) {
    response.status(415).json({
      statusCode: 415,
      error: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Send the body as application/json',
    });
    return;
  }
  next();
}
