// @ts-check
// JSDoc types of the spreadsheet import's, the account administration's and the audit trail's
// answers (types only; the rest of the api's are in types.js).

/** @typedef {'new' | 'unchanged' | 'changed' | 'rejected'} ImportRowStatus */
/** @typedef {{ column: string, before: string, after: string }} ChangedValue */
/**
 * One row of an uploaded file as the preview shows it: what confirming would do with it.
 * @typedef {{
 *   line: number, rowNo: string | null, title: string, date: string, category: string,
 *   status: ImportRowStatus, reasons: string[], changes: ChangedValue[], activityId: string | null,
 * }} ImportPreviewRow
 */
/** @typedef {{ recorded: number, amended: number, unchanged: number, rejected: number, failed: { line: number, reasons: string[] }[] }} ImportResult */
/**
 * POST …/import/previews and GET …/import/previews/:id: the counts and one page of rows.
 * @typedef {{
 *   id: string, expiresAt: string, department: string, year: number, file: string, category: string | null,
 *   columns: string[], counts: Record<ImportRowStatus, number>, rows: ImportPreviewRow[],
 *   total: number, page: number, pageSize: number, confirmedAt: string | null, result: ImportResult | null,
 * }} ImportPreview
 */
/** @typedef {ImportResult & { id: string, confirmedAt: string }} ImportConfirmation */

/** @typedef {import('./types.js').RoleGrant} RoleGrant */
/**
 * A user as the admin sees it (GET /api/users).
 * @typedef {{
 *   id: string, username: string, displayName: string, disabled: boolean, createdAt: string,
 *   roles: RoleGrant[], tokensValidAfter: string | null,
 * }} Account
 */

/**
 * One account change of the audit trail: never a password.
 * @typedef {{
 *   id: number, at: string,
 *   actor: { id: string, username: string, displayName: string | null } | { system: 'cli' | 'boot' },
 *   action: 'user.created' | 'user.disabled' | 'user.enabled' | 'roles.changed' | 'password.reset' | 'password.changed',
 *   target: { id: string, username: string, displayName: string | null },
 *   departments: string[],
 *   details: { displayName?: string, roles?: RoleGrant[], granted?: RoleGrant[], revoked?: RoleGrant[] },
 * }} AuditEntry
 */
/** @typedef {{ items: AuditEntry[], total: number, page: number, pageSize: number }} AuditPage */

/** @typedef {import('./types.js').CategorySpec & { retired?: boolean }} AdminCategory */
/** A named catalog of categories (GET /api/catalogs), at its newest version. */
/** @typedef {{ name: string, label: string, version: number, categories: AdminCategory[] }} CatalogSummary */
/**
 * A department as its administration reads it (GET /api/departments/:d).
 * @typedef {{
 *   code: string, name: string, version: number, catalog: AdminCategory[],
 *   adopted?: { name: string, label: string, version: number, codes: string[] } | null,
 * }} AdminDepartment
 */

export {};
