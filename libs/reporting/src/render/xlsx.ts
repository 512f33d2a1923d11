import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Evaluation, EvaluationGoal, YearEndReport } from '../report/build-report';
import { sangongSourcesText } from '../report/build-report';
import {
  budgetExecutionLabel,
  budgetScoreLabel,
  labels,
  projectEvaluationTitle,
  sangongKindLabels,
  warningKindLabels,
} from '../report/labels';
import { activityTitle, asOfText, countedText, milestoneLine, targetLine } from './format';
import { cellText } from './safe-text';

type Worksheet = ExcelJS.Worksheet;
type Cell = ExcelJS.Cell;
type Value = string | number | null;

export const SHEET_NAMES = {
  keyWork: labels.keyWorkTable,
  department: labels.departmentEvaluation,
  sangong: '三公经费支出决算表',
  warnings: labels.warnings,
} as const;

const MONEY = '#,##0.00';
const RATE = '0.00%';
const SCORE = '0.00';
/** Text format: what is typed into the cell stays text (guards text that starts like a formula). */
const TEXT = '@';
const FONT = { name: '宋体', size: 10 };
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * The year-end report as a workbook: one sheet per table, laid out like the published tables.
 * Every text cell is written as a plain string through `cellText`; nothing is ever a formula, and
 * text that starts like one (= + - @) is also formatted as text, shown exactly as it was recorded.
 *
 * Written with exceljs's streaming writer (rows stay in memory until the sheet is committed, so
 * merges and row heights still work): it zips with Node's zlib, off the main thread, where
 * `Workbook.xlsx.writeBuffer` deflates in JavaScript (pako) — for a key-work sheet of 50,000
 * activities that halves the render's CPU time. Same sheets, cells, styles and merges.
 */
export async function renderXlsx(report: YearEndReport): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  // Fixed dates keep the workbook's metadata free of the build time (the caller records builtAt).
  const stamp = new Date(Date.UTC(report.header.year + 1, 0, 1));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: true,
    zip: { zlib: { level: 6 } },
  });
  workbook.creator = 'keywork-tracking';
  workbook.lastModifiedBy = 'keywork-tracking';
  workbook.created = stamp;
  workbook.modified = stamp;

  keyWorkSheet(workbook, report);
  evaluationSheet(workbook.addWorksheet(SHEET_NAMES.department, pageSetup('portrait')), report.departmentEvaluation, {
    title: `${report.header.year} 年度${report.header.department.name}${labels.departmentEvaluation}`,
    nameLabel: labels.departmentName,
    name: report.header.department.name,
    budgetLine: labels.departmentTotalSpending,
    goalLabel: (g) => `${labels.annualGoal} ${g.no}：（${g.points} 分）`,
    goalText: (g) => g.text,
  });
  const taken = new Set(Object.values(SHEET_NAMES).map((n) => n.toLowerCase()));
  for (const project of report.projectEvaluations) {
    const name = sheetName(project.project.name, taken);
    evaluationSheet(workbook.addWorksheet(name, pageSetup('portrait')), project, {
      title: `${report.header.year} 年度${projectEvaluationTitle(report.header.officeLevel)}`,
      nameLabel: labels.projectName,
      name: project.project.name,
      budgetLine: labels.projectFunds,
      goalLabel: (g) => `${g.text}（${g.points} 分）`,
      goalText: (g) => `${labels.annualGoal} ${g.no}`,
    });
  }
  sangongSheet(workbook, report);
  warningsSheet(workbook, report);

  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

