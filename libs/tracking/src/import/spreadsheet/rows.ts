import { MAX_NOTES, MAX_TITLE, ROLES, validateActivityFields, type ActivityFields, type Role } from '../../domain/activity';
import { MAX_ATTRIBUTE_TEXT, type AttributeValue, type Attributes } from '../../domain/attributes';
import type { AttributeSpec, CategorySpec } from '../../domain/catalog';
import { isCalendarDate, yearOf } from '../../domain/dates';
import { DomainValidationError, type FieldError } from '../../domain/errors';
import { entryUuid } from '../dataset';
import { isBlank, isProblemCell, type CellValue, type Sheet } from './sheet';

/** The most data rows one file may have. */
export const MAX_IMPORT_ROWS = 20_000;
/** The longest 编号 (characters). */
export const MAX_ROW_KEY = 100;
/** Lines searched for the header line (a title line above it is common). */
const HEADER_SEARCH_LINES = 10;

/** What a spreadsheet row says about an activity: the fields an import sets (never a project link or extra measures). */
export type ImportFields = Pick<ActivityFields, 'category' | 'title' | 'occurredOn' | 'role' | 'attributes' | 'notes'>;
export const IMPORT_FIELDS = [
  'category',
  'title',
  'occurredOn',
  'role',
  'attributes',
  'notes',
] as const satisfies readonly (keyof ImportFields)[];

/** One data row of the file, read and checked. */
export interface ParsedRow {
  /** The row's line number in the file. */
  line: number;
  /**
   * The row key: `no:<编号>`, or `auto:<date>:<title>` for a row without 编号; scoped by the
   * department, year and category it identifies one activity (null when the row gives none).
   */
  key: string | null;
  /** The row's 编号 as written (null: the key was made from date and title). */
  rowNo: string | null;
  /** The activity the key names: entryUuid(department, `sheet:<year>:<category>:<key>`). */
  activityId: string | null;
  /** The row's title and date as read (for the preview; the date as written when it is no date). */
  title: string;
  date: string;
  /** The activity the row describes; null when its cells could not be read as one (see reasons). */
  fields: ImportFields | null;
  /** Why the row is refused, each naming its column, in Chinese; empty when it is fine. */
  reasons: string[];
}

export interface ParsedSheet {
  /** The category of every row, when the file has one (else each row names its own in 类别). */
  category: string | null;
  /** The columns recognised, in the file's order, by their header. */
  columns: string[];
  rows: ParsedRow[];
}

export interface ParseOptions {
  department: string;
  year: number;
  catalog: CategorySpec[];
  /** The category the caller chose (overrides the file's own). */
  category?: string | null;
}

/** Columns every template has besides the category's attributes, by their Chinese header. */
export const BASE_COLUMNS = {
  rowNo: '编号',
  title: '标题',
  occurredOn: '日期',
  role: '角色',
  notes: '备注',
  category: '类别',
} as const;
type BaseColumn = keyof typeof BASE_COLUMNS;
/** Other headers read as a base column. */
const ALIASES: Record<string, BaseColumn> = { 方式: 'role', 活动日期: 'occurredOn', 活动名称: 'title' };
const REQUIRED_BASE: BaseColumn[] = ['title', 'occurredOn', 'role'];

/** A header or value as compared: NFKC (full-width letters, digits and brackets as ASCII), no spaces, no trailing *. */
export const normalizeLabel = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[*＊]+$/, '');

const quoteColumn = (label: string) => `「${label}」`;

type Column = { index: number; header: string } & ({ kind: 'base'; base: BaseColumn } | { kind: 'attribute'; labelKey: string });

/** The day of an Excel serial number (1900 date system, or 1904), or null when it is no day. */
export function excelSerialToDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 61 || serial > 2958465) return null;
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const at = new Date(base + Math.floor(serial) * 86_400_000);
  return at.toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date cell as YYYY-MM-DD: a date value, an Excel serial number, or text written
 * 2023-05-10, 2023/5/10, 2023.5.10, 2023年5月10日 or 20230510 (a time after it is ignored).
 */
