/** Characters XML 1.0 cannot carry; a workbook containing one will not open. */
// eslint-disable-next-line no-control-regex -- these control characters are what it looks for
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** What spreadsheet programs read as the start of a formula (or strip before one). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Excel's limit on the characters of one cell. */
export const MAX_CELL_TEXT = 32767;

/**
 * User text as it may go into a spreadsheet cell: characters XML cannot hold are dropped, and text
 * that a spreadsheet could take for a formula (= + - @, tab, CR at the start) gets a leading "'"
 * so it always stays text, even after copy-paste or a CSV export.
 */
export function safeText(value: string): string {
  const clean = String(value).replace(INVALID_XML, '');
  const guarded = FORMULA_START.test(clean) ? `'${clean}` : clean;
  return guarded.length > MAX_CELL_TEXT ? guarded.slice(0, MAX_CELL_TEXT) : guarded;
}

const HTML_SPECIAL = /[&<>"']/;

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  const text = String(value);
  // Most text (titles, dates) has nothing to escape: skip the five replacements.
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
