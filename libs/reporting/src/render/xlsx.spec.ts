import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { buildYearEndReport, type YearEndReport } from '../report/build-report';
import { activity, fixtureReportInput } from '../../test/fixtures';
import { cellText } from './safe-text';
import { renderXlsx, sheetName } from './xlsx';

async function readBack(report: YearEndReport): Promise<ExcelJS.Workbook> {
  const buffer = await renderXlsx(report);
  expect(Buffer.isBuffer(buffer)).toBe(true);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The cell whose text is exactly `text`, or throws. */
function find(ws: ExcelJS.Worksheet, text: string): ExcelJS.Cell {
  let found: ExcelJS.Cell | undefined;
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (!found && cell.value === text) found = cell;
    }),
  );
  if (!found) throw new Error(`no cell "${text}" in ${ws.name}`);
  return found;
}

function allCells(workbook: ExcelJS.Workbook): ExcelJS.Cell[] {
  const cells: ExcelJS.Cell[] = [];
  workbook.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(cell))));
  return cells;
}

describe('cellText', () => {
  it.each([['=SUM(A1)'], ['+1'], ['-2 分'], ['@cmd'], ['\t=1'], ['\r=1']])('marks %j as formula-like and keeps it as it is', (input) => {
    expect(cellText(input)).toEqual({ text: input, formulaLike: true });
  });

  it('leaves ordinary text, inner signs and full-width signs alone', () => {
    for (const text of ['举办“湖北武汉香港周”', 'A=B+C', '＝SUM(A1)', '']) expect(cellText(text)).toEqual({ text, formulaLike: false });
  });

  it('drops characters XML cannot carry, then still sees a formula behind them', () => {
    expect(cellText('a\u0000b\u0007c').text).toBe('abc');
    expect(cellText('\u0001=SUM(A1)')).toEqual({ text: '=SUM(A1)', formulaLike: true });
    expect(cellText('line 1\nline 2').text).toBe('line 1\nline 2');
  });

  it('cuts text to what one cell holds', () => {
    expect(cellText('字'.repeat(40000)).text).toHaveLength(32767);
  });
});

describe('sheetName', () => {
  it('makes a valid, unique name of at most 31 characters', () => {
    const taken = new Set(['整体绩效自评表']);
    expect(sheetName('对外交往业务支出', taken)).toBe('对外交往业务支出');
    expect(sheetName('对外交往业务支出', taken)).toBe('对外交往业务支出(2)');
    expect(sheetName("'a/b[c]:d*e?f\\g'", taken)).toBe('a_b_c__d_e_f_g');
    expect(sheetName('整体绩效自评表', taken)).toBe('整体绩效自评表(2)');
    const long = sheetName('很'.repeat(40), taken);
    expect(long).toHaveLength(31);
    expect(sheetName('很'.repeat(40), taken)).toBe(`${'很'.repeat(28)}(2)`);
  });
});

