// @ts-check
// The shapes the pages work with: the api's JSON answers and the page context. Types only; no
// module imports this file at run time (JSDoc refers to it with import('./types.js')).

// --- building the DOM ------------------------------------------------------------------------

/** @typedef {Node | string | number | boolean | null | undefined | ChildList} Child */
/** @typedef {Array<Child>} ChildList */

/**
 * Attributes of h(): strings for setAttribute, `dataset`, `style`, and `on*` listeners that know
 * their element (`event.currentTarget`).
 * @template {Element} E
 * @typedef {{ [name: string]: unknown } & {
 *   dataset?: Record<string, string>;
 *   style?: Partial<CSSStyleDeclaration>;
 *   onclick?: (event: MouseEvent & { currentTarget: E }) => unknown;
 *   onchange?: (event: Event & { currentTarget: E }) => unknown;
 *   oninput?: (event: Event & { currentTarget: E }) => unknown;
 *   onsubmit?: (event: SubmitEvent & { currentTarget: E }) => unknown;
 * }} Attrs
 */

// --- accounts and the page context -----------------------------------------------------------

/** @typedef {{ department: string, role: string }} RoleGrant */
/** @typedef {{ id: string, username: string, displayName?: string | null, roles: RoleGrant[] }} User */
/** @typedef {{ accessToken: string, refreshToken: string | null, user: User }} Session */

/**
 * What every page gets: the department, the year, the route's query and the router's helpers.
 * @typedef {{
 *   department: Department,
 *   year: number,
 *   params: URLSearchParams,
 *   activity: string | null,
 *   session: Session,
 *   href: (
 *     department: string, year: number | string, page: string, params?: Record<string, string | number | undefined>,
 *     activity?: string | null,
 *   ) => string,
 *   navigate: (hash: string, options?: { replace?: boolean }) => void,
 *   setParams: (params: Record<string, string | number | undefined>) => void,
 *   setAddress: (hash: string, options?: { push?: boolean }) => void,
 * }} PageContext
 */

/**
 * What a page's render returns: its cleanup, and (activities page) how it opens or closes one
 * activity when only the address's activity changes (no new render, no refetch of the list).
 * @typedef {{ cleanup?: () => void, showActivity?: (id: string | null) => void }} PageHandle
 */

/** A page: renders into its container and may return its cleanup or a handle. */
/** @typedef {{ render: (container: HTMLElement, ctx: PageContext) => PageHandle | (() => void) | void }} PageModule */

/** @typedef {import('./routes.js').PageName} PageName */

/**
 * An address, parsed (routes.js).
 * @typedef {{ kind: 'home', params: URLSearchParams }
 *   | { kind: 'login', next: string | null, params: URLSearchParams }
 *   | { kind: 'partial', department: string, year: number | null, page: PageName, params: URLSearchParams }
 *   | { kind: 'page', department: string, year: number, page: PageName, activity: string | null, params: URLSearchParams }
 *   | { kind: 'unknown', department: string | null, params: URLSearchParams }} Route
 */

/** The codes of the api's error answers (GET /api/meta `errorCodes`; the server's list). */
/** @typedef {import('../../api/src/meta/error-codes.js').ErrorCode} ErrorCode */

// --- GET /api/meta ---------------------------------------------------------------------------

/** @typedef {'key-work' | 'department-goal' | 'project-goal'} PlanKind */
/** @typedef {'tripsAbroad' | 'vehiclePurchase' | 'vehicleRunning' | 'receptions'} SangongKind */
/** @typedef {'>=' | '<='} Direction */

