/**
 * A spreadsheet as the import reads it, whatever its format (XLSX or CSV): the cells of each
 * non-empty line, in order, with what a cell may be besides a plain value.
 */

/** A cell whose formula was saved without its computed result (e.g. written by a program, never opened in Excel). */
export interface FormulaWithoutResult {
  kind: 'formula-without-result';
  formula: string;
}

/** A cell holding an error value (#N/A, #DIV/0!, …), typed or computed. */
export interface ErrorValue {
  kind: 'error';
  text: string;
}

export type CellValue = string | number | boolean | Date | null | FormulaWithoutResult | ErrorValue;

export interface SheetLine {
  /** The line's number as the spreadsheet program shows it (1 = the first line). */
  line: number;
  /** Cells by column, the first column at index 0; a missing cell is null. */
  cells: CellValue[];
  /**
   * Columns (0-based) of this line that belong to a merged range spanning several columns: a
   * value cannot belong to two columns, so such a line is refused.
   */
  mergedAcross?: { from: number; to: number }[];
}

export interface Sheet {
  /** What the file is called in messages ("活动.xlsx"). */
  name: string;
  lines: SheetLine[];
  /**
   * The category the file says it is for, when it says so (a template of ours carries its
   * category code in the workbook's properties); null otherwise.
   */
  category: string | null;
}

/** Why a file cannot be read at all (not a row's problem). Messages are Chinese: they are shown as they are. */
export class SheetReadError extends Error {}

export const isProblemCell = (value: CellValue): value is FormulaWithoutResult | ErrorValue =>
  value !== null && typeof value === 'object' && !(value instanceof Date);

/** Whether a cell holds nothing (empty, or only spaces). */
export const isBlank = (value: CellValue): boolean => value === null || (typeof value === 'string' && value.trim() === '');
