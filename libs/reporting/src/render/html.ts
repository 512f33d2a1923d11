import { formatNumber, type Evaluation, type EvaluationGoal, type YearEndReport } from '../report/build-report';
import { sangongSourcesText } from '../report/build-report';
import {
  budgetExecutionLabel,
  budgetScoreLabel,
  labels,
  projectEvaluationTitle,
  sangongKindLabels,
  warningKindLabels,
} from '../report/labels';
import { activityTitle, asOfText, countedText, formatMoney, formatRate, formatScore, milestoneLine, targetLine } from './format';
import { escapeHtml } from './safe-text';

/** Escapes and keeps line breaks of multi-line text. */
const text = (value: string): string => escapeHtml(value).replace(/\r?\n/g, '<br>');

const cell = (tag: 'td' | 'th', content: string, attrs: string): string => {
  const a = attrs.trim();
  return `<${tag}${a ? ` ${a}` : ''}>${content}</${tag}>`;
};
const td = (content: string, attrs = ''): string => cell('td', content, attrs);
const th = (content: string, attrs = ''): string => cell('th', content, attrs);
const span = (rows: number, cols = 1): string =>
  [rows > 1 ? `rowspan="${rows}"` : '', cols > 1 ? `colspan="${cols}"` : ''].filter(Boolean).join(' ');

const STYLE = `
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", sans-serif; font-size: 10.5pt; color: #000; margin: 0; line-height: 1.45; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 13pt; text-align: center; margin: 0 0 3mm; }
section { page-break-after: always; break-after: page; }
section:last-of-type { page-break-after: auto; break-after: auto; }
.caption { display: flex; justify-content: space-between; margin: 0 0 2mm; font-size: 9.5pt; }
table { width: 100%; border-collapse: collapse; table-layout: auto; margin: 0 0 4mm; }
th, td { border: 1px solid #000; padding: 1.2mm 1.6mm; vertical-align: middle; }
th { font-weight: bold; text-align: center; background: #f2f2f2; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.c { text-align: center; }
.nowrap { white-space: nowrap; }
.not-done { font-weight: bold; }
.not-counted { color: #555; }
.overspent { font-weight: bold; color: #c00000; }
.missing { font-size: 9pt; font-weight: normal; }
.note { font-size: 9pt; }
`;

/**
 * The year-end report as one printable, self-contained HTML page (A4, CJK fonts, no external
 * resources). Every user string is HTML-escaped.
 */