/**
 * The year-end report's headings (the server's reporting `labels`; only those the pages use).
 * @typedef {{
 *   keyWorkTable: string, no: string, matter: string, content: string, status: string, done: string, notDone: string,
 *   activities: string, counted: string, notCounted: string, targetsAndActuals: string, milestone: string, notEntered: string,
 *   departmentEvaluation: string, projectEvaluation: string, projectEvaluationTitle: string, departmentName: string,
 *   projectName: string, budgetExecution: string, score: string, budgetAmountA: string, executedAmountB: string,
 *   executionRateBA: string, budgetScore: string, departmentTotalSpending: string, projectFunds: string, annualGoal: string,
 *   level1: string, level2: string, level3: string, targetA: string, actualB: string, total: string, deviationAnalysis: string,
 *   computedScore: string, deduction: string, points: string, indicatorPoints: string, indicatorScore: string,
 *   goalScore: string, carriedOver: string,
 *   sangongTable: string, sangongTableFull: string, sangongTableNo: string, department: string, unitWanYuan: string,
 *   tripsAbroad: string, vehicles: string, subtotal: string, vehiclePurchase: string, vehicleRunning: string, receptions: string,
 *   sum: string, budgeted: string, finalAccount: string, tripGroups: string, tripPersons: string, receptionGroups: string,
 *   receptionPersons: string, foreignReceptionGroups: string, foreignReceptionPersons: string, vehiclesHeld: string,
 *   overspent: string, identityCheck: string,
 *   warnings: string, warningKind: string, warningMessage: string, warningMeasure: string,
 * }} ReportLabels
 */

/**
 * The server's vocabulary and limits (GET /api/meta), loaded once at start.
 * @typedef {{
 *   activityRoles: string[],
 *   userRoles: Record<string, string>,
 *   activityStatuses: Record<ActivityStatus, string>,
 *   activityFields: Record<string, string>,
 *   directions: Record<Direction, string>,
 *   planKinds: Record<PlanKind, string>,
 *   events: Record<string, string>,
 *   warningKinds: Record<string, string>,
 *   sangong: { key: SangongKind, label: string }[],
 *   jobStates: Record<string, string>,
 *   report: ReportLabels,
 *   errorCodes: ErrorCode[],
 *   limits: { title: number, notes: number, reason: number, attributeText: number, search: number, pageSize: number },
 *   importRowStatuses: Record<'new' | 'unchanged' | 'changed' | 'rejected', string>,
 *   auditActions: Record<string, string>,
 *   auditSystemActors: Record<'cli' | 'boot', string>,
 *   importLimits: { fileBytes: number, rows: number },
 * }} Meta
 */

// --- departments and activities --------------------------------------------------------------

/** @typedef {'integer' | 'amount' | 'text' | 'enum' | 'boolean'} AttributeType */
/** @typedef {{ name: string, label: string, type: AttributeType, required?: boolean, options?: Record<string, string> }} AttributeSpec */
/** @typedef {{ code: string, label: string, attributes: AttributeSpec[] }} CategorySpec */
/** What a department decides for itself (the api fills in the defaults: Asia/Shanghai). */
/** @typedef {{ timeZone?: string, lateEntryDays?: number }} DepartmentSettings */
/**
 * @typedef {{
 *   code: string, name: string, catalog: CategorySpec[], version: number, timeZone?: string, settings?: DepartmentSettings,
 * }} Department
 */

/** A member of the department, as histories name them (GET …/people). */
/** @typedef {{ id: string, displayName: string, username?: string }} Person */

/** @typedef {string | number | boolean} AttributeValue */
/** @typedef {Record<string, AttributeValue>} Attributes */
/** @typedef {'active' | 'withdrawn'} ActivityStatus */

/**
 * What staff say about an activity (the record form's body).
 * @typedef {{
 *   category: string, title: string, occurredOn: string, role: string, attributes: Attributes,
 *   parentId: string | null, alsoCountsFor: string[], notes: string | null, backfill?: boolean,
 * }} ActivityFields
 */

/**
 * @typedef {ActivityFields & {
 *   id: string, department: string, status: ActivityStatus, withdrawnReason: string | null, version: number,
 *   recordedAt: string, recordedBy: string | null, updatedAt: string,
 * }} Activity
 */

/**
 * @template T
 * @typedef {{ items: T[], total: number, page: number, pageSize: number }} Page
 */

/** @typedef {{ field: string, reason: string }} FieldError */

/**
 * One event of a stream's history.
 * @template D
 * @typedef {{
 *   version: number, position: number, type: string, recordedAt: string, actor: string | null, actorName?: string | null,
 *   data: D,
 * }} HistoryEntry
 */

