import ExcelJS from 'exceljs';
import { SheetReadError, type CellValue, type Sheet, type SheetLine } from './sheet';

/** The workbook property that names a template's category: `keywork-template:<category code>`. */
export const TEMPLATE_KEYWORD = 'keywork-template:';

/** 'B5:C7' → its corners (1-based rows and columns). */
function rangeOf(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.trim().toUpperCase());
  if (!match) return null;
  const column = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  const [a, b] = [column(match[1]), column(match[3])];
  const [r1, r2] = [Number(match[2]), Number(match[4])];
  return { top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(a, b), right: Math.max(a, b) };
}

/** A cell's value as the import reads it: a formula's saved result, rich text as its text. */
export function cellValueOf(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'number') return Number.isNaN(value) ? { kind: 'error', text: '#NUM!' } : value;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    if (result === undefined || result === null || (typeof result === 'number' && Number.isNaN(result))) {
      return { kind: 'formula-without-result', formula: String(v.formula ?? v.sharedFormula ?? '') };
    }
    if (typeof result === 'object' && !(result instanceof Date) && 'error' in (result as object)) {
      return { kind: 'error', text: String((result as { error: unknown }).error) };
    }
    return cellValueOf(result);
  }
  if ('error' in v) return { kind: 'error', text: String(v.error) };
  if (Array.isArray(v.richText)) return (v.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('');
  if ('text' in v) return cellValueOf(v.text);
  return null;
}

/**
 * The first visible worksheet of an XLSX file. A merged range's value belongs to every cell it
 * covers (a date merged down three lines is the date of each); a range across several columns
 * is marked on its lines, which are then refused.
 */
export async function readXlsx(bytes: Uint8Array, name: string): Promise<Sheet & { date1904: boolean }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer,
      {
        ignoreNodes: ['dataValidations', 'conditionalFormatting', 'drawing', 'picture', 'extLst', 'headerFooter', 'pageSetup'],
      } as never,
    );
  } catch {
    throw new SheetReadError('无法读取该 XLSX 文件：文件已损坏，或不是 Excel 2007 及以后版本的 .xlsx 文件（.xls 请先另存为 .xlsx）');
  }
  const sheet = workbook.worksheets.find((w) => w.state === undefined || w.state === 'visible');
  if (!sheet) throw new SheetReadError('文件中没有可见的工作表');
  const keywords = String(workbook.keywords ?? '');
  const category = keywords.startsWith(TEMPLATE_KEYWORD) ? keywords.slice(TEMPLATE_KEYWORD.length).trim() || null : null;

  const across = new Map<number, { from: number; to: number }[]>();
  for (const ref of (sheet.model as { merges?: string[] }).merges ?? []) {
    const range = rangeOf(ref);
    if (!range || range.left === range.right) continue;
    for (let row = range.top; row <= range.bottom; row++) {
      const list = across.get(row) ?? [];
      list.push({ from: range.left - 1, to: range.right - 1 });
      across.set(row, list);
    }
  }

  const lines: SheetLine[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as unknown[];
    const cells: CellValue[] = [];
    let any = false;
    for (let col = 1; col < values.length; col++) {
      const value = cellValueOf(values[col]);
      cells.push(value);
      if (value !== null && !(typeof value === 'string' && value.trim() === '')) any = true;
    }
    if (!any) return;
    const mergedAcross = across.get(number);
    lines.push(mergedAcross ? { line: number, cells, mergedAcross } : { line: number, cells });
  });
  return { name, lines, category, date1904: Boolean((workbook.properties as { date1904?: boolean }).date1904) };
}

/** Whether the bytes are a ZIP archive (an XLSX file is one). */
export const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