export function renderHtml(report: YearEndReport): string {
  const { header } = report;
  const title = `${header.department.name} ${header.year} 年度年终报告`;
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    keyWorkSection(report),
    evaluationSection(report.departmentEvaluation, {
      title: `${header.year} 年度${header.department.name}${labels.departmentEvaluation}`,
      nameLabel: labels.departmentName,
      name: header.department.name,
      budgetLine: labels.departmentTotalSpending,
      goalLabel: (g) => `${labels.annualGoal} ${g.no}：（${g.points} 分）`,
      goalText: (g) => g.text,
    }),
    ...report.projectEvaluations.map((p) =>
      evaluationSection(p, {
        title: `${header.year} 年度${projectEvaluationTitle(header.officeLevel)}`,
        nameLabel: labels.projectName,
        name: p.project.name,
        budgetLine: labels.projectFunds,
        goalLabel: (g) => `${g.text}（${g.points} 分）`,
        goalText: (g) => `${labels.annualGoal} ${g.no}`,
      }),
    ),
    sangongSection(report),
    warningsSection(report),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function caption(left: string, right: string): string {
  return `<div class="caption"><span>${escapeHtml(left)}</span><span>${escapeHtml(right)}</span></div>`;
}

// ---------------------------------------------------------------------------------------------

function keyWorkSection(report: YearEndReport): string {
  const rows: string[] = [];
  for (const item of report.keyWork) {
    const n = Math.max(1, item.activities.length);
    const checks = [...item.targets.map(targetLine), ...item.milestones.map(milestoneLine)].map(text).join('<br>');
    const status =
      (item.verdict === labels.done ? escapeHtml(item.verdict) : `<span class="not-done">${escapeHtml(item.verdict)}</span>`) +
      (item.missing.length > 0 ? `<br><span class="missing">${item.missing.map((m) => `缺：${text(m)}`).join('<br>')}</span>` : '');
    const lead = [td(String(item.no), `${span(n)} class="c"`), td(text(item.matter), span(n)), td(text(item.content), span(n))].join('');
    const tail = [td(checks, span(n)), td(status, `${span(n)} class="c"`)].join('');
    if (item.activities.length === 0) {
      rows.push(`<tr>${lead}${td('—', 'colspan="4" class="c"')}${tail}</tr>`);
      continue;
    }
    item.activities.forEach((a, i) => {
      const cells = [
        td(text(activityTitle(a)), a.counted ? '' : 'class="not-counted"'),
        td(escapeHtml(a.occurredOn), 'class="c nowrap"'),
        td(escapeHtml(a.role), 'class="c nowrap"'),
        td(escapeHtml(countedText(a)), a.counted ? 'class="c"' : 'class="c not-counted"'),
      ].join('');
      rows.push(`<tr>${i === 0 ? lead : ''}${cells}${i === 0 ? tail : ''}</tr>`);
    });
  }
  return [
    '<section id="key-work">',
    `<h1>${escapeHtml(`${report.header.year}年${labels.keyWorkTable}`)}</h1>`,
    caption(`${labels.department}：${report.header.department.name}`, asOfText(report.header)),
    '<table>',
    '<thead>',
    `<tr>${th(labels.no, span(2))}${th(labels.matter, span(2))}${th(labels.content, span(2))}${th(labels.activities, span(1, 4))}${th(
      labels.targetsAndActuals,
      span(2),
    )}${th(labels.status, span(2))}</tr>`,
    `<tr>${th('活动')}${th(labels.occurredOn)}${th(labels.role)}${th(labels.counted)}</tr>`,
    '</thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

interface EvaluationLayout {
  title: string;
  nameLabel: string;
  name: string;
  budgetLine: string;
  goalLabel: (g: EvaluationGoal) => string;
  goalText: (g: EvaluationGoal) => string;
}

function evaluationSection(evaluation: Evaluation, layout: EvaluationLayout): string {
  const b = evaluation.budget;
  const rows: string[] = [
    `<tr>${th(escapeHtml(layout.nameLabel))}${td(escapeHtml(layout.name), 'colspan="7"')}</tr>`,
    `<tr>${th(budgetExecutionLabel(evaluation.budgetPoints), span(2))}${th('', span(1, 3))}${th(labels.budgetAmountA)}${th(
      labels.executedAmountB,
    )}${th(labels.executionRateBA)}${th(budgetScoreLabel(evaluation.budgetPoints))}</tr>`,
    `<tr>${td(escapeHtml(layout.budgetLine), 'colspan="3" class="c"')}${
      b
        ? `${td(formatMoney(b.A), 'class="num"')}${td(formatMoney(b.B), 'class="num"')}${td(formatRate(b.rate), 'class="num"')}`
        : td(labels.notEntered, 'colspan="3" class="c"')
    }${td(formatScore(b?.score ?? 0), 'class="num"')}</tr>`,
  ];
  for (const goal of evaluation.goals) {
    if (goal.scoring !== 'group') {
      rows.push(...weightedGoalRows(goal, layout));
      continue;
    }
    const indicatorRows = Math.max(1, goal.indicators.length);
    const extra = goal.deductions.length > 0 ? 1 + goal.deductions.length : 0;
    const height = 2 + indicatorRows + extra;
    rows.push(`<tr>${th(text(layout.goalLabel(goal)), span(height))}${td(text(layout.goalText(goal)), 'colspan="7"')}</tr>`);
    rows.push(
      `<tr>${th(labels.level1)}${th(labels.level2)}${th(labels.level3)}${th(labels.targetA)}${th(labels.actualB, span(1, 2))}${th(labels.score)}</tr>`,
    );
    const score = td(formatScore(goal.finalScore), `${span(indicatorRows)} class="num"`);
    if (goal.indicators.length === 0) {
      rows.push(`<tr>${td('未设指标，未计分', 'colspan="6" class="c"')}${score}</tr>`);
    }
    goal.indicators.forEach((ind, i) => {
      rows.push(
        `<tr>${td(text(ind.level1), 'class="c"')}${td(text(ind.level2), 'class="c"')}${td(text(ind.level3))}${td(
          escapeHtml(ind.A.text),
          'class="c nowrap"',
        )}${td(escapeHtml(ind.B.text), 'colspan="2" class="c nowrap"')}${i === 0 ? score : ''}</tr>`,
      );
    });
    if (goal.deductions.length > 0) {
      rows.push(`<tr>${td(labels.computedScore, 'colspan="6" class="c"')}${td(formatScore(goal.computedScore), 'class="num"')}</tr>`);
      for (const d of goal.deductions) {
        rows.push(
          `<tr>${td(labels.deduction, 'class="c"')}${td(text(d.reason), 'colspan="5"')}${td(formatScore(-d.points), 'class="num"')}</tr>`,
        );
      }
    }
  }
  rows.push(`<tr>${th(labels.total, 'colspan="7"')}${td(`<strong>${formatScore(evaluation.total)}</strong>`, 'class="num"')}</tr>`);
  rows.push(`<tr>${th(labels.deviationAnalysis)}${td(text(evaluation.deviationAnalysis ?? ''), 'colspan="7"')}</tr>`);
  if (evaluation.notes.length > 0) {
    rows.push(`<tr>${th('说明')}${td(evaluation.notes.map(text).join('<br>'), 'colspan="7" class="note"')}</tr>`);
  }
  return [
    '<section class="evaluation">',
    `<h2>${escapeHtml(layout.title)}</h2>`,
    '<table>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}

/**
 * A goal whose indicators have their own 分值: B, 分值 and 得分 per indicator (B takes one column
 * instead of two), then the deductions and the goal's score.
 */
function weightedGoalRows(goal: EvaluationGoal, layout: EvaluationLayout): string[] {
  const indicatorRows = Math.max(1, goal.indicators.length);
  const extra = (goal.deductions.length > 0 ? 1 + goal.deductions.length : 0) + 1;
  const rows = [
    `<tr>${th(text(layout.goalLabel(goal)), span(2 + indicatorRows + extra))}${td(text(layout.goalText(goal)), 'colspan="7"')}</tr>`,
    `<tr>${th(labels.level1)}${th(labels.level2)}${th(labels.level3)}${th(labels.targetA)}${th(labels.actualB)}${th(
      labels.indicatorPoints,
    )}${th(labels.indicatorScore)}</tr>`,
  ];
  for (const ind of goal.indicators) {
    const target = ind.carriedOver ? `${ind.A.text}（${labels.carriedOver}）` : ind.A.text;
    rows.push(
      `<tr>${td(text(ind.level1), 'class="c"')}${td(text(ind.level2), 'class="c"')}${td(text(ind.level3))}${td(escapeHtml(target), 'class="c nowrap"')}${td(
        escapeHtml(ind.B.text),
        'class="c nowrap"',
      )}${td(ind.points === null ? '—' : formatScore(ind.points), 'class="num"')}${td(ind.score === null ? '—' : formatScore(ind.score), 'class="num"')}</tr>`,
    );
  }
  if (goal.indicators.length === 0) rows.push(`<tr>${td('未设指标，未计分', 'colspan="7" class="c"')}</tr>`);
  if (goal.deductions.length > 0) {
    rows.push(`<tr>${td(labels.computedScore, 'colspan="6" class="c"')}${td(formatScore(goal.computedScore), 'class="num"')}</tr>`);
    for (const d of goal.deductions) {
      rows.push(
        `<tr>${td(labels.deduction, 'class="c"')}${td(text(d.reason), 'colspan="5"')}${td(formatScore(-d.points), 'class="num"')}</tr>`,
      );
    }
  }
  rows.push(`<tr>${td(labels.goalScore, 'colspan="6" class="c"')}${td(formatScore(goal.finalScore), 'class="num"')}</tr>`);
  return rows;
}

// ---------------------------------------------------------------------------------------------

function sangongSection(report: YearEndReport): string {
  const s = report.sangong;
  const halfHeader = (): string =>
    `${th(labels.sum, span(2))}${th(labels.tripsAbroad, span(2))}${th(labels.vehicles, span(1, 3))}${th(labels.receptions, span(2))}`;
  const sub = `${th(labels.subtotal)}${th(labels.vehiclePurchase)}${th(labels.vehicleRunning)}`;
  const values = s.columns
    .map((c) => td(formatMoney(c.value), `class="num${c.half === 'actual' && s.overspent[c.line] ? ' overspent' : ''}"`))
    .join('');
  const count = (label: string, value: number | null) =>
    `<tr>${td(escapeHtml(label))}${td(value === null ? labels.notEntered : formatNumber(value), 'class="num"')}</tr>`;
  const overspent = s.columns.filter((c) => c.half === 'actual' && s.overspent[c.line]).map((c) => c.label);
  const checks =
    s.checks.length > 0
      ? s.checks
          .map(
            (v) =>
              `${v.half === 'budget' ? labels.budgeted : labels.finalAccount} ${v.identity === 'total' ? labels.sum : labels.subtotal}：应为 ${v.expected}，实为 ${v.found}`,
          )
          .map(escapeHtml)
          .join('<br>')
      : '通过';
  return [
    '<section id="sangong">',
    `<h2>${escapeHtml(`${report.header.year} 年度${labels.sangongTableFull}`)}</h2>`,
    caption(`${labels.department}：${report.header.department.name}`, `${labels.sangongTableNo}　${labels.unitWanYuan}`),
    '<table>',
    '<thead>',
    `<tr>${th(labels.budgeted, span(1, 6))}${th(labels.finalAccount, span(1, 6))}</tr>`,
    `<tr>${halfHeader()}${halfHeader()}</tr>`,
    `<tr>${sub}${sub}</tr>`,
    `<tr>${s.columns.map((c) => th(String(c.no))).join('')}</tr>`,
    '</thead>',
    '<tbody>',
    `<tr>${values}</tr>`,
    '</tbody>',
    '</table>',
    `<p class="note">注：${escapeHtml(labels.sangongIdentityNote)}</p>`,
    '<table style="width: auto">',
    '<tbody>',
    count(`${labels.tripGroups}（个）`, s.counts.tripsAbroad.groups),
    count(labels.tripPersons, s.counts.tripsAbroad.persons),
    count(`${labels.receptionGroups}（个）`, s.counts.receptions.groups),
    count(labels.receptionPersons, s.counts.receptions.persons),
    count(`${labels.foreignReceptionGroups}（个）`, s.counts.receptions.foreignGroups),
    count(labels.foreignReceptionPersons, s.counts.receptions.foreignPersons),
    count(`${labels.vehiclesHeld}（辆）`, s.counts.vehiclesHeld),
    `<tr>${th(labels.overspent)}${td(overspent.length > 0 ? `<span class="overspent">决算数超过预算数：${escapeHtml(overspent.join('、'))}</span>` : '无')}</tr>`,
    `<tr>${th(labels.identityCheck)}${td(checks)}</tr>`,
    `<tr>${th(labels.sangongSources)}${td(escapeHtml(sangongSourcesText(s)))}</tr>`,
    s.missing.length > 0
      ? `<tr>${th(labels.notEntered)}${td(escapeHtml(`${s.missing.map((k) => sangongKindLabels[k]).join('、')}（按 0 列示）`))}</tr>`
      : '',
    '</tbody>',
    '</table>',
    `<p class="note">${escapeHtml(labels.sangongSourcesNote)}</p>`,
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------

function warningsSection(report: YearEndReport): string {
  const rows =
    report.warnings.length === 0
      ? [`<tr>${td('无', 'colspan="4" class="c"')}</tr>`]
      : report.warnings.map(
          (w) =>
            `<tr>${td(escapeHtml(warningKindLabels[w.kind] ?? ''), 'class="nowrap"')}${td(text(w.message))}${td(
              w.activityTitles.map(escapeHtml).join('<br>'),
            )}${td(escapeHtml(w.measureName ?? ''))}</tr>`,
        );
  return [
    '<section id="warnings">',
    `<h2>${labels.warnings}</h2>`,
    '<table>',
    `<thead><tr>${th(labels.warningKind)}${th(labels.warningMessage)}${th(labels.warningActivities)}${th(labels.warningMeasure)}</tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}