describe('renderXlsx', () => {
  it('has one sheet per table, a 项目自评表 sheet per project named by the project', async () => {
    const workbook = await readBack(buildYearEndReport(fixtureReportInput()));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual([
      '重点工作完成情况',
      '整体绩效自评表',
      '对外交往业务支出',
      '行政管理支出',
      '三公经费支出决算表',
      '数据质量提示',
    ]);
  });

  it('lays out the key-work table with merged headers and one row per activity', async () => {
    const ws = sheet(await readBack(buildYearEndReport(fixtureReportInput())), '重点工作完成情况');
    expect(ws.getCell('A1').value).toBe('2023年重点工作完成情况');
    expect(ws.getCell('A3').value).toBe('序号');
    expect(ws.getCell('A4').isMerged).toBe(true);
    expect(ws.getCell('A4').master.address).toBe('A3');
    // 开展的活动 spans the four activity columns.
    expect(ws.getCell('D3').value).toBe('开展的活动');
    expect(ws.getCell('G3').master.address).toBe('D3');
    // Item 1: three activities, 序号 merged over them, verdict with what is missing.
    expect(ws.getCell('A5').value).toBe(1);
    expect(ws.getCell('A7').master.address).toBe('A5');
    expect(ws.getCell('D6').value).toBe('配合举办南南合作与全球发展倡议研讨会');
    expect(ws.getCell('F6').value).toBe('配合');
    expect(ws.getCell('I5').value).toBe('未完成\n缺：重要外事活动 3/5');
    // The two agreements that do not count are shown as such.
    expect(find(ws, '不计入（关系类型：友好合作备忘录）').row).toBeGreaterThan(7);
  });

  it('writes money as numbers with #,##0.00, the rate as 0.00 % and the total as a number', async () => {
    const ws = sheet(await readBack(buildYearEndReport(fixtureReportInput())), '整体绩效自评表');
    const budget = find(ws, '部门整体支出总额');
    const row = ws.getRow(Number(budget.row));
    expect(row.getCell(5).value).toBe(2486.85);
    expect(row.getCell(5).numFmt).toBe('#,##0.00');
    expect(row.getCell(7).value).toBe(1);
    expect(row.getCell(7).numFmt).toBe('0.00%');
    expect(row.getCell(8).value).toBe(20);
    const total = find(ws, '总分');
    expect(total.isMerged).toBe(true);
    const totalCell = ws.getRow(Number(total.row)).getCell(8);
    expect(totalCell.value).toBe(98);
    expect(typeof totalCell.value).toBe('number');
    // goal 1: 38 after the 2-point deduction, shown with its reason.
    expect(find(ws, '年度绩效目标 1：（40 分）').isMerged).toBe(true);
    const reason = find(ws, '指标体系覆盖不够全面，知晓率未附测评过程。');
    expect(ws.getRow(Number(reason.row)).getCell(8).value).toBe(-2);
  });

  it('writes each project evaluation on its own sheet with its total', async () => {
    const ws = sheet(await readBack(buildYearEndReport(fixtureReportInput())), '对外交往业务支出');
    expect(ws.getCell('A1').value).toBe('2023 年度市直部门项目自评表');
    expect(find(ws, '年度财政资金总额')).toBeDefined();
    expect(ws.getRow(Number(find(ws, '总分').row)).getCell(8).value).toBe(96);
  });

  it('writes the 09 表 row: 12 numeric columns under merged 预算数 / 决算数 headers', async () => {
    const ws = sheet(await readBack(buildYearEndReport(fixtureReportInput())), '三公经费支出决算表');
    expect(ws.getCell('A3').value).toBe('预算数');
    expect(ws.getCell('F3').master.address).toBe('A3');
    expect(ws.getCell('G3').value).toBe('决算数');
    expect(ws.getCell('C4').value).toBe('公务用车购置及运行维护费');
    expect(ws.getCell('E4').master.address).toBe('C4');
    const values = Array.from({ length: 12 }, (_, i) => ws.getRow(7).getCell(i + 1).value);
    expect(values).toEqual([23.88, 10.55, 3.91, 0, 3.91, 9.42, 23.88, 10.55, 3.91, 0, 3.91, 9.42]);
    expect(ws.getCell('G7').numFmt).toBe('#,##0.00');
    expect(ws.getRow(Number(find(ws, '其中：外事接待团组（个）').row)).getCell(5).value).toBe(31);
  });

  it('marks an overspent 决算数 bold red without touching the cells that look like it', async () => {
    // Cells with the same look share one style object: a variation must not leak to the others.
    const report = buildYearEndReport(fixtureReportInput());
    const receptions = report.sangong.columns.find((c) => c.half === 'actual' && c.line === 'receptions')!;
    const spent: YearEndReport = {
      ...report,
      sangong: { ...report.sangong, overspent: { ...report.sangong.overspent, receptions: true } },
    };
    const row = sheet(await readBack(spent), '三公经费支出决算表').getRow(7);
    expect(row.getCell(receptions.no).font).toMatchObject({ bold: true, color: { argb: 'FFC00000' } });
    for (let col = 1; col <= 12; col++) {
      const cell = row.getCell(col);
      expect(cell.border.top?.style).toBe('thin');
      expect(cell.numFmt).toBe('#,##0.00');
      expect(cell.font.name).toBe('宋体');
      if (col === receptions.no) continue;
      expect(cell.font.bold).toBeFalsy();
      expect(cell.font.color).toBeUndefined();
    }
    const unspent = sheet(await readBack(report), '三公经费支出决算表')
      .getRow(7)
      .getCell(receptions.no);
    expect(unspent.font.bold).toBeFalsy();
    expect(unspent.font.color).toBeUndefined();
  });

  it('stores a title "=SUM(A1)" as text formatted as text, shown as recorded (no quote), never as a formula', async () => {
    const input = fixtureReportInput({
      activities: (list) => [...list, activity('major-evil', 'major-event', '=SUM(A1)', '2023-07-01')],
    });
    const workbook = await readBack(buildYearEndReport(input));
    const ws = sheet(workbook, '重点工作完成情况');
    const cell = find(ws, '=SUM(A1)');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.numFmt).toBe('@');
    expect(cell.text).toBe('=SUM(A1)');
    // Ordinary text keeps the general format.
    expect(ws.getCell('A3').numFmt).not.toBe('@');
    expect(cell.formula).toBeUndefined();
    expect(allCells(workbook).filter((c) => typeof c.value === 'string' && c.value.startsWith("'"))).toEqual([]);
    expect(allCells(workbook).filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);
  });

  it('guards deduction reasons and deviation analysis too', async () => {
    const input = fixtureReportInput({
      plan: (p) => ({
        ...p,
        adjustments: p.adjustments.map((a) => (a.id === 'adj-dg1' ? { ...a, reason: '+cmd|/c calc' } : a)),
        deviationAnalysis: { ...p.deviationAnalysis, department: '@SUM(1)' },
      }),
    });
    const ws = sheet(await readBack(buildYearEndReport(input)), '整体绩效自评表');
    for (const text of ['+cmd|/c calc', '@SUM(1)']) {
      expect(find(ws, text).type).toBe(ExcelJS.ValueType.String);
      expect(find(ws, text).numFmt).toBe('@');
    }
  });

  it('lists the data-quality warnings', async () => {
    const ws = sheet(await readBack(buildYearEndReport(fixtureReportInput())), '数据质量提示');
    expect(ws.getCell('A2').value).toBe('类型');
    expect(find(ws, '日期与标题不符')).toBeDefined();
  });
});
