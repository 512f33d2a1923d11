import { describe, expect, it } from '@jest/globals';
import { CATALOG, planOf } from '../../test/domain';
import {
  PLAN_CHANGE_DECIDERS,
  PLAN_CHANGE_KINDS,
  PlanEvents,
  decidePlanChange,
  isPlanChangeKind,
  type PlanChange,
  type PlanChangeDeciders,
  type PlanChangeKind,
  type PlanEvent,
} from './plan';

/**
 * The kinds of plan change are listed once, in PLAN_CHANGE_DECIDERS, and the compiler holds every
 * other list to them. The `@ts-expect-error` lines are checked by `tsc --noEmit` (scripts/test.sh):
 * each must be an error, or tsc fails on the unused directive.
 */
describe('the plan-change kinds', () => {
  it('are the deciders’ keys, each once', () => {
    expect(PLAN_CHANGE_KINDS).toEqual(Object.keys(PLAN_CHANGE_DECIDERS));
    expect(new Set(PLAN_CHANGE_KINDS).size).toBe(17);
    expect(PLAN_CHANGE_KINDS.every(isPlanChangeKind)).toBe(true);
    expect(['constructor', '__proto__', 'toString', 'rename-plan', 7].some(isPlanChangeKind)).toBe(false);
  });

  it('a map of deciders missing a kind does not compile', () => {
    const { 'set-target': _dropped, ...withoutSetTarget } = PLAN_CHANGE_DECIDERS;
    // @ts-expect-error -- 'set-target' has no decider.
    const missing = { ...withoutSetTarget } satisfies PlanChangeDeciders;
    // @ts-expect-error -- the same, through an annotation.
    const annotated: PlanChangeDeciders = withoutSetTarget;
    expect(Object.keys(missing)).not.toContain('set-target');
    expect(annotated).toBeDefined();
  });

  it('a decider for a kind that does not exist, or of another kind, does not compile', () => {
    const extra = {
      ...PLAN_CHANGE_DECIDERS,
      // @ts-expect-error -- no such kind.
      'rename-plan': PLAN_CHANGE_DECIDERS['define-project'],
    } satisfies PlanChangeDeciders;
    const swapped = {
      ...PLAN_CHANGE_DECIDERS,
      // @ts-expect-error -- revise-target's decider reads fields a set-target change does not have.
      'set-target': PLAN_CHANGE_DECIDERS['revise-target'],
    } satisfies PlanChangeDeciders;
    expect(Object.keys(extra)).toContain('rename-plan');
    expect(swapped).toBeDefined();
  });

  it('a change names one of the kinds, with the fields of that kind', () => {
    const kinds: PlanChangeKind[] = ['set-target'];
    // @ts-expect-error -- not a kind.
    kinds.push('rename-plan');
    // @ts-expect-error -- revise-target takes targetId, value and reason, not a target.
    const wrong: PlanChange = { kind: 'revise-target', target: { id: 'x' } };
    expect(kinds).toHaveLength(2);
    expect(wrong.kind).toBe('revise-target');
  });

  it('every kind is decided by its own decider', () => {
    const plan = planOf([
      { kind: 'set-key-work-item', item: { no: 1, matter: '重要外事活动', content: '举办重要外事活动不少于 5 场', milestones: [] } },
      { kind: 'define-project', project: { code: 'p1', name: '对外交往业务支出' } },
      { kind: 'set-goal', goal: { scope: 'department', no: 1, text: '服务对外开放', points: 40 } },
      {
        kind: 'define-measure',
        measure: { code: 'major-events', name: '重要外事活动', unit: '场', kind: 'count', category: 'major-event', valueType: 'count' },
      },
      { kind: 'define-measure', measure: { code: 'awareness', name: '知晓率', unit: '%', kind: 'measured', valueType: 'rate' } },
      { kind: 'set-target', target: { id: 't1', plan: { kind: 'key-work', item: 1 }, measure: 'major-events', direction: '>=', value: 5 } },
      { kind: 'record-score-adjustment', adjustment: { id: 'a1', scope: 'department-goal:1', points: 2, reason: '指标不够细化' } },
    ]);
    const examples: { [K in PlanChangeKind]: [Extract<PlanChange, { kind: K }>, PlanEvent['type']] } = {
      'define-measure': [
        { kind: 'define-measure', measure: { code: 'rate', name: '满意度', unit: '%', kind: 'measured', valueType: 'rate' } },
        PlanEvents.measureDefined,
      ],
      'set-key-work-item': [
        { kind: 'set-key-work-item', item: { no: 2, matter: '友城', content: '新增友城 2 个' } },
        PlanEvents.keyWorkItemSet,
      ],
      'remove-key-work-item': [{ kind: 'remove-key-work-item', no: 1 }, PlanEvents.keyWorkItemRemoved],
      'define-project': [{ kind: 'define-project', project: { code: 'p2', name: '行政管理支出' } }, PlanEvents.projectDefined],
      'set-goal': [{ kind: 'set-goal', goal: { scope: 'project', project: 'p1', no: 1, text: '产出', points: 50 } }, PlanEvents.goalSet],
      'set-target': [
        {
          kind: 'set-target',
          target: { id: 't2', plan: { kind: 'department-goal', goal: 1 }, measure: 'major-events', direction: '>=', value: 1 },
        },
        PlanEvents.targetSet,
      ],
      'revise-target': [{ kind: 'revise-target', targetId: 't1', value: 6, reason: '年中调整' }, PlanEvents.targetRevised],
      'set-target-points': [{ kind: 'set-target-points', targetId: 't1', points: 20 }, PlanEvents.targetPointsSet],
      'confirm-target': [{ kind: 'confirm-target', targetId: 't1', value: 6 }, PlanEvents.targetConfirmed],
      'remove-target': [{ kind: 'remove-target', targetId: 't1', reason: '计划取消' }, PlanEvents.targetRemoved],
      'record-measurement': [
        { kind: 'record-measurement', measure: 'awareness', value: 100, measuredOn: '2023-12-31' },
        PlanEvents.measurementRecorded,
      ],
      'set-budget': [
        { kind: 'set-budget', scope: 'department', budget: { initial: 2486.85, adjusted: 2486.85, executed: 2486.85 } },
        PlanEvents.budgetSet,
      ],
      'set-budget-points': [{ kind: 'set-budget-points', points: 10 }, PlanEvents.budgetPointsSet],
      'set-sangong': [{ kind: 'set-sangong', sangongKind: 'receptions', line: { budget: 9.42 } }, PlanEvents.sangongSet],
      'record-score-adjustment': [
        { kind: 'record-score-adjustment', adjustment: { id: 'a2', scope: 'department-goal:1', points: 1, reason: '复核' } },
        PlanEvents.adjustmentRecorded,
      ],
      'withdraw-score-adjustment': [{ kind: 'withdraw-score-adjustment', id: 'a1', reason: '复核后取消' }, PlanEvents.adjustmentWithdrawn],
      'set-deviation-analysis': [{ kind: 'set-deviation-analysis', scope: 'department', text: '无偏差' }, PlanEvents.deviationAnalysisSet],
    };
    // confirm-target needs a target carried over from another year.
    const carried = { ...plan, targets: plan.targets.map((t) => ({ ...t, carriedOver: { fromYear: 2022 } })) };
    for (const [change, type] of Object.values(examples)) {
      const state = change.kind === 'confirm-target' ? carried : plan;
      expect({ kind: change.kind, types: decidePlanChange(state, change, CATALOG).map((e) => e.type) }).toEqual({
        kind: change.kind,
        types: [type],
      });
    }
  });
});