/**
 * The data of an activity's events (recorded, amended, moved, withdrawn, restored), loosely.
 * @typedef {Partial<ActivityFields> & {
 *   changes?: Partial<ActivityFields>,
 *   previous?: Partial<ActivityFields>,
 *   was?: { category?: string },
 *   reason?: string | null,
 * }} ActivityEventData
 */

/** @typedef {{ previous?: number, value?: number, reason?: string, target?: { direction: Direction, value: number } }} TargetEventData */

// --- plans -----------------------------------------------------------------------------------

/** @typedef {'count' | 'count-distinct-parents' | 'sum' | 'measured'} MeasureKind */
/** @typedef {{ code: string, name: string, unit: string, kind: MeasureKind, category: string | null }} Measure */

/**
 * @typedef {{ kind: 'key-work', item: number }
 *   | { kind: 'department-goal', goal: number }
 *   | { kind: 'project-goal', project: string, goal: number }} PlanRef
 */

/** @typedef {{ level1: string, level2: string, level3: string }} IndicatorLabels */
/** @typedef {{ value: number, previous: number, reason: string, at: string, by: string | null }} TargetRevision */

/**
 * @typedef {{
 *   id: string, plan: PlanRef, measure: string, direction: Direction, value: number, original: number, unit: string,
 *   labels: IndicatorLabels | null, revisions: TargetRevision[],
 * }} Target
 */

/** @typedef {{ no: number, matter: string, content: string, milestones: { code: string, title: string }[] }} KeyWorkItem */
/** @typedef {{ scope: 'department' | 'project', project: string | null, no: number, text: string, points: number }} Goal */
/** @typedef {{ code: string, name: string }} Project */
/** @typedef {{ initial: number, adjusted: number, executed: number }} Budget */

/**
 * @typedef {{
 *   budget: number, actual: number, groups: number | null, persons: number | null,
 *   foreignGroups: number | null, foreignPersons: number | null, vehiclesHeld: number | null,
 * }} SangongLine
 */

/** @typedef {{ measure: string, value: number, measuredOn: string, note: string | null, recordedAt: string, recordedBy: string | null }} Measurement */
/** @typedef {{ id: string, scope: string, points: number, reason: string, withdrawn: boolean }} ScoreAdjustment */

/**
 * @typedef {{
 *   department: string, year: number, measures: Measure[], keyWork: KeyWorkItem[], projects: Project[], goals: Goal[],
 *   targets: Target[], budgets: { department: Budget | null, projects: Record<string, Budget> },
 *   sangong: Partial<Record<SangongKind, SangongLine>>, measurements: Measurement[], adjustments: ScoreAdjustment[],
 * }} Plan
 */

// --- progress --------------------------------------------------------------------------------

/**
 * @typedef {{
 *   targetId: string, plan: PlanRef, planLabel: string, direction: Direction, target: number, original: number,
 *   revised: boolean, unit: string, labels: IndicatorLabels | null, met: boolean | null, ratio: number | null,
 *   expectedByNow: number | null, lagging: boolean,
 * }} TargetProgress
 */

/**
 * @typedef {{
 *   code: string, name: string, unit: string, kind: MeasureKind, valueType?: 'count' | 'rate' | 'amount',
 *   actual: number | null, activityCount: number, targets: TargetProgress[],
 * }} MeasureProgress
 */

/**
 * A milestone: `evidence` the titles of the first few activities reaching it, `evidenceCount` all of them.
 * @typedef {{
 *   keyWorkItem: number, code: string, title: string, done: boolean, doneOn: string | null,
 *   evidence: string[], evidenceCount: number,
 * }} MilestoneProgress
 */
/** @typedef {{ kind: string, message: string, activityIds: string[], measure: string | null }} DataQualityWarning */

/**
 * The warnings of one kind in a progress view: how many, and the first few (GET …/warnings?kind= has them all).
 * @typedef {{ kind: string, count: number, examples: DataQualityWarning[] }} WarningsOfKind
 */

/**
 * A progress view's warnings, counted by kind (in the order of the full list).
 * @typedef {{ total: number, byKind: WarningsOfKind[] }} WarningSummary
 */

