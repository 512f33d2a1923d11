import type { Role as UserRole } from '@app/accounts';
import { labels as reportLabels, sangongKindLabels, warningKindLabels } from '@app/reporting';
import {
  ActivityEvents,
  MAX_ATTRIBUTE_TEXT,
  MAX_NOTES,
  MAX_REASON,
  MAX_TITLE,
  PlanEvents,
  ROLES as ACTIVITY_ROLES,
  SangongEvents,
  SANGONG_KINDS,
  type Activity,
  type ActivityFields,
  type Direction,
  type PlanRef,
} from '@app/tracking';
import type { JobState } from 'bullmq';
import { MAX_PAGE_SIZE, MAX_SEARCH_TEXT } from '../activities/activity.dto';
import { importAndAuditMeta } from './import-audit-meta';

/** 经办人员, 领导, …: what each account role is called on screen. */
export const USER_ROLE_LABELS = {
  staff: '经办人员',
  leader: '领导',
  reporter: '报表人员',
  auditor: '审计人员',
  finance: '财务人员',
  admin: '管理员',
} as const satisfies Record<UserRole, string>;

/** 正向 targets are at least (≥) their value, 反向 ones at most (≤). */
export const DIRECTION_SIGNS = { '>=': '≥', '<=': '≤' } as const satisfies Record<Direction, string>;

/** The three plans that carry targets. */
export const PLAN_KIND_LABELS = {
  'key-work': '重点工作',
  'department-goal': '部门整体绩效目标',
  'project-goal': '项目绩效目标',
} as const satisfies Record<PlanRef['kind'], string>;

export const ACTIVITY_STATUS_LABELS = { active: '有效', withdrawn: '已撤回' } as const satisfies Record<Activity['status'], string>;

type EventType =
  | (typeof ActivityEvents)[keyof typeof ActivityEvents]
  | (typeof PlanEvents)[keyof typeof PlanEvents]
  | (typeof SangongEvents)[keyof typeof SangongEvents];

/** Each event of an activity's, a plan's or a 三公 record's history, as a history table names it. */
export const EVENT_LABELS = {
  'activity.recorded.v1': '登记',
  'activity.amended.v1': '修改',
  'activity.moved.v1': '调整类别',
  'activity.withdrawn.v1': '撤回',
  'activity.restored.v1': '恢复',
  'plan.measure-defined.v1': '定义指标',
  'plan.key-work-item-set.v1': '设定重点工作',
  'plan.key-work-item-removed.v1': '删除重点工作',
  'plan.project-defined.v1': '设定项目',
  'plan.goal-set.v1': '设定绩效目标',
  'plan.target-set.v1': '设定目标',
  'plan.target-revised.v2': '调整目标',
  'plan.target-points-set.v1': '设定指标分值',
  'plan.target-confirmed.v1': '确认沿用上年的目标',
  'plan.target-removed.v1': '删除目标',
  'plan.measurement-recorded.v1': '录入填报数值',
  'plan.budget-set.v2': '设定预算',
  'plan.budget-points-set.v1': '设定预算执行分值',
  'plan.copied.v1': '沿用上年计划',
  'plan.sangong-set.v2': '设定“三公”经费预算',
  'plan.score-adjustment-recorded.v1': '记录扣分',
  'plan.score-adjustment-withdrawn.v1': '撤销扣分',
  'plan.deviation-analysis-set.v1': '填写原因分析',
  'sangong.recorded.v1': '登记',
  'sangong.amended.v1': '修改',
  'sangong.withdrawn.v1': '撤回',
  'sangong.restored.v1': '恢复',
} as const satisfies Record<EventType, string>;

/** The fields of an activity (and a correction's reason), as forms and histories name them. */
export const ACTIVITY_FIELD_LABELS = {
  category: '类别',
  title: '标题',
  occurredOn: '日期',
  role: '方式',
  attributes: '属性',
  parentId: '所属项目',
  alsoCountsFor: '同时计入',
  notes: '备注',
  backfill: '补录',
  reason: '原因',
} as const satisfies Record<keyof ActivityFields | 'reason', string>;

/** States of a report job (BullMQ's, and 'unknown' for a job the queue no longer knows). */
export const JOB_STATE_LABELS = {
  waiting: '排队中',
  'waiting-children': '排队中',
  prioritized: '排队中',
  delayed: '等待重试',
  active: '生成中',
  completed: '已完成',
  failed: '生成失败',
  unknown: '未知',
} as const satisfies Record<JobState | 'unknown', string>;

/**
 * The vocabulary and limits the web app shows, from the server's own constants: one source for
 * labels that used to be copied into the browser code. Nothing in it is secret.
 */
export function buildMeta() {
  return {
    /** 主办, 承办, …: how the department took part in an activity. */
    activityRoles: [...ACTIVITY_ROLES],
    userRoles: USER_ROLE_LABELS,
    activityStatuses: ACTIVITY_STATUS_LABELS,
    activityFields: ACTIVITY_FIELD_LABELS,
    directions: DIRECTION_SIGNS,
    planKinds: PLAN_KIND_LABELS,
    events: EVENT_LABELS,
    warningKinds: warningKindLabels,
    /** The four 三公 lines in the order of the 公开 09 表. */
    sangong: SANGONG_KINDS.map((key) => ({ key, label: sangongKindLabels[key] })),
    jobStates: JOB_STATE_LABELS,
    /** The year-end report's headings, as the XLSX and HTML renderers print them. */
    report: reportLabels,
    /** Spreadsheet import row statuses and limits; account audit actions. */
    ...importAndAuditMeta(),
    /** Longest texts (characters) and the largest page the api accepts. */
    limits: {
      title: MAX_TITLE,
      notes: MAX_NOTES,
      reason: MAX_REASON,
      attributeText: MAX_ATTRIBUTE_TEXT,
      search: MAX_SEARCH_TEXT,
      pageSize: MAX_PAGE_SIZE,
    },
  };
}

export type Meta = ReturnType<typeof buildMeta>;
