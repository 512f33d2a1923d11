import ExcelJS from 'exceljs';
import { ROLES } from '../../domain/activity';
import { MAX_ATTRIBUTE_TEXT } from '../../domain/attributes';
import type { AttributeSpec, CategorySpec } from '../../domain/catalog';
import { TEMPLATE_KEYWORD } from './read-xlsx';
import { BASE_COLUMNS, MAX_IMPORT_ROWS, MAX_ROW_KEY, templateColumns } from './rows';

/** Lines of the template that get the columns' input checks (Excel's data validation). */
const CHECKED_LINES = 2000;

/** An inline list for Excel's data validation: at most 255 characters, no commas in an item. */
function inlineList(items: string[]): string | null {
  if (items.some((i) => i.includes(',') || i.includes('"'))) return null;
  const list = items.join(',');
  return list.length <= 250 ? `"${list}"` : null;
}

const column = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

/** What a column takes, in words, for the 填写说明 sheet. */
function describe(header: string, spec: AttributeSpec | undefined, year: number | null): string {
  if (spec) {
    switch (spec.type) {
      case 'integer':
        return '不小于 0 的整数';
      case 'amount':
        return '金额（万元），不小于 0，可有小数';
      case 'boolean':
        return '“是”或“否”';
      case 'enum':
        return `从列表中选择：${Object.values(spec.options ?? {}).join('、')}`;
      default:
        return `文字，至多 ${MAX_ATTRIBUTE_TEXT} 个字`;
    }
  }
  switch (header) {
    case BASE_COLUMNS.rowNo:
      return `本表中每行的唯一编号（至多 ${MAX_ROW_KEY} 个字），如 2023-001。再次导入时，编号相同的行修改同一条记录；不填编号时按“类别 + 日期 + 标题”识别，修改标题或日期后将登记为新记录`;
    case BASE_COLUMNS.title:
      return '活动名称';
    case BASE_COLUMNS.occurredOn:
      return `活动日期${year ? `，须在 ${year} 年内` : ''}；可写作 2023-05-10、2023/5/10 或 2023年5月10日`;
    case BASE_COLUMNS.role:
      return `从列表中选择：${ROLES.join('、')}`;
    default:
      return '文字，可留空';
  }
}

/**
 * The import template of a category: a sheet with the columns' Chinese headers (编号, 标题, 日期,
 * 角色, the category's attributes, 备注), lists to choose from for 角色 and choice attributes,
 * checks on dates and numbers, and a sheet of instructions. The workbook's keywords name the
 * category, so a filled-in template is imported into it without choosing.
 */
export async function buildImportTemplate(
  category: CategorySpec,
  options: { year?: number | null; departmentName?: string } = {},
): Promise<Buffer> {
  const year = options.year ?? null;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '重点工作跟踪';
  workbook.title = `${category.label} 导入模板`;
  workbook.keywords = `${TEMPLATE_KEYWORD}${category.code}`;
  const sheet = workbook.addWorksheet('活动登记', { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = templateColumns(category);
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.header,
    width: c.header === BASE_COLUMNS.title || c.header === BASE_COLUMNS.notes ? 40 : Math.max(12, c.header.length * 2 + 4),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFCE4D6' : 'FFDDEBF7' } };
    cell.note = `${c.required ? '必填。' : '可留空。'}${describe(c.header, c.spec, year)}`;
  });

  // exceljs writes a validation for a whole range; its types know only the per-cell one.
  const ranges = (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } })
    .dataValidations;
  const check = (address: string, validation: ExcelJS.DataValidation) => ranges.add(address, validation);
  const range = (index: number) => `${column(index + 1)}2:${column(index + 1)}${CHECKED_LINES}`;
  const error = (text: string) => ({ showErrorMessage: true, errorStyle: 'stop', errorTitle: '输入有误', error: text });
  columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    if (c.header === BASE_COLUMNS.rowNo) col.numFmt = '@';
    if (c.header === BASE_COLUMNS.occurredOn) {
      col.numFmt = 'yyyy-mm-dd';
      if (year) {
        check(range(i), {
          type: 'date',
          operator: 'between',
          allowBlank: true,
          formulae: [new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year, 11, 31))],
          ...error(`日期须在 ${year} 年内`),
        } as ExcelJS.DataValidation);
      }
    }
    if (c.header === BASE_COLUMNS.role) {
      check(range(i), {
        type: 'list',
        allowBlank: true,
        formulae: [inlineList([...ROLES])!],
        ...error(`请选择：${ROLES.join('、')}`),
      } as ExcelJS.DataValidation);
    }
    const spec = c.spec;
    if (!spec) return;
    if (spec.type === 'enum' || spec.type === 'boolean') {
      const items = spec.type === 'enum' ? Object.values(spec.options ?? {}) : ['是', '否'];
      const list = inlineList(items);
      if (list)
        check(range(i), {
          type: 'list',
          allowBlank: true,
          formulae: [list],
          ...error(`请选择：${items.join('、')}`),
        } as ExcelJS.DataValidation);
    } else if (spec.type === 'integer') {
      check(range(i), {
        type: 'whole',
        operator: 'greaterThanOrEqual',
        allowBlank: true,
        formulae: [0],
        ...error('请填写不小于 0 的整数'),
      } as ExcelJS.DataValidation);
    } else if (spec.type === 'amount') {
      check(range(i), {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        allowBlank: true,
        formulae: [0],
        ...error('请填写不小于 0 的金额（万元）'),
      } as ExcelJS.DataValidation);
    }
  });

  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'column', width: 20 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写要求', key: 'rule', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns)
    help.addRow({ column: c.header, required: c.required ? '必填' : '可留空', rule: describe(c.header, c.spec, year) });
  help.addRow({});
  for (const line of [
    `本模板用于导入“${category.label}”${options.departmentName ? `（${options.departmentName}）` : ''}的活动${year ? `，${year} 年度` : ''}。`,
    '请在“活动登记”工作表中从第 2 行起每行填写一项活动，不要修改第 1 行的表头；空行会被忽略。',
    `一次至多导入 ${MAX_IMPORT_ROWS} 行。上传后先预览：新增、未变、修改和有误的行分别列出，确认后才写入；有误的行不会写入。`,
    '同一文件再次导入不会重复登记；修改某行后再次导入，会修改该行编号对应的记录，并保留修改历史。',
    '也可以另存为 CSV（UTF-8 或 GBK/GB18030 编码均可）后上传。',
  ]) {
    help.addRow({ column: line }).getCell(1).alignment = { wrapText: false };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