/**
 * A valid, unique sheet name from a project name: no []:*?/\, no leading or trailing apostrophe,
 * at most 31 characters.
 */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base = (
    wanted
      .replace(/[[\]:*?/\\]/g, '_')
      .replace(/^'+|'+$/g, '')
      .trim() || labels.projectEvaluation
  ).slice(0, 31);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = `(${n})`;
    name = `${base.slice(0, 31 - suffix.length)}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

function pageSetup(orientation: 'portrait' | 'landscape'): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    pageSetup: {
      paperSize: 9, // A4
      orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.59, right: 0.59, top: 0.59, bottom: 0.59, header: 0.3, footer: 0.3 },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// cell helpers

type CellStyle = Partial<ExcelJS.Style>;
const cellStyles = new Map<string, CellStyle>();

/**
 * One style object per look (number format, weight, alignment), shared by every cell that has
 * it: exceljs describes a style object it has already seen by reference, so a report listing
 * tens of thousands of activities renders in a fraction of the time a fresh style per cell takes.
 * Shared styles are frozen; a cell that needs a variation gets its own copy (see `restyle`).
 */
function cellStyle(numFmt: string | undefined, bold: boolean, horizontal: 'left' | 'center'): CellStyle {
  const key = `${numFmt ?? ''}|${bold}|${horizontal}`;
  let style = cellStyles.get(key);
  if (!style) {
    style = Object.freeze({
      ...(numFmt ? { numFmt } : {}),
      font: Object.freeze({ ...FONT, bold }),
      alignment: Object.freeze({ vertical: 'middle' as const, horizontal, wrapText: true }),
      border: BORDER,
    });
    cellStyles.set(key, style);
  }
  return style;
}

/** Writes a value: strings always through cellText, numbers as numbers with a format. */
function put(
  ws: Worksheet,
  row: number,
  col: number,
  value: Value,
  opts: { numFmt?: string; bold?: boolean; align?: 'left' | 'center' } = {},
): Cell {
  const cell = ws.getCell(row, col);
  const text = typeof value === 'string' ? cellText(value) : null;
  cell.value = text ? text.text : value;
  const numFmt = opts.numFmt && typeof value === 'number' ? opts.numFmt : text?.formulaLike ? TEXT : cell.numFmt;
  cell.style = cellStyle(
    numFmt || undefined,
    opts.bold ?? false,
    opts.align ?? (typeof value === 'number' ? 'center' : 'left'),
  ) as ExcelJS.Style;
  return cell;
}

/** Writes text into a cell outside the shared styles (titles, captions). */
function setText(cell: Cell, value: string): void {
  const text = cellText(value);
  cell.value = text.text;
  if (text.formulaLike) cell.numFmt = TEXT;
}

/** Gives a cell its own copy of its style with these changes (its shared style stays as it is). */
function restyle(cell: Cell, changes: CellStyle): void {
  cell.style = { ...cell.style, ...changes } as ExcelJS.Style;
}

/** Writes into the top-left cell of a range, borders the whole range, merges it when larger than one cell. */
function block(
  ws: Worksheet,
  top: number,
  left: number,
  bottom: number,
  right: number,
  value: Value,
  opts: Parameters<typeof put>[4] = {},
): Cell {
  const cell = put(ws, top, left, value, opts);
  if (bottom > top || right > left) ws.mergeCells(top, left, bottom, right);
  return cell;
}

function header(ws: Worksheet, top: number, left: number, bottom: number, right: number, text: string): void {
  block(ws, top, left, bottom, right, text, { bold: true, align: 'center' });
}

function title(ws: Worksheet, row: number, lastCol: number, text: string): void {
  ws.mergeCells(row, 1, row, lastCol);
  const cell = ws.getCell(row, 1);
  setText(cell, text);
  // A fresh cell: its style object is shared with the merged cells, which take the title's look too.
  cell.font = { ...FONT, size: 14, bold: true };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(row).height = 28;
}

function caption(ws: Worksheet, row: number, lastCol: number, left: string, right: string): void {
  const half = Math.max(1, Math.floor(lastCol / 2));
  ws.mergeCells(row, 1, row, half);
  ws.mergeCells(row, half + 1, row, lastCol);
  const a = ws.getCell(row, 1);
  setText(a, left);
  a.font = FONT;
  const b = ws.getCell(row, half + 1);
  setText(b, right);
  b.font = FONT;
  b.alignment = { horizontal: 'right' };
}

/** Display width of text in character cells: a CJK character takes two. */
function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A character outside the BMP (a surrogate pair) counts as one narrow character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    width += isWide(c) ? 2 : 1;
  }
  return width;
}

/** CJK and full-width ranges (code units of the BMP). */
function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6)
  );
}

/** Excel does not grow rows for wrapped text in merged cells: estimate the height instead. */
function fitHeight(ws: Worksheet, row: number, texts: { text: string; width: number }[], rows = 1): void {
  const lines = Math.max(
    1,
    ...texts.map(({ text, width }) =>
      text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, width - 1))), 0),
    ),
  );
  const height = Math.min(409, Math.max(18, (lines * 14 + 4) / rows));
  for (let r = row; r < row + rows; r++) {
    const current = ws.getRow(r).height ?? 0;
    if (height > current) ws.getRow(r).height = height;
  }
}

function widthOf(ws: Worksheet, from: number, to: number): number {
  let w = 0;
  for (let c = from; c <= to; c++) w += ws.getColumn(c).width ?? 9;
  return w;
}

// ---------------------------------------------------------------------------------------------
// 重点工作完成情况

function keyWorkSheet(workbook: ExcelJS.Workbook, report: YearEndReport): void {
  const ws = workbook.addWorksheet(SHEET_NAMES.keyWork, { ...pageSetup('landscape'), views: [{ state: 'frozen', ySplit: 4 }] });
  const widths = [6, 22, 36, 44, 11, 7, 16, 32, 22];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const last = widths.length;
  title(ws, 1, last, `${report.header.year}年${labels.keyWorkTable}`);
  caption(ws, 2, last, `${labels.department}：${report.header.department.name}`, asOfText(report.header));

  header(ws, 3, 1, 4, 1, labels.no);
  header(ws, 3, 2, 4, 2, labels.matter);
  header(ws, 3, 3, 4, 3, labels.content);
  header(ws, 3, 4, 3, 7, labels.activities);
  header(ws, 4, 4, 4, 4, '活动');
  header(ws, 4, 5, 4, 5, labels.occurredOn);
  header(ws, 4, 6, 4, 6, labels.role);
  header(ws, 4, 7, 4, 7, labels.counted);
  header(ws, 3, 8, 4, 8, labels.targetsAndActuals);
  header(ws, 3, 9, 4, 9, labels.status);

  let r = 5;
  for (const item of report.keyWork) {
    const n = Math.max(1, item.activities.length);
    const bottom = r + n - 1;
    const checks = [...item.targets.map(targetLine), ...item.milestones.map(milestoneLine)].join('\n');
    const status = [item.verdict, ...item.missing.map((m) => `缺：${m}`)].join('\n');
    block(ws, r, 1, bottom, 1, item.no, { align: 'center' });
    block(ws, r, 2, bottom, 2, item.matter);
    block(ws, r, 3, bottom, 3, item.content);
    block(ws, r, 8, bottom, 8, checks);
    block(ws, r, 9, bottom, 9, status, { bold: item.verdict !== labels.done, align: 'center' });
    if (item.activities.length === 0) {
      block(ws, r, 4, r, 7, '—', { align: 'center' });
    }
    item.activities.forEach((a, i) => {
      put(ws, r + i, 4, activityTitle(a));
      put(ws, r + i, 5, a.occurredOn, { align: 'center' });
      put(ws, r + i, 6, a.role, { align: 'center' });
      put(ws, r + i, 7, countedText(a), { align: 'center' });
      fitHeight(ws, r + i, [
        { text: activityTitle(a), width: widths[3] },
        { text: countedText(a), width: widths[6] },
      ]);
    });
    fitHeight(
      ws,
      r,
      [
        { text: item.matter, width: widths[1] },
        { text: item.content, width: widths[2] },
        { text: checks, width: widths[7] },
        { text: status, width: widths[8] },
      ],
      n,
    );
    r = bottom + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// 整体绩效自评表 / 项目自评表

interface EvaluationLayout {
  title: string;
  nameLabel: string;
  name: string;
  budgetLine: string;
  goalLabel: (g: EvaluationGoal) => string;
  goalText: (g: EvaluationGoal) => string;
}

function evaluationSheet(ws: Worksheet, evaluation: Evaluation, layout: EvaluationLayout): void {
  // A: section; B–D: 一级/二级/三级指标 (the budget line's label above them); E: A / 预算数;
  // F–G: B (执行数, 执行率 in the budget block); H: 得分.
  const widths = [16, 12, 14, 36, 14, 12, 12, 14];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const last = widths.length;
  title(ws, 1, last, layout.title);
  block(ws, 2, 1, 2, 1, layout.nameLabel, { bold: true, align: 'center' });
  block(ws, 2, 2, 2, last, layout.name);

  // 预算执行情况（万元）（20 分）
  header(ws, 3, 1, 4, 1, budgetExecutionLabel(evaluation.budgetPoints));
  header(ws, 3, 2, 3, 4, '');
  header(ws, 3, 5, 3, 5, labels.budgetAmountA);
  header(ws, 3, 6, 3, 6, labels.executedAmountB);
  header(ws, 3, 7, 3, 7, labels.executionRateBA);
  ws.getRow(3).height = 30;
  block(ws, 4, 2, 4, 4, layout.budgetLine, { align: 'center' });
  const budget = evaluation.budget;
  if (budget) {
    put(ws, 4, 5, budget.A, { numFmt: MONEY });
    put(ws, 4, 6, budget.B, { numFmt: MONEY });
    put(ws, 4, 7, budget.rate, { numFmt: RATE });
  } else {
    block(ws, 4, 5, 4, 7, labels.notEntered, { align: 'center' });
  }
  header(ws, 3, 8, 3, 8, budgetScoreLabel(evaluation.budgetPoints));
  put(ws, 4, 8, budget?.score ?? 0, { numFmt: SCORE });

  let r = 5;
  for (const goal of evaluation.goals) {
    if (goal.scoring !== 'group') {
      r = weightedGoalRows(ws, r, goal, layout, widths) + 1;
      continue;
    }
    const indicatorRows = Math.max(1, goal.indicators.length);
    const extra = goal.deductions.length > 0 ? 1 + goal.deductions.length : 0;
    const bottom = r + 1 + indicatorRows + extra;
    header(ws, r, 1, bottom, 1, layout.goalLabel(goal));
    block(ws, r, 2, r, 8, layout.goalText(goal));
    fitHeight(ws, r, [{ text: layout.goalText(goal), width: widthOf(ws, 2, 8) }]);
    header(ws, r + 1, 2, r + 1, 2, labels.level1);
    header(ws, r + 1, 3, r + 1, 3, labels.level2);
    header(ws, r + 1, 4, r + 1, 4, labels.level3);
    header(ws, r + 1, 5, r + 1, 5, labels.targetA);
    header(ws, r + 1, 6, r + 1, 7, labels.actualB);
    header(ws, r + 1, 8, r + 1, 8, labels.score);
    const first = r + 2;
    if (goal.indicators.length === 0) {
      block(ws, first, 2, first, 7, '未设指标，未计分', { align: 'center' });
    }
    goal.indicators.forEach((ind, i) => {
      const row = first + i;
      put(ws, row, 2, ind.level1, { align: 'center' });
      put(ws, row, 3, ind.level2, { align: 'center' });
      put(ws, row, 4, ind.level3);
      put(ws, row, 5, ind.A.text, { align: 'center' });
      block(ws, row, 6, row, 7, ind.B.text, { align: 'center' });
      fitHeight(ws, row, [{ text: ind.level3, width: widths[3] }]);
    });
    block(ws, first, 8, first + indicatorRows - 1, 8, goal.finalScore, { numFmt: SCORE });
    if (goal.deductions.length > 0) {
      const row = first + indicatorRows;
      block(ws, row, 2, row, 7, labels.computedScore, { align: 'center' });
      put(ws, row, 8, goal.computedScore, { numFmt: SCORE });
      goal.deductions.forEach((d, i) => {
        const dr = row + 1 + i;
        put(ws, dr, 2, labels.deduction, { align: 'center' });
        block(ws, dr, 3, dr, 7, d.reason);
        put(ws, dr, 8, -d.points, { numFmt: SCORE });
        fitHeight(ws, dr, [{ text: d.reason, width: widthOf(ws, 3, 7) }]);
      });
    }
    r = bottom + 1;
  }

  header(ws, r, 1, r, 7, labels.total);
  put(ws, r, 8, evaluation.total, { numFmt: SCORE, bold: true });
  r++;
  header(ws, r, 1, r, 1, labels.deviationAnalysis);
  block(ws, r, 2, r, 8, evaluation.deviationAnalysis ?? '');
  fitHeight(ws, r, [
    { text: evaluation.deviationAnalysis ?? '', width: widthOf(ws, 2, 8) },
    { text: labels.deviationAnalysis, width: widths[0] },
  ]);
  if (evaluation.notes.length > 0) {
    r++;
    header(ws, r, 1, r, 1, '说明');
    const notes = evaluation.notes.join('\n');
    block(ws, r, 2, r, 8, notes);
    fitHeight(ws, r, [{ text: notes, width: widthOf(ws, 2, 8) }]);
  }
}

/**
 * A goal whose indicators have their own 分值, from row `r`: B in F, 分值 in G and 得分 in H per
 * indicator, then the deductions and the goal's score. Returns the goal's last row.
 */
function weightedGoalRows(ws: Worksheet, r: number, goal: EvaluationGoal, layout: EvaluationLayout, widths: number[]): number {
  const indicatorRows = Math.max(1, goal.indicators.length);
  const extra = (goal.deductions.length > 0 ? 1 + goal.deductions.length : 0) + 1;
  const bottom = r + 1 + indicatorRows + extra;
  header(ws, r, 1, bottom, 1, layout.goalLabel(goal));
  block(ws, r, 2, r, 8, layout.goalText(goal));
  fitHeight(ws, r, [{ text: layout.goalText(goal), width: widthOf(ws, 2, 8) }]);
  [labels.level1, labels.level2, labels.level3, labels.targetA, labels.actualB, labels.indicatorPoints, labels.indicatorScore].forEach(
    (h, i) => header(ws, r + 1, i + 2, r + 1, i + 2, h),
  );
  const first = r + 2;
  if (goal.indicators.length === 0) block(ws, first, 2, first, 8, '未设指标，未计分', { align: 'center' });
  goal.indicators.forEach((ind, i) => {
    const row = first + i;
    put(ws, row, 2, ind.level1, { align: 'center' });
    put(ws, row, 3, ind.level2, { align: 'center' });
    put(ws, row, 4, ind.level3);
    put(ws, row, 5, ind.carriedOver ? `${ind.A.text}（${labels.carriedOver}）` : ind.A.text, { align: 'center' });
    put(ws, row, 6, ind.B.text, { align: 'center' });
    put(ws, row, 7, ind.points, { numFmt: SCORE });
    put(ws, row, 8, ind.score, { numFmt: SCORE });
    fitHeight(ws, row, [{ text: ind.level3, width: widths[3] }]);
  });
  let row = first + indicatorRows;
  if (goal.deductions.length > 0) {
    block(ws, row, 2, row, 7, labels.computedScore, { align: 'center' });
    put(ws, row, 8, goal.computedScore, { numFmt: SCORE });
    for (const d of goal.deductions) {
      row++;
      put(ws, row, 2, labels.deduction, { align: 'center' });
      block(ws, row, 3, row, 7, d.reason);
      put(ws, row, 8, -d.points, { numFmt: SCORE });
      fitHeight(ws, row, [{ text: d.reason, width: widthOf(ws, 3, 7) }]);
    }
    row++;
  }
  block(ws, row, 2, row, 7, labels.goalScore, { align: 'center' });
  put(ws, row, 8, goal.finalScore, { numFmt: SCORE, bold: true });
  return row;
}

// ---------------------------------------------------------------------------------------------
// "三公"经费支出决算表 (公开 09 表)

function sangongSheet(workbook: ExcelJS.Workbook, report: YearEndReport): void {
  const ws = workbook.addWorksheet(SHEET_NAMES.sangong, pageSetup('landscape'));
  const s = report.sangong;
  for (let c = 1; c <= 12; c++) ws.getColumn(c).width = 12;
  title(ws, 1, 12, `${report.header.year} 年度${labels.sangongTableFull}`);
  caption(ws, 2, 12, `${labels.department}：${report.header.department.name}`, `${labels.sangongTableNo}    ${labels.unitWanYuan}`);

  for (const [offset, half] of [
    [0, labels.budgeted],
    [6, labels.finalAccount],
  ] as const) {
    header(ws, 3, offset + 1, 3, offset + 6, half);
    header(ws, 4, offset + 1, 5, offset + 1, labels.sum);
    header(ws, 4, offset + 2, 5, offset + 2, labels.tripsAbroad);
    header(ws, 4, offset + 3, 4, offset + 5, labels.vehicles);
    header(ws, 5, offset + 3, 5, offset + 3, labels.subtotal);
    header(ws, 5, offset + 4, 5, offset + 4, labels.vehiclePurchase);
    header(ws, 5, offset + 5, 5, offset + 5, labels.vehicleRunning);
    header(ws, 4, offset + 6, 5, offset + 6, labels.receptions);
  }
  ws.getRow(4).height = 30;
  ws.getRow(5).height = 30;
  for (const column of s.columns) {
    put(ws, 6, column.no, column.no, { align: 'center' });
    const cell = put(ws, 7, column.no, column.value, { numFmt: MONEY });
    if (s.overspent[column.line] && column.half === 'actual') restyle(cell, { font: { ...FONT, bold: true, color: { argb: 'FFC00000' } } });
  }
  block(ws, 8, 1, 8, 12, `注：${labels.sangongIdentityNote}`);

  let r = 10;
  header(ws, r, 1, r, 4, '团组与人次');
  header(ws, r, 5, r, 6, '数量');
  const count = (label: string, value: number | null) => {
    r++;
    block(ws, r, 1, r, 4, label);
    block(ws, r, 5, r, 6, value === null ? labels.notEntered : value, { align: 'center' });
  };
  count(`${labels.tripGroups}（个）`, s.counts.tripsAbroad.groups);
  count(`${labels.tripPersons}`, s.counts.tripsAbroad.persons);
  count(`${labels.receptionGroups}（个）`, s.counts.receptions.groups);
  count(labels.receptionPersons, s.counts.receptions.persons);
  count(`${labels.foreignReceptionGroups}（个）`, s.counts.receptions.foreignGroups);
  count(labels.foreignReceptionPersons, s.counts.receptions.foreignPersons);
  count(`${labels.vehiclesHeld}（辆）`, s.counts.vehiclesHeld);

  r += 2;
  const overspent = s.columns.filter((c) => c.half === 'actual' && s.overspent[c.line]).map((c) => c.label);
  block(ws, r, 1, r, 2, labels.overspent, { bold: true });
  block(ws, r, 3, r, 12, overspent.length > 0 ? `决算数超过预算数：${overspent.join('、')}` : '无');
  r++;
  block(ws, r, 1, r, 2, labels.identityCheck, { bold: true });
  const checks =
    s.checks.length > 0
      ? s.checks
          .map(
            (v) =>
              `${v.half === 'budget' ? labels.budgeted : labels.finalAccount} ${v.identity === 'total' ? labels.sum : labels.subtotal}：应为 ${v.expected}，实为 ${v.found}`,
          )
          .join('\n')
      : '通过';
  block(ws, r, 3, r, 12, checks);
  r++;
  block(ws, r, 1, r, 2, labels.sangongSources, { bold: true });
  block(ws, r, 3, r, 12, `${sangongSourcesText(s)}。${labels.sangongSourcesNote}`);
  if (s.missing.length > 0) {
    r++;
    block(ws, r, 1, r, 2, labels.notEntered, { bold: true });
    block(ws, r, 3, r, 12, s.missing.map((k) => sangongKindLabels[k]).join('、') + '（按 0 列示）');
  }
}

// ---------------------------------------------------------------------------------------------
// 数据质量提示

function warningsSheet(workbook: ExcelJS.Workbook, report: YearEndReport): void {
  const ws = workbook.addWorksheet(SHEET_NAMES.warnings, pageSetup('landscape'));
  const widths = [22, 80, 30, 22];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  title(ws, 1, 4, labels.warnings);
  header(ws, 2, 1, 2, 1, labels.warningKind);
  header(ws, 2, 2, 2, 2, labels.warningMessage);
  header(ws, 2, 3, 2, 3, labels.warningActivities);
  header(ws, 2, 4, 2, 4, labels.warningMeasure);
  if (report.warnings.length === 0) {
    block(ws, 3, 1, 3, 4, '无', { align: 'center' });
    return;
  }
  report.warnings.forEach((w, i) => {
    const row = 3 + i;
    put(ws, row, 1, warningKindLabels[w.kind] ?? '');
    put(ws, row, 2, w.message);
    put(ws, row, 3, w.activityTitles.join('\n'));
    put(ws, row, 4, w.measureName ?? '');
    fitHeight(ws, row, [
      { text: w.message, width: widths[1] },
      { text: w.activityTitles.join('\n'), width: widths[2] },
    ]);
  });
}
