/**
 * The kinds of plan change `POST …/plan/changes` accepts, as a plain list without imports: the web
 * app types its one form per kind against it (apps/web/js/components/plan-kinds.js), as it types
 * its error texts against meta/error-codes.ts, so a kind added here without its form fails
 * `tsc -p apps/web/tsconfig.json`. plan-change-kinds.spec.ts holds it equal to the domain's
 * PLAN_CHANGE_KINDS, so a kind added to the domain must be added here too.
 */
export const PLAN_CHANGE_KIND_NAMES = [
  'define-measure',
  'set-key-work-item',
  'remove-key-work-item',
  'define-project',
  'set-goal',
  'set-target',
  'revise-target',
  'set-target-points',
  'confirm-target',
  'remove-target',
  'record-measurement',
  'set-budget',
  'set-budget-points',
  'set-sangong',
  'record-score-adjustment',
  'withdraw-score-adjustment',
  'set-deviation-analysis',
] as const;

export type PlanChangeKindName = (typeof PLAN_CHANGE_KIND_NAMES)[number];
