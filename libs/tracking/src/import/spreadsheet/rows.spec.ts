import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Activity } from '../../domain/activity';
import type { CategorySpec } from '../../domain/catalog';
import { DomainValidationError } from '../../domain/errors';
import { classifyRow, coverageOf } from './classify';
import { decodeCsv, parseCsv, readCsv } from './read-csv';
import { readXlsx } from './read-xlsx';
import { excelSerialToDate, parseSheet, parseSheetDate, rowActivityId, type ParsedSheet } from './rows';
import type { CellValue, Sheet } from './sheet';
import { buildImportTemplate } from './template';

const CATALOG: CategorySpec[] = [
  {
    code: 'major-event',
    label: '重要外事活动',
    attributes: [
      { name: 'participants', label: '参与人数', type: 'integer' },
      { name: 'counterpart', label: '对方城市或机构', type: 'text' },
    ],
  },
  {
    code: 'new-friendship-city',
    label: '国际友好城市 / 友好交流城市',
    attributes: [
      { name: 'city', label: '对方城市', type: 'text', required: true },
      {
        name: 'relation',
        label: '关系类型',
        type: 'enum',
        required: true,
        options: { 'sister-city': '友好城市', 'friendly-exchange': '友好交流城市' },
      },
    ],
  },
  {
    code: 'reception',
    label: '公务接待团组',
    attributes: [
      { name: 'cost', label: '费用（万元）', type: 'amount' },
      { name: 'foreign', label: '外事接待', type: 'boolean' },
    ],
  },
];

const HEADER = ['编号', '标题', '日期', '角色', '参与人数', '对方城市或机构', '备注'];
const OPTIONS = { department: 'wh-fao', year: 2023, catalog: CATALOG, category: 'major-event' };

const sheetOf = (rows: CellValue[][], extra: Partial<Sheet> = {}): Sheet => ({
  name: 'test.xlsx',
  category: null,
  lines: rows.map((cells, i) => ({ line: i + 1, cells })),
  ...extra,
});

const parse = (rows: CellValue[][], options: Partial<typeof OPTIONS> = {}): ParsedSheet =>
  parseSheet(sheetOf(rows), { ...OPTIONS, ...options });

/** The file's problems as a list of reasons (the 400 a preview answers). */
function fileProblems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainValidationError) return error.errors.map((e) => `${e.field}: ${e.reason}`);
    throw error;
  }
  throw new Error('no error');
}

