import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AmendActivity } from '../commands/amend-activity/amend-activity.command';
import { ChangePlan } from '../commands/change-plan/change-plan.command';
import type { CommandMeta } from '../commands/command-runner';
import { ChangeDepartmentSettings } from '../commands/change-department-settings/change-department-settings.command';
import { CreateDepartment } from '../commands/create-department/create-department.command';
import { DefineCategory } from '../commands/define-category/define-category.command';
import { RecordActivity } from '../commands/record-activity/record-activity.command';
import { RenameDepartment } from '../commands/rename-department/rename-department.command';
import type { ActivityFields } from '../domain/activity';
import type { CategorySpec } from '../domain/catalog';
import { settingsOf, type DepartmentSettingsChange } from '../domain/department';
import { sameValue } from '../domain/canonical';
import { StateConflictError } from '../domain/errors';
import type { PlanChange, PlanRef, Target } from '../domain/plan';
import { Streams } from '../streams';
import { entryCommandId, entryUuid, type Dataset, type DatasetBudget, type DatasetGoal, type DatasetTarget } from './dataset';
import { importSangong } from './sangong-import';

export interface ImportSummary {
  department: string;
  year: number;
  /** Commands that appended events. */
  applied: number;
  /** Commands that found nothing to change. */
  unchanged: number;
}

/**
 * Reconciles the store with a dataset by sending ordinary commands: entries already in the store
 * unchanged produce no event, so importing twice changes nothing.
 */
@Injectable()
export class DatasetImporter {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: Streams,
  ) {}

  /** The department's settings as the file gives them (e.g. officeLevel 区直); what it leaves out keeps its value. */
  private async importSettings(dataset: Dataset, meta: Meta, count: Count): Promise<void> {
    const found = await changedSettings(this.streams, dataset);
    if (!found) return;
    const { changed, version } = found;
    const command = new ChangeDepartmentSettings(dataset.department.code, changed, meta('settings', { changed, from: version }));
    count(await this.commands.execute(command), version);
  }

  async import(dataset: Dataset, actor = 'import'): Promise<ImportSummary> {
    const { code } = dataset.department;
    const year = dataset.year;
    const summary: ImportSummary = { department: code, year, applied: 0, unchanged: 0 };
    const meta = (kind: string, content: unknown): CommandMeta => ({
      actor,
      commandId: entryCommandId(code, year, kind, content),
      correlationId: `import:${code}:${year}`,
    });
    const count = (result: { duplicate: boolean; version: number }, before: number | null) => {
      if (result.duplicate || result.version === before) summary.unchanged++;
      else summary.applied++;
    };

    const department = await this.streams.department(code);
    if (!department) {
      count(
        await this.commands.execute(
          new CreateDepartment(code, dataset.department.name, dataset.catalog, meta('department', dataset.department)),
        ),
        null,
      );
    } else if (department.name !== dataset.department.name) {
      count(
        await this.commands.execute(new RenameDepartment(code, dataset.department.name, meta('rename', dataset.department))),
        department.version,
      );
    } else {
      summary.unchanged++;
    }
    await this.importSettings(dataset, meta, count);

    // Checked by parseDataset with defineCategory's own check; a definition already in the catalog as it is changes nothing.
    for (const category of dataset.categories) {
      const current = await this.streams.department(code);
      const existing = current?.catalog.find((c) => c.code === category.code);
      // Retiring a category, or the department's own label of it, is no change of its definition.
      const { retired: _, ...definition } = existing ?? ({} as Partial<CategorySpec>);
      const relabelled = current?.labels?.[category.code] !== undefined;
      if (current && existing && sameValue(relabelled ? { ...definition, label: category.label } : definition, category)) {
        summary.unchanged++;
        continue;
      }
      count(
        await this.commands.execute(new DefineCategory(code, category, meta('category', { category, from: current?.version }))),
        current?.version ?? null,
      );
    }

    for (const change of planChanges(dataset)) {
      const before = (await this.streams.plan(code, year)).version;
      try {
        count(await this.commands.execute(new ChangePlan(code, year, change, meta(change.kind, change))), before);
      } catch (error) {
        // A target whose value changed in the file is revised, so the original stays visible.
        if (!(error instanceof StateConflictError && error.code === 'TARGET.ALREADY_SET' && change.kind === 'set-target')) throw error;
        const revise: PlanChange = {
          kind: 'revise-target',
          targetId: change.target.id,
          value: change.target.value,
          reason: '数据集更新（导入）',
        };
        count(await this.commands.execute(new ChangePlan(code, year, revise, meta(revise.kind, revise))), before);
      }
    }

    // Projects first, then their parts (a part names its project's id).
    const ordered = [...dataset.activities].sort((a, b) => Number(a.parent !== undefined) - Number(b.parent !== undefined));
    for (const entry of ordered) {
      const activityId = entryUuid(code, entry.key);
      const fields: ActivityFields = {
        category: entry.category,
        title: entry.title,
        occurredOn: entry.occurredOn,
        role: entry.role,
        attributes: entry.attributes ?? {},
        parentId: entry.parent ? entryUuid(code, entry.parent) : null,
        alsoCountsFor: entry.alsoCountsFor ?? [],
        notes: entry.notes ?? null,
      };
      const existing = await this.streams.activity(activityId);
      if (!existing) {
        count(await this.commands.execute(new RecordActivity(code, fields, meta('activity', { activityId, fields }), activityId)), null);
        continue;
      }
      const changes = Object.fromEntries(
        (Object.keys(fields) as (keyof ActivityFields)[]).filter((k) => !sameValue(fields[k], existing[k])).map((k) => [k, fields[k]]),
      ) as Partial<ActivityFields>;
      if (Object.keys(changes).length === 0) {
        summary.unchanged++;
        continue;
      }
      const result = await this.commands.execute(
        // The dataset says where the entry belongs, in whichever year.
        new AmendActivity(code, activityId, changes, existing.version, meta('amend', { activityId, changes, from: existing.version }), {
          moveToYear: true,
        }),
      );
      count(result, existing.version);
    }

    // 三公 records after the activities their trips name.
    await importSangong(this.commands, this.streams.store, code, dataset.sangong, meta, count);

    for (const m of dataset.measurements) {
      const change: PlanChange = {
        kind: 'record-measurement',
        measure: m.measure,
        value: m.value,
        measuredOn: m.measuredOn,
        note: m.note ?? null,
      };
      const before = (await this.streams.plan(code, year)).version;
      count(await this.commands.execute(new ChangePlan(code, year, change, meta(change.kind, change))), before);
    }
    return summary;
  }
}

