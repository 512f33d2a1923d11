import { raw, type NextFunction, type Request, type Response } from 'express';
import { MAX_IMPORT_FILE_BYTES } from '@app/tracking';

/** The one route whose body is a file (XLSX or CSV bytes), not JSON. */
const UPLOAD_ROUTE = /^\/api\/departments\/[^/]+\/import\/previews\/?$/i;

/** Whether the request uploads a spreadsheet (its body is read raw, up to the import's own limit). */
export const isSpreadsheetUpload = (request: Request): boolean => request.method === 'POST' && UPLOAD_ROUTE.test(request.path);

const readRaw = raw({ type: () => true, limit: MAX_IMPORT_FILE_BYTES });

/**
 * Reads the body of a spreadsheet upload as bytes (any content type but a form: the file is the
 * body), up to 5 MB (413 beyond); the JSON body limit (BODY_LIMIT) stays for every other route.
 */
export function spreadsheetUploads(request: Request, response: Response, next: NextFunction): void {
  if (!isSpreadsheetUpload(request)) return next();
  if (request.is('multipart/form-data') || request.is('application/x-www-form-urlencoded')) {
    response.status(415).json({
      statusCode: 415,
      error: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Send the file itself as the request body (Content-Type: text/csv or the XLSX type), not a form',
    });
    return;
  }
  readRaw(request, response, next);
}