async function xlsx(build: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('活动登记'), workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('dates', () => {
  it('reads Excel serial numbers (1900 and 1904 systems) and date cells', () => {
    expect(excelSerialToDate(45056)).toBe('2023-05-10');
    expect(excelSerialToDate(45056.75)).toBe('2023-05-10');
    expect(excelSerialToDate(45056 - 1462, true)).toBe('2023-05-10');
    expect(excelSerialToDate(12)).toBeNull();
    expect(parseSheetDate(new Date(Date.UTC(2023, 4, 10)))).toBe('2023-05-10');
  });

  it.each([
    ['2023-05-10', '2023-05-10'],
    ['2023/5/10', '2023-05-10'],
    ['2023.5.1', '2023-05-01'],
    ['2023年5月10日', '2023-05-10'],
    ['2023 年 5 月 10 日', '2023-05-10'],
    ['２０２３－０５－１０', '2023-05-10'],
    ['2023-05-10 09:30:00', '2023-05-10'],
    ['20230510', '2023-05-10'],
    ['2023-02-30', null],
    ['5/10/2023', null],
    ['下周一', null],
    ['45056', null],
  ])('reads the text %s as %s', (text, date) => {
    expect(parseSheetDate(text)).toBe(date);
  });
});

describe('headers', () => {
  it('names a missing column and an unknown one, and lists the columns of the category', () => {
    const problems = fileProblems(() =>
      parse([
        ['编号', '标题', '日期', '参与人数', '地点'],
        ['1', '会见', '2023-05-10', 5, '武汉'],
      ]),
    );
    expect(problems).toEqual([
      'file: 未知的列「地点」（第 5 列）：类别「重要外事活动」的列为 编号、标题、日期、角色、参与人数、对方城市或机构、备注',
      'file: 缺少「角色」列',
    ]);
  });

  it('names a required attribute column that is missing, and a column given twice', () => {
    const problems = fileProblems(() =>
      parse(
        [
          ['标题', '日期', '角色', '关系类型', '标题'],
          ['缔结', '2023-05-10', '主办', '友好城市', 'x'],
        ],
        { category: 'new-friendship-city' },
      ),
    );
    expect(problems).toEqual([
      'file: 「标题」列出现了两次（第 1 列和第 5 列）',
      'file: 缺少「对方城市」列（类别「国际友好城市 / 友好交流城市」必填）',
    ]);
  });

  it('says where the header should be when there is none', () => {
    expect(
      fileProblems(() =>
        parse([
          ['a', 'b'],
          ['c', 'd'],
        ]),
      )[0],
    ).toMatch(/^file: 找不到表头：.*编号、标题、日期、角色/);
  });

  it('finds the header under a title line, reads full-width and spaced headers, ignores columns without a header', () => {
    const parsed = parse([
      ['2023 年重要外事活动登记表'],
      ['编 号', '标题', '日期', '角色*', '参与人数', null, '对方城市或机构'],
      ['A-1', '会见', '2023-05-10', '主办', 12, '旁注', '大阪'],
    ]);
    expect(parsed.columns).toEqual(['编号', '标题', '日期', '角色', '参与人数', '对方城市或机构']);
    expect(parsed.rows[0]).toMatchObject({ line: 3, rowNo: 'A-1', reasons: [] });
    expect(parsed.rows[0].fields).toEqual({
      category: 'major-event',
      title: '会见',
      occurredOn: '2023-05-10',
      role: '主办',
      attributes: { participants: 12, counterpart: '大阪' },
      notes: null,
    });
  });

  it('needs a category: chosen, the template’s, or a 类别 column', () => {
    expect(fileProblems(() => parse([HEADER, ['1', '会见', '2023-05-10', '主办']], { category: undefined }))).toEqual([
      'file: 无法确定类别：请选择类别，或在表中加入「类别」列',
    ]);
    const fromTemplate = parseSheet(sheetOf([HEADER, ['1', '会见', '2023-05-10', '主办']], { category: 'major-event' }), {
      ...OPTIONS,
      category: undefined,
    });
    expect(fromTemplate.category).toBe('major-event');
  });

  it('reads each row’s category from a 类别 column, the attribute columns of every category allowed', () => {
    const parsed = parse(
      [
        ['类别', '标题', '日期', '角色', '参与人数', '对方城市', '关系类型'],
        ['重要外事活动', '会见', '2023-05-10', '主办', 5, null, null],
        ['国际友好城市/友好交流城市', '缔结', '2023-06-01', '主办', null, '大阪', '友好城市'],
        ['重要外事活动', '会谈', '2023-06-02', '主办', null, '大阪', null],
        ['不存在的类别', '会谈', '2023-06-02', '主办', null, null, null],
      ],
      { category: undefined },
    );
    expect(parsed.rows.map((r) => [r.fields?.category, r.reasons])).toEqual([
      ['major-event', []],
      ['new-friendship-city', []],
      ['major-event', ['「对方城市」：类别「重要外事活动」没有这一项，请留空']],
      [undefined, ['「类别」：没有名为“不存在的类别”的类别']],
    ]);
    expect(parsed.rows[1].fields?.attributes).toEqual({ city: '大阪', relation: 'sister-city' });
  });
});

describe('rows', () => {
  it('skips empty rows and keeps the file’s line numbers', () => {
    const parsed = parse([HEADER, ['1', '会见', '2023-05-10', '主办'], [null, '  ', null], [], ['2', '会谈', '2023-05-11', '承办']]);
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it('reads values of every kind and names the column of each bad one', () => {
    const parsed = parse([
      HEADER,
      ['1', '', '2023-13-01', '主持', '十二', null, null],
      ['2', '会见', '2024-01-05', '主办', -3, null, null],
      ['3', '会见', 45056, '主办', '1,200', 42, 'x'],
    ]);
    expect(parsed.rows.map((r) => r.reasons)).toEqual([
      [
        '「标题」必填',
        '「日期」：无法识别“2023-13-01”，应为日期，如 2023-05-10、2023/5/10 或 2023年5月10日',
        '「角色」：应为 主办、承办、协办、配合、联合 之一，而不是“主持”',
        '「参与人数」：应为不小于 0 的整数，而不是“十二”',
      ],
      ['「日期」：2024-01-05 不在 2023 年度', '「参与人数」：应为不小于 0 的整数，而不是“-3”'],
      [],
    ]);
    expect(parsed.rows[2].fields).toMatchObject({
      occurredOn: '2023-05-10',
      attributes: { participants: 1200, counterpart: '42' },
      notes: 'x',
    });
  });

  it('reads choices by their label, yes/no words and amounts', () => {
    const parsed = parse(
      [
        ['标题', '日期', '角色', '费用（万元）', '外事接待'],
        ['接待', '2023-05-10', '主办', 0.1 + 0.2, '是'],
        ['接待', '2023-05-11', '主办', '1.5', '否'],
        ['接待', '2023-05-12', '主办', '一万', '也许'],
      ],
      { category: 'reception' },
    );
    expect(parsed.rows.map((r) => r.fields?.attributes)).toEqual([{ cost: 0.3, foreign: true }, { cost: 1.5, foreign: false }, {}]);
    expect(parsed.rows[2].reasons).toEqual([
      '「费用（万元）」：应为不小于 0 的金额（万元），而不是“一万”',
      '「外事接待」：应为“是”或“否”，而不是“也许”',
    ]);
  });

  it('refuses rows with a formula without its result or an error value, naming the column', () => {
    const parsed = parse([
      HEADER,
      ['1', '会见', '2023-05-10', '主办', { kind: 'formula-without-result', formula: 'SUM(E3:E9)' }],
      ['2', '会见', { kind: 'error', text: '#REF!' }, '主办'],
    ]);
    expect(parsed.rows.map((r) => r.reasons)).toEqual([
      ['「参与人数」：单元格是公式（=SUM(E3:E9)）但没有保存计算结果，请在 Excel 中打开、重新计算并保存后再上传'],
      ['「日期」：单元格是错误值 #REF!'],
    ]);
  });

  it('keys a row by its 编号, else by category, date and title; refuses every row of a key given twice', () => {
    const parsed = parse([
      HEADER,
      ['A1', '会见', '2023-05-10', '主办'],
      ['A1', '会谈', '2023-05-11', '主办'],
      [null, '论坛', '2023-05-12', '主办'],
      [null, '论坛', '2023-05-12', '承办'],
      [null, '论坛', '2023-05-13', '主办'],
      ['A2', '论坛', '2023-05-12', '主办'],
    ]);
    expect(parsed.rows.map((r) => [r.key, r.reasons])).toEqual([
      ['no:A1', ['「编号」“A1”与第 3 行重复：每行的编号须各不相同']],
      ['no:A1', ['「编号」“A1”与第 2 行重复：每行的编号须各不相同']],
      ['auto:2023-05-12:论坛', ['与第 5 行的类别、日期和标题相同，无法区分：请在「编号」列为它们各填一个编号']],
      ['auto:2023-05-12:论坛', ['与第 4 行的类别、日期和标题相同，无法区分：请在「编号」列为它们各填一个编号']],
      ['auto:2023-05-13:论坛', []],
      ['no:A2', []],
    ]);
    expect(parsed.rows[5].activityId).toBe(rowActivityId('wh-fao', 2023, 'major-event', 'no:A2'));
    // Another year, category or department: another activity.
    expect(rowActivityId('wh-fao', 2024, 'major-event', 'no:A2')).not.toBe(parsed.rows[5].activityId);
    expect(rowActivityId('wh-fao', 2023, 'reception', 'no:A2')).not.toBe(parsed.rows[5].activityId);
    expect(rowActivityId('wh-other', 2023, 'major-event', 'no:A2')).not.toBe(parsed.rows[5].activityId);
  });

  it('refuses more rows than allowed as a file problem', () => {
    const many: CellValue[][] = [
      HEADER,
      ...Array.from({ length: 20_001 }, (_, i): CellValue[] => [String(i), '会见', '2023-05-10', '主办']),
    ];
    expect(fileProblems(() => parse(many))).toEqual(['file: 数据行过多：20001 行，一次至多导入 20000 行，请分成几个文件']);
  });
});

describe('XLSX files', () => {
  it('uses a formula’s saved result, fills a merged range down, refuses a range merged across columns', async () => {
    const bytes = await xlsx((sheet) => {
      sheet.addRow(HEADER);
      sheet.addRow(['1', '会见', new Date(Date.UTC(2023, 4, 10)), '主办', { formula: '2*6', result: 12 }]);
      sheet.addRow(['2', '会谈', null, '主办', { formula: 'E2+1' }]);
      sheet.addRow(['3', '论坛', null, '承办', 45056]);
      sheet.mergeCells('C2:C4');
      sheet.addRow(['4', '宴请', 45057, '主办', null, '大阪']);
      sheet.mergeCells('E5:F5');
      sheet.addRow([]);
      sheet.addRow([
        '5',
        { richText: [{ text: '座' }, { text: '谈' }] },
        '2023年5月12日',
        '主办',
        { formula: 'NA()', result: { error: '#N/A' } },
      ]);
    });
    const sheet = await readXlsx(bytes, '活动.xlsx');
    const parsed = parseSheet(sheet, OPTIONS);
    expect(parsed.rows.map((r) => [r.line, r.fields?.occurredOn, r.fields?.attributes, r.reasons])).toEqual([
      [2, '2023-05-10', { participants: 12 }, []],
      [3, '2023-05-10', {}, ['「参与人数」：单元格是公式（=E2+1）但没有保存计算结果，请在 Excel 中打开、重新计算并保存后再上传']],
      [4, '2023-05-10', { participants: 45056 }, []],
      [5, '2023-05-11', {}, ['「参与人数」「对方城市或机构」所在的单元格与相邻列合并了：请取消合并，每列填写各自的值']],
      [7, '2023-05-12', {}, ['「参与人数」：单元格是错误值 #N/A']],
    ]);
    expect(parsed.rows[4].title).toBe('座谈');
  });

  it('reads the category a template names, and the template’s headers are the columns a file may have', async () => {
    const template = await buildImportTemplate(CATALOG[1], { year: 2023 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template as unknown as ArrayBuffer);
    const data = workbook.worksheets[0];
    expect(data.getRow(1).values).toEqual([undefined, '编号', '标题', '日期', '角色', '对方城市', '关系类型', '备注']);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['活动登记', '填写说明']);
    data.addRow(['F-1', '缔结友好城市', new Date(Date.UTC(2023, 8, 1)), '主办', '大阪', '友好交流城市']);
    const sheet = await readXlsx(new Uint8Array(await workbook.xlsx.writeBuffer()), 'filled.xlsx');
    expect(sheet.category).toBe('new-friendship-city');
    const parsed = parseSheet(sheet, { ...OPTIONS, category: undefined });
    expect(parsed.rows[0]).toMatchObject({
      reasons: [],
      fields: { category: 'new-friendship-city', attributes: { city: '大阪', relation: 'friendly-exchange' } },
    });
  });

  it('says a file that is not XLSX cannot be read', async () => {
    await expect(readXlsx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'x.xlsx')).rejects.toThrow(/无法读取该 XLSX 文件/);
  });
});

describe('CSV files', () => {
  const text =
    '编号,标题,日期,角色,参与人数,备注\r\n1,"会见, 大阪代表团",2023/5/10,主办,12,"第一行\n第二行"\r\n2,"说""好""的",2023年5月11日,承办,,\r\n';

  it('reads UTF-8 with and without a byte-order mark, and GB18030 (Chinese Excel’s CSV)', () => {
    const utf8 = new TextEncoder().encode(text);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    const gb = new Uint8Array(iconv.encode(text, 'gb18030'));
    expect([decodeCsv(utf8).encoding, decodeCsv(bom).encoding, decodeCsv(gb).encoding]).toEqual(['utf-8', 'utf-8-bom', 'gb18030']);
    const read = [utf8, bom, gb].map((bytes) =>
      parseSheet(readCsv(bytes, 'a.csv'), OPTIONS).rows.map((r) => [r.line, r.fields, r.reasons]),
    );
    expect(read[1]).toEqual(read[0]);
    expect(read[2]).toEqual(read[0]);
    expect(read[0]).toEqual([
      [
        2,
        {
          category: 'major-event',
          title: '会见, 大阪代表团',
          occurredOn: '2023-05-10',
          role: '主办',
          attributes: { participants: 12 },
          notes: '第一行\n第二行',
        },
        [],
      ],
      [3, { category: 'major-event', title: '说"好"的', occurredOn: '2023-05-11', role: '承办', attributes: {}, notes: null }, []],
    ]);
  });

  it('reads tab-separated text and every line ending', () => {
    expect(parseCsv('a\tb\rc\td\n\ne\tf')).toEqual([['a', 'b'], ['c', 'd'], [''], ['e', 'f']]);
    expect(() => parseCsv('a,"b\nc')).toThrow(/未闭合的双引号/);
  });
});

describe('classifying a row against the activity it keys', () => {
  const parsed = parse([HEADER, ['1', '会见', '2023-05-10', '主办', 12, '大阪', null]]);
  const row = parsed.rows[0];
  const activity = (over: Partial<Activity> = {}): Activity => ({
    id: row.activityId!,
    department: 'wh-fao',
    category: 'major-event',
    title: '会见',
    occurredOn: '2023-05-10',
    role: '主办',
    attributes: { participants: 12, counterpart: '大阪' },
    parentId: null,
    alsoCountsFor: [],
    notes: null,
    status: 'active',
    withdrawnReason: null,
    version: 1,
    recordedAt: '2023-05-10T00:00:00Z',
    recordedBy: null,
    updatedAt: '2023-05-10T00:00:00Z',
    ...over,
  });
  const coverage = coverageOf(parsed);

  it('is new without an activity, unchanged when the activity says the same', () => {
    expect(classifyRow(row, null, CATALOG, coverage).status).toBe('new');
    expect(classifyRow(row, activity({ parentId: 'p', alsoCountsFor: ['x'] }), CATALOG, coverage).status).toBe('unchanged');
  });

  it('is changed otherwise, listing each changed column', () => {
    const changed = classifyRow(row, activity({ title: '会谈', attributes: { participants: 10, counterpart: '大阪' } }), CATALOG, coverage);
    expect(changed).toMatchObject({
      status: 'changed',
      changes: [
        { column: '标题', before: '会谈', after: '会见' },
        { column: '参与人数', before: '10', after: '12' },
      ],
    });
  });

  it('leaves what the file has no column for as it is', () => {
    const narrow = parse([
      ['编号', '标题', '日期', '角色'],
      ['1', '会见', '2023-05-10', '主办'],
    ]);
    expect(classifyRow(narrow.rows[0], activity({ notes: '旧备注' }), CATALOG, coverageOf(narrow)).status).toBe('unchanged');
  });
});
