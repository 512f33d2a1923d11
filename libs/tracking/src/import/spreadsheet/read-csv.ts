import iconv from 'iconv-lite';
import { SheetReadError, type CellValue, type Sheet, type SheetLine } from './sheet';

/** How a CSV file's bytes were read. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'gb18030';

/**
 * The text of a CSV file: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
 * "Unicode text"), and otherwise GB18030 — what Chinese Excel writes as "CSV (逗号分隔)". A file
 * that is valid UTF-8 is read as UTF-8 (GB18030 text of Chinese characters almost never is).
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'), encoding: 'gb18030' };
  }
}

/** The field separator of the file: the one of comma, tab and semicolon found most often in its first line. */
function separatorOf(text: string): string {
  const end = text.search(/\r|\n/);
  const first = end < 0 ? text : text.slice(0, end);
  const counts = [',', '\t', ';'].map((s) => ({ s, n: first.split(s).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 0 ? counts[0].s : ',';
}

/**
 * RFC 4180 records: fields in double quotes may hold separators, line breaks and doubled quotes;
 * lines end with CRLF, LF or CR. Each record is one spreadsheet line (numbered as Excel numbers them).
 */
export function parseCsv(text: string, separator = separatorOf(text)): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let quoted = false;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      // A run of plain characters at once: most of a file's bytes.
      const next = text.indexOf('"', i);
      const stop = next < 0 ? n : next;
      field += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '"' && field.length === 0) {
      quoted = true;
      i++;
    } else if (ch === separator) {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      let stop = i + 1;
      while (stop < n) {
        const c = text[stop];
        if (c === separator || c === '\r' || c === '\n' || c === '"') break;
        stop++;
      }
      field += text.slice(i, stop);
      i = stop;
    }
  }
  if (quoted) throw new SheetReadError('CSV 文件有未闭合的双引号：文件可能不完整');
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** A CSV file as a sheet: every cell is text (an empty field is an empty cell). */
export function readCsv(bytes: Uint8Array, name: string): Sheet & { encoding: CsvEncoding } {
  const { text, encoding } = decodeCsv(bytes);
  if (text.includes('\u0000')) throw new SheetReadError('文件不是 CSV 文本文件（含有二进制内容）：请上传 .xlsx 或 .csv 文件');
  const lines: SheetLine[] = [];
  parseCsv(text).forEach((fields, index) => {
    const cells: CellValue[] = fields.map((f) => (f === '' ? null : f));
    if (cells.some((c) => c !== null && String(c).trim() !== '')) lines.push({ line: index + 1, cells });
  });
  return { name, lines, category: null, encoding };
}
