import { describe, expect, it } from '@jest/globals';
import { summariseWarnings, type DataQualityWarning, type ProgressView } from '@app/tracking';
import { renderProgressTable } from './progress-table';

const duplicate = (i: number): DataQualityWarning => ({
  kind: 'likely-duplicate',
  message: `可能重复录入：第 ${i} 对`,
  activityIds: [`a${i}`, `b${i}`],
  measure: null,
});

const view = (warnings: DataQualityWarning[]): ProgressView => ({
  department: 'wh-fao',
  departmentName: '外办',
  year: 2023,
  asOf: null,
  knownAt: null,
  referenceDate: '2023-06-30',
  yearElapsed: 0.5,
  yearOver: false,
  paceLabel: '截至 2023-06-30',
  measures: [],
  milestones: [],
  warnings: summariseWarnings(warnings),
});

describe('the progress table', () => {
  it('prints the first warnings of each kind and how many more there are', () => {
    const text = renderProgressTable(view(Array.from({ length: 12 }, (_, i) => duplicate(i + 1))));
    expect(text).toContain('数据质量提示（12）');
    expect(text).toContain('可能重复录入：第 5 对');
    expect(text).not.toContain('可能重复录入：第 6 对');
    expect(text).toContain('另有 7 条“可能重复录入”');
  });

  it('prints no warnings section when there are none', () => {
    expect(renderProgressTable(view([]))).not.toContain('数据质量提示');
  });
});
