import { warningKindLabels } from '@app/reporting';
import type { ProgressView, TargetProgress } from '@app/tracking';

const DIRECTION = { '>=': '≥', '<=': '≤' } as const;

function fmt(value: number | null, unit: string): string {
  return value === null ? '—' : `${value}${unit === '%' ? '%' : ''}`;
}

/** ≥5（原 4，自 2023-07-01 起）（沿用上年，待确认）. */
function targetText(t: TargetProgress): string {
  const revised = t.revised ? `（原 ${t.original}${t.inForceFrom ? `，自 ${t.inForceFrom} 起` : ''}）` : '';
  const later = t.latest !== t.target ? `（之后调整为 ${t.latest}）` : '';
  const carried = t.carriedOver ? '（沿用上年，待确认）' : '';
  return `${DIRECTION[t.direction]}${t.target}${revised}${later}${carried}`;
}

/** The progress table for a terminal: one line per target, measures without targets once. */
export function renderProgressTable(view: ProgressView): string {
  const lines = [
    `${view.departmentName}（${view.department}）${view.year} 年度重点工作进度` +
      (view.asOf ? `  截至 ${view.asOf}` : '') +
      (view.knownAt ? `  按 ${view.knownAt} 已登记数据` : ''),
    '',
    ['指标', '实际', '目标', '计划', '完成', '进度预期', '状态'].join('\t'),
  ];
  for (const m of view.measures) {
    const rows = m.targets.length > 0 ? m.targets : [null];
    for (const t of rows) {
      lines.push(
        [
          `${m.name} (${m.code})`,
          fmt(m.actual, m.unit),
          t ? targetText(t) : '',
          t?.planLabel ?? '',
          t ? (t.met === null ? '未录入' : t.met ? '完成' : '未完成') : '',
          t?.expectedByNow ?? '',
          t?.lagging ? '滞后' : '',
        ].join('\t'),
      );
    }
  }
  const milestones = view.milestones;
  if (milestones.length > 0) {
    lines.push('', '里程碑');
    for (const m of milestones)
      lines.push(`  [${m.done ? '完成' : '未完成'}] 重点工作 ${m.keyWorkItem} ${m.title}${m.doneOn ? `（${m.doneOn}）` : ''}`);
  }
  // The view carries a few warnings of each kind; the api's GET …/warnings?kind= lists them all.
  if (view.warnings.total > 0) {
    lines.push('', `数据质量提示（${view.warnings.total}）`);
    for (const kind of view.warnings.byKind) {
      for (const w of kind.examples) lines.push(`  - ${w.message}`);
      if (kind.count > kind.examples.length)
        lines.push(`  …… 另有 ${kind.count - kind.examples.length} 条“${warningKindLabels[kind.kind]}”`);
    }
  }
  return lines.join('\n');
}
