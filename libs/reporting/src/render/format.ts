import { formatNumber, type KeyWorkActivity, type KeyWorkMilestone, type KeyWorkTarget, type ReportHeader } from '../report/build-report';
import { labels } from '../report/labels';

/** 万元 with thousands separators and 2 decimals, as the tables print them: 2,486.85. */
export function formatMoney(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A fraction as a percentage with 2 decimals: 1 → 100.00%. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2)}%`;
}

/** A score as printed: 20, 38, 26.67. */
export function formatScore(n: number | null): string {
  return n === null ? '—' : formatNumber(n);
}

/** "重要外事活动 ≥5，实际 3（未达成）". */
export function targetLine(t: KeyWorkTarget): string {
  const sign = t.direction === '>=' ? '≥' : '≤';
  const actual = t.actual === null ? labels.notEntered : `${formatNumber(t.actual)}${t.unit}`;
  const revised = t.revised ? `（原目标 ${formatNumber(t.original)}）` : '';
  return `${t.name} ${sign}${formatNumber(t.target)}${t.unit}${revised}，实际 ${actual}${t.met ? '' : '（未达成）'}`;
}

/** "里程碑：建立创业实践基地 已完成（2023-02-01）" / "… 未完成". */
export function milestoneLine(m: KeyWorkMilestone): string {
  return `${labels.milestone}：${m.title} ${m.done ? `已完成（${m.doneOn ?? ''}）` : '未完成'}`;
}

/** The activity's title with what it stands for: "（含 2 项子活动）". */
export function activityTitle(a: KeyWorkActivity): string {
  return a.parts > 0 ? `${a.title}（含 ${a.parts} 项子活动）` : a.title;
}

/** 计入 / 不计入（关系类型：友好合作备忘录）. */
export function countedText(a: KeyWorkActivity): string {
  if (a.counted) return labels.counted;
  return a.excludedBecause ? `${labels.notCounted}（${a.excludedBecause}）` : labels.notCounted;
}

/** "数据截至 2023-12-31" — the year end when no as-of date was asked for. */
export function asOfText(header: ReportHeader): string {
  return `数据截至 ${header.asOf ?? `${header.year}-12-31`}`;
}
