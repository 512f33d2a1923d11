/** Characters XML 1.0 cannot carry; a workbook containing one will not open. */
// eslint-disable-next-line no-control-regex -- these control characters are what it looks for
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** What spreadsheet programs read as the start of a formula (or strip before one). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Excel's limit on the characters of one cell. */
export const MAX_CELL_TEXT = 32767;

/** User text as a spreadsheet cell holds it. */
export interface CellText {
  /** The text the reader sees: characters XML cannot hold dropped, cut to what one cell holds. */
  text: string;
  /**
   * The text starts like a formula (= + - @, tab, CR): store it as text (number format "@"), so
   * that editing the cell or re-entering it never turns it into one. Nothing is prefixed: a
   * leading "'" in the cell's value would show as part of the text.
   */
  formulaLike: boolean;
}

export function cellText(value: string): CellText {
  const clean = String(value).replace(INVALID_XML, '');
  const text = clean.length > MAX_CELL_TEXT ? clean.slice(0, MAX_CELL_TEXT) : clean;
  return { text, formulaLike: FORMULA_START.test(text) };
}

const HTML_SPECIAL = /[&<>"']/;

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  const text = String(value);
  // Most text (titles, dates) has nothing to escape: skip the five replacements.
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