type Meta = (kind: string, content: unknown) => CommandMeta;
type Count = (result: { duplicate: boolean; version: number }, before: number | null) => void;

/** The settings the file gives (department.settings) that differ from the department's. */
async function changedSettings(streams: Streams, dataset: Dataset): Promise<{ changed: DepartmentSettingsChange; version: number } | null> {
  const wanted = dataset.department.settings;
  const current = await streams.department(dataset.department.code);
  if (!wanted || !current) return null;
  const effective: Record<string, unknown> = { ...settingsOf(current) };
  const changed = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => effective[key] !== value));
  return Object.keys(changed).length > 0 ? { changed, version: current.version } : null;
}

/** The plan entries of a dataset as plan changes, in dependency order. */
export function planChanges(dataset: Dataset): PlanChange[] {
  const changes: PlanChange[] = [];
  for (const m of dataset.measures) {
    changes.push({
      kind: 'define-measure',
      measure: {
        code: m.code,
        name: m.name,
        unit: m.unit ?? '',
        kind: m.kind,
        category: m.category ?? null,
        where: m.where ?? {},
        attribute: m.attribute ?? null,
        valueType: m.valueType ?? 'count',
      },
    });
  }
  for (const item of dataset.plans.keyWork) {
    changes.push({
      kind: 'set-key-work-item',
      item: { no: item.no, matter: item.matter, content: item.content, milestones: item.milestones ?? [] },
    });
  }
  for (const p of dataset.plans.projects) changes.push({ kind: 'define-project', project: { code: p.code, name: p.name } });
  for (const g of dataset.plans.departmentGoals) {
    changes.push({ kind: 'set-goal', goal: { scope: 'department', project: null, no: g.no, text: g.text, points: g.points } });
  }
  for (const p of dataset.plans.projects) {
    for (const g of p.goals)
      changes.push({ kind: 'set-goal', goal: { scope: 'project', project: p.code, no: g.no, text: g.text, points: g.points } });
  }
  // Revisions and 分值 follow their targets: a target's revisions in the file's order.
  const later: PlanChange[] = [];
  const target = (id: string, ref: PlanRef, t: DatasetTarget, labels: Target['labels'], points?: number) => {
    // Fields the file leaves out stay out of the change (and of its command id): old files import as before.
    changes.push({
      kind: 'set-target',
      target: {
        id,
        plan: ref,
        measure: t.measure,
        direction: t.direction,
        value: t.value,
        unit: t.unit ?? '',
        labels,
        ...(points !== undefined ? { points } : {}),
      },
    });
    if (points !== undefined) later.push({ kind: 'set-target-points', targetId: id, points });
    for (const r of t.revisions ?? []) {
      later.push({ kind: 'revise-target', targetId: id, value: r.value, reason: r.reason, effectiveFrom: String(r.effectiveFrom) });
    }
  };
  for (const item of dataset.plans.keyWork) {
    for (const t of item.targets ?? []) target(`kw-${item.no}-${t.measure}`, { kind: 'key-work', item: item.no }, t, null);
  }
  const indicatorTargets = (goal: DatasetGoal, ref: PlanRef, prefix: string) =>
    goal.indicators.forEach((ind, i) =>
      target(
        `${prefix}-${goal.no}-${i + 1}`,
        ref,
        ind,
        { level1: ind.level1 ?? '', level2: ind.level2 ?? '', level3: ind.level3 ?? '' },
        ind.points,
      ),
    );
  for (const g of dataset.plans.departmentGoals) indicatorTargets(g, { kind: 'department-goal', goal: g.no }, 'dg');
  for (const p of dataset.plans.projects) {
    for (const g of p.goals) indicatorTargets(g, { kind: 'project-goal', project: p.code, goal: g.no }, `pg-${p.code}`);
  }
  changes.push(...later);
  if (dataset.plans.budgetPoints !== undefined) changes.push({ kind: 'set-budget-points', points: dataset.plans.budgetPoints });
  const { budgets } = dataset;
  const budget = (scope: string, b: DatasetBudget): PlanChange => ({
    kind: 'set-budget',
    scope,
    budget: { initial: b.initial, adjusted: b.adjusted, executed: b.executed },
    ...(b.effectiveFrom !== undefined ? { effectiveFrom: String(b.effectiveFrom) } : {}),
  });
  const departmentBudgets =
    budgets.department === undefined ? [] : Array.isArray(budgets.department) ? budgets.department : [budgets.department];
  for (const b of departmentBudgets) changes.push(budget('department', b));
  for (const b of budgets.projects ?? []) changes.push(budget(`project:${b.project}`, b));
  for (const [kind, line] of Object.entries(budgets.sangong ?? {})) {
    changes.push({ kind: 'set-sangong', sangongKind: kind as never, line: line! });
  }
  if (dataset.plans.departmentDeviationAnalysis) {
    changes.push({ kind: 'set-deviation-analysis', scope: 'department', text: dataset.plans.departmentDeviationAnalysis.trim() });
  }
  for (const p of dataset.plans.projects) {
    if (p.deviationAnalysis) changes.push({ kind: 'set-deviation-analysis', scope: `project:${p.code}`, text: p.deviationAnalysis.trim() });
  }
  dataset.adjustments.forEach((a, i) => {
    changes.push({
      kind: 'record-score-adjustment',
      adjustment: { id: a.id ?? `adj-${i + 1}-${a.scope.replace(/[^a-z0-9]+/g, '-')}`, scope: a.scope, points: a.points, reason: a.reason },
    });
  });
  return changes;
}