export function parseSheetDate(value: CellValue, date1904 = false): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return excelSerialToDate(value, date1904);
  if (typeof value !== 'string') return null;
  const text = value.normalize('NFKC').trim();
  const match =
    /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[T\s].*)?$/.exec(text) ??
    /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const date = `${match[1]}-${pad(Number(match[2]))}-${pad(Number(match[3]))}`;
  return isCalendarDate(date) ? date : null;
}

/** A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD, true/false as 是/否. */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return value.trim();
  return '';
}

/** What a cell shows, shortened for a message. */
const shown = (value: CellValue): string => {
  const text = cellText(value);
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
};

/** A number cell, or text of one (full-width digits, thousands separators and spaces allowed). */
function numberOf(value: CellValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.normalize('NFKC').replace(/\s+/g, '');
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) return null;
  return Number(text.replace(/,/g, ''));
}

const TRUE_WORDS = new Set(['是', 'true', 'y', 'yes', '1', '√', '✓', '对']);
const FALSE_WORDS = new Set(['否', 'false', 'n', 'no', '0', '×', '✗', '不是']);

/** An attribute's value from its cell, or the reason it is none. Empty cells are handled by the caller. */
function attributeValue(spec: AttributeSpec, value: CellValue): { value: AttributeValue } | { problem: string } {
  switch (spec.type) {
    case 'integer': {
      const n = numberOf(value);
      return n !== null && Number.isSafeInteger(n) && n >= 0 ? { value: n } : { problem: `应为不小于 0 的整数，而不是“${shown(value)}”` };
    }
    case 'amount': {
      const n = numberOf(value);
      // Money in 万元: a formula's 0.1 + 0.2 is 0.3.
      return n !== null && n >= 0 && n <= 1e9
        ? { value: Math.round(n * 1e6) / 1e6 }
        : { problem: `应为不小于 0 的金额（万元），而不是“${shown(value)}”` };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      const word = cellText(value).toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { problem: `应为“是”或“否”，而不是“${shown(value)}”` };
    }
    case 'enum': {
      const given = normalizeLabel(cellText(value));
      const options = Object.entries(spec.options ?? {});
      const found = options.find(([key, label]) => normalizeLabel(label) === given || key === given);
      return found
        ? { value: found[0] }
        : { problem: `应为 ${options.map(([, label]) => label).join('、')} 之一，而不是“${shown(value)}”` };
    }
    case 'text': {
      const text = cellText(value);
      return text.length <= MAX_ATTRIBUTE_TEXT ? { value: text } : { problem: `至多 ${MAX_ATTRIBUTE_TEXT} 个字` };
    }
    default:
      return { problem: '无法识别的属性类型' };
  }
}

/** The header line: the first of the first lines that has both 标题 and 日期. */
function findHeader(sheet: Sheet): number {
  const wanted = [BASE_COLUMNS.title, BASE_COLUMNS.occurredOn];
  const index = sheet.lines.slice(0, HEADER_SEARCH_LINES).findIndex((line) => {
    const headers = new Set(line.cells.map((c) => normalizeLabel(cellText(c))).map((h) => (ALIASES[h] ? BASE_COLUMNS[ALIASES[h]] : h)));
    return wanted.every((w) => headers.has(w));
  });
  return index;
}

/** Every column a file for this category may have, in the template's order. */
export function templateColumns(category: CategorySpec): { header: string; required: boolean; spec?: AttributeSpec }[] {
  return [
    { header: BASE_COLUMNS.rowNo, required: false },
    { header: BASE_COLUMNS.title, required: true },
    { header: BASE_COLUMNS.occurredOn, required: true },
    { header: BASE_COLUMNS.role, required: true },
    ...category.attributes.map((spec) => ({ header: spec.label, required: spec.required === true, spec })),
    { header: BASE_COLUMNS.notes, required: false },
  ];
}

const fileError = (reasons: string[]): DomainValidationError =>
  new DomainValidationError(reasons.map((reason) => ({ field: 'file', reason })));

/** The category a label or code names. */
function categoryNamed(catalog: CategorySpec[], text: string): CategorySpec | undefined {
  const label = normalizeLabel(text);
  return catalog.find((c) => normalizeLabel(c.label) === label) ?? catalog.find((c) => c.code === text.trim());
}

/**
 * Reads a sheet's rows as activities of the department-year. The file's own problems (no
 * header, a missing or unknown column, too many rows, no category) throw DomainValidationError
 * with `file` reasons; a row's problems become its reasons, each naming its column.
 */
