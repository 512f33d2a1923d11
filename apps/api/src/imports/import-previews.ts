import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { NotFoundError, type ReadSpreadsheet, type SpreadsheetImportResult, type SpreadsheetPreview } from '@app/tracking';

/** How long a preview can be confirmed. */
export const PREVIEW_TTL_MINUTES = 60;
/** Previews a user keeps at once (the oldest go first): each may hold a 5 MB file's rows. */
export const PREVIEWS_KEPT_PER_USER = 5;

const packed = promisify(gzip);
const unpacked = promisify(gunzip);
/** JSON, gzipped off the event loop (the fast level: it lives an hour). */
const pack = (value: unknown): Promise<Buffer> => packed(Buffer.from(JSON.stringify(value)), { level: 1 });
const unpack = async <T>(bytes: Buffer | null): Promise<T | null> => (bytes ? (JSON.parse((await unpacked(bytes)).toString()) as T) : null);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StoredPreview {
  id: string;
  department: string;
  year: number;
  createdBy: string;
  expiresAt: string;
  /** Null unless asked for (require's `part`). */
  sheet: ReadSpreadsheet | null;
  preview: SpreadsheetPreview | null;
  confirmedAt: string | null;
  result: SpreadsheetImportResult | null;
}

interface PreviewRow {
  id: string;
  department: string;
  year: number;
  created_by: string;
  expires_at: Date;
  sheet: Buffer | null;
  preview: Buffer | null;
  confirmed_at: Date | null;
  result: SpreadsheetImportResult | null;
}

/**
 * Spreadsheet imports between preview and confirmation (table `import_previews`): the rows as the
 * server read them, so a confirmation never trusts what a client sends back. Each belongs to the
 * user who uploaded it and lives an hour.
 */
@Injectable()
export class ImportPreviews {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async save(entry: {
    department: string;
    year: number;
    createdBy: string;
    sheet: ReadSpreadsheet;
    preview: SpreadsheetPreview;
  }): Promise<StoredPreview> {
    // Expired previews, and this user's beyond the few kept, go first.
    await this.pool.query(`DELETE FROM import_previews WHERE expires_at < now()`);
    await this.pool.query(
      `DELETE FROM import_previews WHERE id IN (
         SELECT id FROM import_previews WHERE created_by = $1 ORDER BY created_at DESC OFFSET $2)`,
      [entry.createdBy, PREVIEWS_KEPT_PER_USER - 1],
    );
    const saved = await this.pool.query<PreviewRow>(
      `INSERT INTO import_previews (department, year, created_by, expires_at, file, sheet, preview)
       VALUES ($1, $2, $3, now() + make_interval(mins => $4), $5, $6, $7)
       RETURNING id, department, year, created_by, expires_at, NULL::bytea AS sheet, NULL::bytea AS preview, confirmed_at, result`,
      [
        entry.department,
        entry.year,
        entry.createdBy,
        PREVIEW_TTL_MINUTES,
        entry.sheet.file,
        await pack(entry.sheet),
        await pack(entry.preview),
      ],
    );
    return { ...(await toStored(saved.rows[0])), sheet: entry.sheet, preview: entry.preview };
  }

  /** The user's own live preview of the department, or 404 (unknown, expired, or someone else's: the same answer). */
  async require(department: string, id: string, userId: string, part: 'sheet' | 'preview'): Promise<StoredPreview> {
    const found = UUID.test(id)
      ? await this.pool.query<PreviewRow>(
          // Only the part asked for: each may be megabytes of JSON.
          `SELECT id, department, year, created_by, expires_at, confirmed_at, result,
                  CASE WHEN $4 = 'sheet' THEN sheet END AS sheet, CASE WHEN $4 = 'preview' THEN preview END AS preview
             FROM import_previews WHERE id = $1 AND department = $2 AND created_by = $3 AND expires_at > now()`,
          [id, department, userId, part],
        )
      : { rows: [] };
    if (!found.rows[0]) {
      throw new NotFoundError('IMPORT.PREVIEW_NOT_FOUND', 'No such import preview: it expired, or was never made by you', {
        previewId: id,
      });
    }
    return toStored(found.rows[0]);
  }

  /** Records what the confirmation wrote (once: a second confirmation answers with the first result). */
  async confirmed(id: string, result: SpreadsheetImportResult): Promise<{ confirmedAt: string; result: SpreadsheetImportResult }> {
    const updated = await this.pool.query<{ confirmed_at: Date; result: SpreadsheetImportResult }>(
      `UPDATE import_previews SET confirmed_at = coalesce(confirmed_at, now()), result = coalesce(result, $2::jsonb)
        WHERE id = $1 RETURNING confirmed_at, result`,
      [id, JSON.stringify(result)],
    );
    return { confirmedAt: updated.rows[0].confirmed_at.toISOString(), result: updated.rows[0].result };
  }
}

async function toStored(row: PreviewRow): Promise<StoredPreview> {
  return {
    id: row.id,
    department: row.department,
    year: row.year,
    createdBy: row.created_by,
    expiresAt: row.expires_at.toISOString(),
    sheet: await unpack<ReadSpreadsheet>(row.sheet),
    preview: await unpack<SpreadsheetPreview>(row.preview),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    result: row.result,
  };
}
