import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StoredEvent } from '@app/event-store';
import type { Activity } from '@app/tracking';
import {
  readCatalogSync,
  decidePlanChange,
  emptyPlan,
  evolvePlan,
  type Plan,
  computeProgress,
  dataQualityWarnings,
  parseDataset,
  planChanges,
  sangongDaysOf,
  sangongEntryFields,
  sangongEntryId,
  sangongFigures,
  sangongRecordOf,
} from '@app/tracking';
import { buildYearEndReport, type YearEndReport } from '../src/report/build-report';

/**
 * The office's 2023 year (datasets/wuhan-fao-2023.yaml) built in memory, without a database:
 * the report must reproduce what the seed publishes.
 */
/** The dataset, looked up from the working directory upwards (tests run from the repository root). */
function datasetFile(): string {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const file = join(dir, 'datasets/wuhan-fao-2023.yaml');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) throw new Error('datasets/wuhan-fao-2023.yaml not found above the working directory');
  }
}

export function report2023(): YearEndReport {
  const dataset = parseDataset(readFileSync(datasetFile(), 'utf8'));
  const code = dataset.department.code;
  let plan: Plan = emptyPlan(code, dataset.year);
  let version = 0;
  const apply = (change: Parameters<typeof decidePlanChange>[1]) => {
    for (const e of decidePlanChange(plan, change, readCatalogSync('foreign-affairs-office').categories)) {
      const stored: StoredEvent = {
        globalPosition: ++version,
        streamId: `plan-${code}-${dataset.year}`,
        streamVersion: version,
        tenant: code,
        type: e.type,
        data: e.data,
        metadata: { actor: 'import' },
        recordedAt: new Date(Date.UTC(2024, 0, 2)),
        transactionId: '1',
      };
      plan = evolvePlan(plan, stored);
    }
  };
  for (const change of planChanges(dataset)) apply(change);
  for (const m of dataset.measurements) apply({ kind: 'record-measurement', ...m, note: m.note ?? null });

  const activities: Activity[] = dataset.activities.map((a) => ({
    id: a.key,
    department: code,
    category: a.category,
    title: a.title,
    occurredOn: a.occurredOn,
    role: a.role,
    attributes: a.attributes ?? {},
    parentId: a.parent ?? null,
    alsoCountsFor: a.alsoCountsFor ?? [],
    notes: a.notes ?? null,
    status: 'active',
    withdrawnReason: null,
    version: 1,
    recordedAt: '2024-01-02T00:00:00.000Z',
    recordedBy: 'import',
    updatedAt: '2024-01-02T00:00:00.000Z',
  }));
  return buildYearEndReport({
    department: dataset.department,
    plan,
    progress: computeProgress(plan, activities, { asOf: '2023-12-31', today: '2024-06-28' }),
    activities,
    warnings: dataQualityWarnings(plan, activities),
    // The 三公 table sums the file's 三公 records (four summary records of the year).
    sangong: sangongFigures(
      sangongDaysOf(dataset.sangong.map((r, i) => sangongRecordOf(code, sangongEntryId(code, r.key), sangongEntryFields(code, r, i)))),
      dataset.year,
    ),
    checkpoint: { transactionId: '1', position: version },
    asOf: null,
  });
}