export function parseSheet(sheet: Sheet, options: ParseOptions & { date1904?: boolean }): ParsedSheet {
  const { catalog, year, department } = options;
  const chosen = options.category ?? sheet.category;
  let fixed: CategorySpec | null = null;
  if (chosen) {
    fixed = catalog.find((c) => c.code === chosen) ?? null;
    if (!fixed) throw fileError([options.category ? '所选类别不存在' : '文件所属的类别已不在本部门的类别目录中：请选择类别']);
  }
  if (sheet.lines.length === 0) throw fileError(['文件是空的：没有表头，也没有数据行']);
  const headerIndex = findHeader(sheet);
  if (headerIndex < 0) {
    const expected = fixed ? templateColumns(fixed).map((c) => c.header) : [BASE_COLUMNS.title, BASE_COLUMNS.occurredOn, BASE_COLUMNS.role];
    throw fileError([
      `找不到表头：前 ${HEADER_SEARCH_LINES} 行中没有同时含「标题」和「日期」的一行。表头应为：${expected.join('、')}（请使用下载的模板）`,
    ]);
  }
  const header = sheet.lines[headerIndex];

  // The attribute columns a header may name: the fixed category's, or those of every category (a file with 类别).
  const attributeLabels = new Map<string, string>();
  for (const category of fixed ? [fixed] : catalog) {
    for (const spec of category.attributes) attributeLabels.set(normalizeLabel(spec.label), spec.label);
  }
  const columns: Column[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  header.cells.forEach((cell, index) => {
    const text = cellText(cell);
    if (text === '') return;
    const key = normalizeLabel(text);
    const base = (Object.keys(BASE_COLUMNS) as BaseColumn[]).find((b) => normalizeLabel(BASE_COLUMNS[b]) === key) ?? ALIASES[key];
    const name = base ? BASE_COLUMNS[base] : (attributeLabels.get(key) ?? text);
    if (seen.has(name)) {
      problems.push(`${quoteColumn(name)}列出现了两次（第 ${seen.get(name)! + 1} 列和第 ${index + 1} 列）`);
      return;
    }
    seen.set(name, index);
    if (base) columns.push({ index, header: name, kind: 'base', base });
    else if (attributeLabels.has(key)) columns.push({ index, header: name, kind: 'attribute', labelKey: key });
    else {
      const allowed = fixed ? templateColumns(fixed).map((c) => c.header) : [...Object.values(BASE_COLUMNS), ...attributeLabels.values()];
      problems.push(
        `未知的列${quoteColumn(text)}（第 ${index + 1} 列）${fixed ? `：类别「${fixed.label}」的列为 ${allowed.join('、')}` : ''}`,
      );
    }
  });
  const has = (base: BaseColumn) => columns.some((c) => c.kind === 'base' && c.base === base);
  for (const base of REQUIRED_BASE) if (!has(base)) problems.push(`缺少${quoteColumn(BASE_COLUMNS[base])}列`);
  if (fixed) {
    for (const spec of fixed.attributes) {
      if (spec.required && !columns.some((c) => c.kind === 'attribute' && c.labelKey === normalizeLabel(spec.label))) {
        problems.push(`缺少${quoteColumn(spec.label)}列（类别「${fixed.label}」必填）`);
      }
    }
  } else if (!has('category')) {
    problems.push('无法确定类别：请选择类别，或在表中加入「类别」列');
  }
  if (problems.length > 0) throw fileError(problems);

  const data = sheet.lines.slice(headerIndex + 1).filter((line) => columns.some((c) => !isBlank(line.cells[c.index] ?? null)));
  if (data.length > MAX_IMPORT_ROWS) throw fileError([`数据行过多：${data.length} 行，一次至多导入 ${MAX_IMPORT_ROWS} 行，请分成几个文件`]);
  if (data.length === 0) throw fileError(['表头下没有数据行']);
  const rows = data.map((line) => parseRow(line, columns, { department, year, catalog, fixed, date1904: options.date1904 ?? false }));
  flagDuplicateKeys(rows);
  return { category: fixed?.code ?? null, columns: columns.map((c) => c.header), rows };
}

function parseRow(
  line: Sheet['lines'][number],
  columns: Column[],
  context: { department: string; year: number; catalog: CategorySpec[]; fixed: CategorySpec | null; date1904: boolean },
): ParsedRow {
  const reasons: string[] = [];
  const cell = (c: Column): CellValue => line.cells[c.index] ?? null;
  const base = (b: BaseColumn) => columns.find((c) => c.kind === 'base' && c.base === b);

  for (const merge of line.mergedAcross ?? []) {
    const inside = columns.filter((c) => c.index >= merge.from && c.index <= merge.to).map((c) => quoteColumn(c.header));
    if (inside.length > 0) reasons.push(`${inside.join('')}所在的单元格与相邻列合并了：请取消合并，每列填写各自的值`);
  }
  // A cell that is an error or a formula without its result: the row cannot be read.
  const unreadable = new Set<Column>();
  for (const c of columns) {
    const value = cell(c);
    if (!isProblemCell(value)) continue;
    unreadable.add(c);
    reasons.push(
      value.kind === 'error'
        ? `${quoteColumn(c.header)}：单元格是错误值 ${value.text}`
        : `${quoteColumn(c.header)}：单元格是公式（=${value.formula.slice(0, 40)}）但没有保存计算结果，请在 Excel 中打开、重新计算并保存后再上传`,
    );
  }
  const text = (c: Column | undefined): string => (c && !unreadable.has(c) ? cellText(cell(c)) : '');

  let category = context.fixed;
  const categoryColumn = base('category');
  if (categoryColumn && !unreadable.has(categoryColumn)) {
    const named = text(categoryColumn);
    if (named === '') {
      if (!category) reasons.push(`${quoteColumn(BASE_COLUMNS.category)}必填`);
    } else {
      const found = categoryNamed(context.catalog, named);
      if (!found) reasons.push(`${quoteColumn(BASE_COLUMNS.category)}：没有名为“${named.slice(0, 30)}”的类别`);
      else if (category && found.code !== category.code)
        reasons.push(`${quoteColumn(BASE_COLUMNS.category)}：本文件只导入「${category.label}」`);
      else category = found;
    }
  }

  const title = text(base('title')).replace(/\s+/g, ' ');
  if (!unreadable.has(base('title')!)) {
    if (title === '') reasons.push(`${quoteColumn(BASE_COLUMNS.title)}必填`);
    else if (title.length > MAX_TITLE) reasons.push(`${quoteColumn(BASE_COLUMNS.title)}至多 ${MAX_TITLE} 个字`);
  }

  let occurredOn: string | null = null;
  const dateColumn = base('occurredOn')!;
  if (!unreadable.has(dateColumn)) {
    const value = cell(dateColumn);
    if (isBlank(value)) reasons.push(`${quoteColumn(BASE_COLUMNS.occurredOn)}必填`);
    else {
      occurredOn = parseSheetDate(value, context.date1904);
      if (!occurredOn) {
        reasons.push(
          `${quoteColumn(BASE_COLUMNS.occurredOn)}：无法识别“${shown(value)}”，应为日期，如 2023-05-10、2023/5/10 或 2023年5月10日`,
        );
      } else if (yearOf(occurredOn) !== context.year) {
        reasons.push(`${quoteColumn(BASE_COLUMNS.occurredOn)}：${occurredOn} 不在 ${context.year} 年度`);
        occurredOn = null;
      }
    }
  }

  const roleText = normalizeLabel(text(base('role')));
  let role: Role | null = null;
  if (!unreadable.has(base('role')!)) {
    if (roleText === '') reasons.push(`${quoteColumn(BASE_COLUMNS.role)}必填`);
    else if (!(ROLES as readonly string[]).includes(roleText)) {
      reasons.push(`${quoteColumn(BASE_COLUMNS.role)}：应为 ${ROLES.join('、')} 之一，而不是“${roleText.slice(0, 30)}”`);
    } else role = roleText as Role;
  }

  const notesText = text(base('notes'));
  if (notesText.length > MAX_NOTES) reasons.push(`${quoteColumn(BASE_COLUMNS.notes)}至多 ${MAX_NOTES} 个字`);

  const attributes: Attributes = {};
  if (category) {
    const specs = new Map(category.attributes.map((s) => [normalizeLabel(s.label), s]));
    /** Attributes whose cell was read, well or not (a required one left empty is the rest). */
    const read = new Set<string>();
    for (const c of columns) {
      if (c.kind !== 'attribute') continue;
      const value = cell(c);
      const spec = specs.get(c.labelKey);
      if (!spec) {
        if (!isBlank(value)) reasons.push(`${quoteColumn(c.header)}：类别「${category.label}」没有这一项，请留空`);
        continue;
      }
      if (unreadable.has(c)) read.add(spec.name);
      if (unreadable.has(c) || isBlank(value)) continue;
      read.add(spec.name);
      const result = attributeValue(spec, value);
      if ('problem' in result) reasons.push(`${quoteColumn(c.header)}：${result.problem}`);
      else attributes[spec.name] = result.value;
    }
    for (const spec of category.attributes) {
      if (spec.required && !read.has(spec.name)) reasons.push(`${quoteColumn(spec.label)}必填`);
    }
  }

  const noColumn = base('rowNo');
  const rowNo = noColumn && !unreadable.has(noColumn) ? text(noColumn).normalize('NFKC').trim() || null : null;
  if (rowNo !== null && rowNo.length > MAX_ROW_KEY) reasons.push(`${quoteColumn(BASE_COLUMNS.rowNo)}至多 ${MAX_ROW_KEY} 个字`);
  const key = rowNo !== null ? `no:${rowNo}` : occurredOn && title ? `auto:${occurredOn}:${title.normalize('NFKC')}` : null;
  const activityId = key && category ? rowActivityId(context.department, context.year, category.code, key) : null;

  let fields: ImportFields | null = null;
  if (category && occurredOn && role && title) {
    fields = { category: category.code, title, occurredOn, role, attributes, notes: notesText === '' ? null : notesText };
    if (reasons.length === 0) {
      // The domain's own check, should it know something the reading above does not.
      // Checked as a definition: whether a retired category may take the row depends on its activity (classifyRow).
      const definition: CategorySpec & { retired?: boolean } = { ...category };
      delete definition.retired;
      for (const error of validateActivityFields(fields, [definition], false)) reasons.push(backstop(error, category));
    }
  }
  return { line: line.line, key, rowNo, activityId, title, date: occurredOn ?? shown(cell(dateColumn)), fields, reasons };
}

/** A domain check's refusal in the import's words: the column it concerns. */
function backstop(error: FieldError, category: CategorySpec): string {
  const name = error.field.startsWith('attributes.') ? error.field.slice('attributes.'.length) : null;
  const column = name
    ? (category.attributes.find((a) => a.name === name)?.label ?? name)
    : (
        { title: BASE_COLUMNS.title, occurredOn: BASE_COLUMNS.occurredOn, role: BASE_COLUMNS.role, notes: BASE_COLUMNS.notes } as Record<
          string,
          string
        >
      )[error.field];
  const words = /[\u4e00-\u9fff]/.test(error.reason) ? error.reason : '不符合要求';
  return `${quoteColumn(column ?? BASE_COLUMNS.category)}：${words}`;
}

/** The activity a row key names in a department-year and category (the same every import). */
export function rowActivityId(department: string, year: number, category: string, key: string): string {
  return entryUuid(department, `sheet:${year}:${category}:${key}`);
}

/** Rows naming the same activity: each is refused (which of them is meant cannot be told). */
function flagDuplicateKeys(rows: ParsedRow[]): void {
  const byId = new Map<string, ParsedRow[]>();
  for (const row of rows) {
    if (!row.activityId) continue;
    const list = byId.get(row.activityId) ?? [];
    list.push(row);
    byId.set(row.activityId, list);
  }
  for (const list of byId.values()) {
    if (list.length < 2) continue;
    for (const row of list) {
      const others = list.filter((r) => r !== row).map((r) => r.line);
      const lines = `第 ${others.join('、')} 行`;
      row.reasons.push(
        row.rowNo !== null
          ? `${quoteColumn(BASE_COLUMNS.rowNo)}“${row.rowNo.slice(0, 30)}”与${lines}重复：每行的编号须各不相同`
          : `与${lines}的类别、日期和标题相同，无法区分：请在${quoteColumn(BASE_COLUMNS.rowNo)}列为它们各填一个编号`,
      );
    }
  }
}
