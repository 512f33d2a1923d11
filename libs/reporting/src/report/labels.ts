import type { SangongKind, WarningKind } from '@app/tracking';

/**
 * The Chinese labels of the year-end report, exactly as the published 部门决算 prints them
 * (seed 000_d37063cf3fb09e26.txt: Part 4, 公开 09 表, 整体绩效自评表, 项目自评表). Renderers take every
 * heading from here so the wording stays in one place.
 */
export const labels = {
  // 重点工作完成情况 (Part 4's closing table)
  keyWorkTable: '重点工作完成情况',
  no: '序号',
  matter: '重要事项',
  content: '工作内容及目标',
  status: '完成情况',
  done: '完成',
  notDone: '未完成',
  // Columns the system adds to the seed's four (the evidence behind the verdict).
  activities: '开展的活动',
  occurredOn: '日期',
  role: '方式',
  counted: '计入',
  notCounted: '不计入',
  targetsAndActuals: '目标与实际',
  missing: '未完成事项',
  milestone: '里程碑',
  notEntered: '未录入',

  // 整体绩效自评表 / 项目自评表
  departmentEvaluation: '整体绩效自评表',
  projectEvaluation: '项目自评表',
  projectEvaluationTitle: '市直部门项目自评表',
  departmentName: '单位名称',
  projectName: '项目名称',
  budgetExecution: '预算执行情况（万元）（20 分）',
  budgetAmount: '预算数',
  executedAmount: '执行数',
  executionRate: '执行率',
  score: '得分',
  budgetAmountA: '预算数（A）',
  executedAmountB: '执行数（B）',
  executionRateBA: '执行率（B/A）',
  budgetScore: '得分（20 分*执行率）',
  departmentTotalSpending: '部门整体支出总额',
  projectFunds: '年度财政资金总额',
  annualGoal: '年度绩效目标',
  annualIndicators: '年度绩效指标',
  level1: '一级指标',
  level2: '二级指标',
  level3: '三级指标',
  targetA: '年初目标值（A）',
  actualB: '实际完成值（B）',
  total: '总分',
  deviationAnalysis: '偏差大或目标未完成原因分析',
  computedScore: '计算得分',
  // Added by the system: the deduction's own row.
  deduction: '扣分',
  // Indicators with their own points (分值): each scored on its own.
  indicatorPoints: '分值',
  indicatorScore: '得分',
  goalScore: '目标得分',
  carriedOver: '沿用上年',
  points: '分',

  // 公开 09 表
  sangongTable: '“三公”经费支出决算表',
  sangongTableFull: '财政拨款“三公”经费支出决算表',
  sangongTableNo: '公开 09 表',
  department: '部门',
  unitWanYuan: '单位：万元',
  tripsAbroad: '因公出国（境）费',
  vehicles: '公务用车购置及运行维护费',
  subtotal: '小计',
  vehiclePurchase: '公务用车购置费',
  vehicleRunning: '公务用车运行维护费',
  receptions: '公务接待费',
  sum: '合计',
  budgeted: '预算数',
  finalAccount: '决算数',
  columnNo: '栏次',
  sangongIdentityNote: '1 栏＝（2＋3＋6）栏；3栏＝（4＋5）栏；7 栏＝（8＋9＋12）栏；9栏=（10+11）栏。',
  // The counts of the narrative (九、“三公”经费) and the checks, shown under the row.
  tripGroups: '出国（境）团组',
  tripPersons: '出国（境）人次',
  receptionGroups: '国内公务接待团组',
  receptionPersons: '国内公务接待人次',
  foreignReceptionGroups: '其中：外事接待团组',
  foreignReceptionPersons: '其中：外事接待人次',
  vehiclesHeld: '公务用车保有量',
  overspent: '超预算',
  identityCheck: '表内关系校验',
  sangongSources: '决算数来源',
  sangongSourcesNote:
    '决算数由登记的“三公”记录（出国团组、接待批次、公务用车登记与费用、汇总录入）汇总；按活动类别登记的出访、接待、公务用车活动不计入本表。',
  sangongRecords: '逐笔记录',
  sangongSummaries: '汇总录入',

  // 数据质量提示 (added by the system)
  warnings: '数据质量提示',
  warningKind: '类型',
  warningMessage: '说明',
  warningActivities: '相关活动',
  warningMeasure: '指标',
} as const;

/** Plain-language names of the data-quality warning kinds. */
export const warningKindLabels: Readonly<Record<WarningKind, string>> = {
  'date-mismatch': '日期与标题不符',
  'part-outside-year': '项目的组成活动跨年度',
  'conflicting-targets': '不同计划目标值不一致',
  'target-without-activity': '有目标值但无实际数据',
  'likely-duplicate': '可能重复录入',
  'unknown-measure': '计入未定义的指标',
  'missing-deviation-analysis': '未完成或滞后的目标未填写偏差分析',
  'late-entry': '登记过晚（未标明补录）',
  'moved-out-of-year': '记录已移出本年度',
  'sangong-no-approval': '出国团组未填批件号',
  'sangong-outside-year': '“三公”记录日期不在计入年度',
  'sangong-over-standard': '接待人均费用超标准',
  'sangong-over-budget': '“三公”经费超预算',
  'sangong-pace-overrun': '“三公”经费按进度将超预算',
};

/** The four 三公 lines (budgets in the plan; spending summed from the 三公 records). */
export const sangongKindLabels: Readonly<Record<SangongKind, string>> = {
  tripsAbroad: labels.tripsAbroad,
  vehiclePurchase: labels.vehiclePurchase,
  vehicleRunning: labels.vehicleRunning,
  receptions: labels.receptions,
};

/** 预算执行情况（万元）（20 分）, with the plan's points. */
export const budgetExecutionLabel = (points: number): string => `预算执行情况（万元）（${formatPoints(points)} 分）`;
/** 得分（20 分*执行率）, with the plan's points. */
export const budgetScoreLabel = (points: number): string => `得分（${formatPoints(points)} 分*执行率）`;
/** 市直部门项目自评表, 区直部门项目自评表…: from the department's 机构层级. */
export const projectEvaluationTitle = (officeLevel: string): string => `${officeLevel}部门${labels.projectEvaluation}`;

function formatPoints(points: number): string {
  return String(Number(points.toPrecision(12)));
}