/**
 * @typedef {{
 *   department: string, year: number, asOf: string | null, referenceDate: string, yearElapsed: number,
 *   knownAt: string | null, measures: MeasureProgress[], milestones: MilestoneProgress[], warnings: WarningSummary,
 * }} Progress
 */

/** @typedef {Page<Activity> & { countedIds: string[], excludedIds: string[] }} DrillDown */

// --- aggregates (GET …/years/:year/aggregates) ------------------------------------------------

/** @typedef {{ month: number, category: string, count: number, projects: number }} AggregateMonth */

/**
 * A category's activities of the year: how many, how many projects they make, their sums.
 * @typedef {{ category: string, label: string, count: number, projects: number, sums: Record<string, number> }} AggregateCategory
 */

/**
 * The year's activities added up by the server, as of a day (as known at a time).
 * @typedef {{
 *   byMonth: AggregateMonth[], byCategory: AggregateCategory[], sums: Record<string, number>,
 *   sumLabels: Record<string, string>,
 * }} Aggregates
 */

// --- reports ---------------------------------------------------------------------------------

/** @typedef {{ state: string, progress: unknown, attemptsMade: number, failedReason: string | null, result: { reportId?: string } | null }} ReportJob */
/** @typedef {{ id: string, asOf: string | null, tenantPosition: number, builtAt: string, stale: boolean }} ReportSummary */

/**
 * @typedef {{
 *   title: string, occurredOn: string, role: string, counted: boolean, excludedBecause: string | null, parts: number,
 * }} KeyWorkActivity
 */

/**
 * @typedef {{
 *   name: string, unit: string, direction: Direction, target: number, original: number, revised: boolean,
 *   actual: number | null, met: boolean,
 * }} KeyWorkTarget
 */

/**
 * @typedef {{
 *   no: number, matter: string, content: string, activities: KeyWorkActivity[], targets: KeyWorkTarget[],
 *   milestones: { title: string, done: boolean, doneOn: string | null }[], verdict: string, missing: string[],
 * }} KeyWorkRow
 */

/** @typedef {{ value: number | null, unit: string, text: string }} ReportFigure */

/**
 * @typedef {{
 *   level1: string, level2: string, level3: string, A: ReportFigure, B: ReportFigure, met: boolean | null,
 *   original: number | null, points: number | null, score: number | null, carriedOver: boolean,
 * }} EvaluationIndicator
 */

/**
 * @typedef {{
 *   no: number, text: string, points: number, indicators: EvaluationIndicator[], computedScore: number | null,
 *   deductions: { id: string, points: number, reason: string }[], finalScore: number,
 *   scoring: 'indicators' | 'group' | 'mixed',
 * }} EvaluationGoal
 */

/**
 * @typedef {{
 *   budget: { A: number, B: number, rate: number | null, score: number } | null, goals: EvaluationGoal[], total: number,
 *   deviationAnalysis: string | null, notes: string[],
 * }} Evaluation
 */

/** @typedef {'total' | 'tripsAbroad' | 'vehicles' | 'vehiclePurchase' | 'vehicleRunning' | 'receptions'} SangongColumn */
/** @typedef {{ groups: number | null, persons: number | null }} SangongCount */

/**
 * @typedef {{
 *   columns: { no: number, half: 'budget' | 'actual', line: SangongColumn, label: string, value: number }[],
 *   overspent: Record<SangongColumn, boolean>,
 *   counts: {
 *     tripsAbroad: SangongCount,
 *     receptions: SangongCount & { foreignGroups: number | null, foreignPersons: number | null },
 *     vehiclesHeld: number | null,
 *   },
 *   checks: { half: 'budget' | 'actual', identity: 'total' | 'vehicles', expected: number, found: number }[],
 * }} SangongReport
 */

/**
 * @typedef {{
 *   header: { department: { code: string, name: string }, year: number, asOf: string | null },
 *   keyWork: KeyWorkRow[], departmentEvaluation: Evaluation,
 *   projectEvaluations: (Evaluation & { project: { code: string, name: string } })[],
 *   sangong: SangongReport, warnings: DataQualityWarning[],
 * }} YearEndReport
 */

/** @typedef {ReportSummary & { report: YearEndReport }} StoredReport */

export {};
