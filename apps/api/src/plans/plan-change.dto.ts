import type { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  DIRECTIONS,
  GOAL_SCOPES,
  MAX_REASON,
  MEASURE_KINDS,
  PLAN_CHANGE_KINDS,
  SANGONG_KINDS,
  VALUE_TYPES,
  type Direction,
  type Goal,
  type MeasureKind,
  type PlanChangeFields,
  type PlanChangeKind,
  type PlanRef,
  type SangongKind,
  type ValueType,
} from '@app/tracking';

// The edge checks each change's shape (types, presence, lengths) and names the field; the domain
// then applies the plan's rules (known measure, existing target, amount ≥ 0, …).

const CODE_LENGTH = 64;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A finite number (JSON has no NaN or Infinity, but say so). */
const NUMBER = { allowNaN: false, allowInfinity: false } as const;

export class MeasureDto {
  @ApiProperty({ example: 'major-events', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  code: string;

  @ApiProperty({ example: '重要外事活动', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '场', maxLength: 20 })
  @IsString()
  @MaxLength(20)
  unit: string;

  @ApiProperty({ enum: MEASURE_KINDS, example: 'count' })
  @IsIn(MEASURE_KINDS)
  kind: MeasureKind;

  @ApiPropertyOptional({ example: 'major-event', nullable: true, description: 'The category counted (not for a measured figure)' })
  @IsOptional()
  @IsString()
  @MaxLength(CODE_LENGTH)
  category?: string | null;

  @ApiPropertyOptional({
    example: { level: ['municipal'] },
    description: 'Attribute filters: attribute → the values counted (any of)',
    type: 'object',
    additionalProperties: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } },
  })
  @IsOptional()
  @IsObject()
  where?: Record<string, (string | number | boolean)[]>;

  @ApiPropertyOptional({ example: 'participants', nullable: true, description: 'For a sum: the numeric attribute summed' })
  @IsOptional()
  @IsString()
  @MaxLength(CODE_LENGTH)
  attribute?: string | null;

  @ApiProperty({ enum: VALUE_TYPES, example: 'count' })
  @IsIn(VALUE_TYPES)
  valueType: ValueType;
}

export class MilestoneDto {
  @ApiProperty({ example: 'plan-drafted', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  code: string;

  @ApiProperty({ example: '制定工作方案', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  title: string;
}

/** 重点工作: one numbered item of the key-work plan. */
export class KeyWorkItemDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  no: number;

  @ApiProperty({ example: '举办重要外事活动', description: '重要事项', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  matter: string;

  @ApiProperty({ example: '举办重要外事活动 5 场以上', description: '工作内容及目标', maxLength: 5000 })
  @IsString()
  @MaxLength(5000)
  content: string;

  @ApiPropertyOptional({ type: [MilestoneDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones?: MilestoneDto[];
}

export class ProjectDto {
  @ApiProperty({ example: 'foreign-exchange', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  code: string;

  @ApiProperty({ example: '对外交往业务支出', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  name: string;
}

export class GoalDto {
  @ApiProperty({ enum: GOAL_SCOPES, example: 'department' })
  @IsIn(GOAL_SCOPES)
  scope: Goal['scope'];

  @ApiPropertyOptional({ example: 'foreign-exchange', nullable: true, description: 'The project, for a project goal' })
  @IsOptional()
  @IsString()
  @MaxLength(CODE_LENGTH)
  project?: string | null;

  @ApiProperty({ example: 1 })
  @IsInt()
  no: number;

  @ApiProperty({ example: '服务对外开放大局', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  text: string;

  @ApiProperty({ example: 40, description: 'Points of the goal in the self-evaluation' })
  @IsNumber(NUMBER)
  points: number;
}

export class KeyWorkRefDto {
  @ApiProperty({ enum: ['key-work'] })
  @IsIn(['key-work'])
  kind: 'key-work';

  @ApiProperty({ example: 1, description: 'The key-work item number' })
  @IsInt()
  item: number;
}

export class DepartmentGoalRefDto {
  @ApiProperty({ enum: ['department-goal'] })
  @IsIn(['department-goal'])
  kind: 'department-goal';

  @ApiProperty({ example: 1 })
  @IsInt()
  goal: number;
}

export class ProjectGoalRefDto {
  @ApiProperty({ enum: ['project-goal'] })
  @IsIn(['project-goal'])
  kind: 'project-goal';

  @ApiProperty({ example: 'foreign-exchange', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  project: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  goal: number;
}

/** The DTO of each plan a target may belong to: one per PlanRef kind, and no other. */
const PLAN_REFS = {
  'key-work': KeyWorkRefDto,
  'department-goal': DepartmentGoalRefDto,
  'project-goal': ProjectGoalRefDto,
} as const satisfies { [K in PlanRef['kind']]: Class<Extract<PlanRef, { kind: K }>> };
const PLAN_REF_KINDS = Object.keys(PLAN_REFS);
/** The DTOs of plan references, for @ApiExtraModels. */
export const PLAN_REF_MODELS: Class<unknown>[] = Object.values(PLAN_REFS);

/** A plan reference of an unknown kind: refused on its kind. */
class UnknownPlanRefDto {
  @IsIn(PLAN_REF_KINDS)
  kind: string;
}

export class TargetLabelsDto {
  @ApiProperty({ example: '产出指标', description: '一级指标', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  level1: string;

  @ApiProperty({ example: '数量指标', description: '二级指标', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  level2: string;

  @ApiProperty({ example: '举办重要外事活动', description: '三级指标', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  level3: string;
}

export class TargetDto {
  @ApiProperty({ example: 'kw-1-major-events', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  id: string;

  @ApiProperty({
    description: 'The plan the target belongs to',
    oneOf: Object.values(PLAN_REFS).map((ref) => ({ $ref: getSchemaPath(ref) })),
    discriminator: { propertyName: 'kind', mapping: mappingOf(PLAN_REFS) },
  })
  @IsObject()
  @ValidateNested()
  @Type(() => UnknownPlanRefDto, {
    keepDiscriminatorProperty: true,
    discriminator: { property: 'kind', subTypes: Object.entries(PLAN_REFS).map(([name, value]) => ({ name, value })) },
  })
  plan: KeyWorkRefDto | DepartmentGoalRefDto | ProjectGoalRefDto;

  @ApiProperty({ example: 'major-events', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  measure: string;

  @ApiProperty({ enum: DIRECTIONS, example: '>=', description: '正向 at least (>=) or 反向 at most (<=)' })
  @IsIn(DIRECTIONS)
  direction: Direction;

  @ApiProperty({ example: 5 })
  @IsNumber(NUMBER)
  value: number;

  @ApiPropertyOptional({
    example: '场',
    maxLength: 20,
    description: "Printed after the target's figures; left out, the measure's unit; '' prints a bare number",
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  unit?: string;

  @ApiPropertyOptional({ type: TargetLabelsDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TargetLabelsDto)
  labels?: TargetLabelsDto | null;

  @ApiPropertyOptional({
    example: 20,
    nullable: true,
    description: '分值: the indicator’s own points; when every indicator of a goal has them, each is scored on its own',
  })
  @IsOptional()
  @IsNumber(NUMBER)
  points?: number | null;
}

/** 年初预算, adjusted 预算数 and 执行数, in 万元. */
export class BudgetDto {
  @ApiProperty({ example: 2486.85 })
  @IsNumber(NUMBER)
  initial: number;

  @ApiProperty({ example: 2486.85 })
  @IsNumber(NUMBER)
  adjusted: number;

  @ApiProperty({ example: 2486.85 })
  @IsNumber(NUMBER)
  executed: number;
}

/**
 * A 三公 line's budget (预算数, 万元); receptions may also carry the cost standard per person (元/人).
 * What was spent is the sum of the 三公 records (POST …/sangong/…), never entered here.
 */
export class SangongLineDto {
  @ApiProperty({ example: 9.42, description: '预算数（万元）' })
  @IsNumber(NUMBER)
  budget: number;

  @ApiPropertyOptional({ example: 150, description: '接待费人均开支标准（元/人），仅公务接待' })
  @IsOptional()
  @IsNumber(NUMBER)
  perPersonStandard?: number | null;
}

/** 扣分: a deduction from a computed score, with its reason. */
export class ScoreAdjustmentDto {
  @ApiProperty({ example: 'dg-1-deduction', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  id: string;

  @ApiProperty({ example: 'department-goal:1', description: "'department-goal:<no>' or 'project-goal:<project>:<no>'", maxLength: 200 })
  @IsString()
  @MaxLength(200)
  scope: string;

  @ApiProperty({ example: 2 })
  @IsNumber(NUMBER)
  points: number;

  @ApiProperty({ example: '部分指标设置不够细化', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  reason: string;
}

// The fields of each kind of change (the `change` of the body).

export class DefineMeasureDto {
  @ApiProperty({ type: MeasureDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MeasureDto)
  measure: MeasureDto;
}

export class SetKeyWorkItemDto {
  @ApiProperty({ type: KeyWorkItemDto })
  @IsObject()
  @ValidateNested()
  @Type(() => KeyWorkItemDto)
  item: KeyWorkItemDto;
}

export class RemoveKeyWorkItemDto {
  @ApiProperty({ example: 3 })
  @IsInt()
  no: number;
}

export class DefineProjectDto {
  @ApiProperty({ type: ProjectDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ProjectDto)
  project: ProjectDto;
}

export class SetGoalDto {
  @ApiProperty({ type: GoalDto })
  @IsObject()
  @ValidateNested()
  @Type(() => GoalDto)
  goal: GoalDto;
}

export class SetTargetDto {
  @ApiProperty({ type: TargetDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TargetDto)
  target: TargetDto;
}

/** 预算调整: the new value is used from now on; the original stays visible. */
export class ReviseTargetDto {
  @ApiProperty({ example: 'kw-1-major-events', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  targetId: string;

  @ApiProperty({ example: 6 })
  @IsNumber(NUMBER)
  value: number;

  @ApiProperty({ example: '年中预算调整，目标上调', maxLength: MAX_REASON })
  @IsString()
  @MaxLength(MAX_REASON)
  reason: string;

  @ApiPropertyOptional({
    example: '2023-07-01',
    description:
      'The day the new value applies from (default: the day it is decided, at most the year’s last day); as of an earlier day the earlier value holds',
  })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom?: string;
}

/** 分值 of one indicator. */
export class SetTargetPointsDto {
  @ApiProperty({ example: 'dg-1-1', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  targetId: string;

  @ApiProperty({ example: 20, nullable: true, description: 'The indicator’s points (null: it shares its goal’s points)' })
  @ValidateIf((_, value) => value !== null)
  @IsNumber(NUMBER)
  points: number | null;
}

/** 确认沿用上年的目标值: confirm a carried-over target, or give the year's own value. */
export class ConfirmTargetDto {
  @ApiProperty({ example: 'kw-1-major-events', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  targetId: string;

  @ApiPropertyOptional({ example: 6, description: 'The year’s own value (default: last year’s, as carried over)' })
  @IsOptional()
  @IsNumber(NUMBER)
  value?: number;
}

/** 预算执行情况's points in the self-evaluations. */
export class SetBudgetPointsDto {
  @ApiProperty({ example: 20, description: 'Default 20' })
  @IsNumber(NUMBER)
  points: number;
}

export class RemoveTargetDto {
  @ApiProperty({ example: 'kw-1-major-events', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  targetId: string;

  @ApiProperty({ example: '计划取消', maxLength: MAX_REASON })
  @IsString()
  @MaxLength(MAX_REASON)
  reason: string;
}

export class RecordMeasurementDto {
  @ApiProperty({ example: 'awareness-rate', description: 'A measured measure', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  measure: string;

  @ApiProperty({ example: 100 })
  @IsNumber(NUMBER)
  value: number;

  @ApiProperty({ example: '2023-12-31' })
  @IsString()
  @Matches(DATE, { message: 'measuredOn must be a date YYYY-MM-DD' })
  measuredOn: string;

  @ApiPropertyOptional({ example: '问卷调查', nullable: true, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class SetBudgetDto {
  @ApiProperty({ example: 'department', description: "'department' or 'project:<code>'", maxLength: 100 })
  @IsString()
  @MaxLength(100)
  scope: string;

  @ApiProperty({ type: BudgetDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget: BudgetDto;

  @ApiPropertyOptional({
    example: '2023-07-01',
    description: 'The day it applies from (default: a first budget from the year’s start, an adjustment from the day it is decided)',
  })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom?: string;
}

/** 三公经费: trips abroad, official vehicles (purchase, running) and receptions. */
export class SetSangongDto {
  @ApiProperty({ enum: SANGONG_KINDS, example: 'receptions' })
  @IsIn(SANGONG_KINDS)
  sangongKind: SangongKind;

  @ApiProperty({ type: SangongLineDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SangongLineDto)
  line: SangongLineDto;
}

export class RecordScoreAdjustmentDto {
  @ApiProperty({ type: ScoreAdjustmentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ScoreAdjustmentDto)
  adjustment: ScoreAdjustmentDto;
}

export class WithdrawScoreAdjustmentDto {
  @ApiProperty({ example: 'dg-1-deduction', maxLength: CODE_LENGTH })
  @IsString()
  @MaxLength(CODE_LENGTH)
  id: string;

  @ApiProperty({ example: '复核后取消', maxLength: MAX_REASON })
  @IsString()
  @MaxLength(MAX_REASON)
  reason: string;
}

/** 偏差大或目标未完成原因分析. */
export class SetDeviationAnalysisDto {
  @ApiProperty({ example: 'department', description: "'department' or 'project:<code>'", maxLength: 100 })
  @IsString()
  @MaxLength(100)
  scope: string;

  @ApiProperty({ example: '全年目标均已完成，无明显偏差。', maxLength: 20000 })
  @IsString()
  @MaxLength(20000)
  text: string;
}

/** The body of one kind of change: `{ kind, change }`. */
export interface PlanChangeBody<K extends PlanChangeKind> {
  kind: K;
  change: PlanChangeFields[K];
}

/** The body DTO of a kind: its `kind` and, as `change`, the DTO of its fields. */
export function planChangeBody<K extends PlanChangeKind, C extends PlanChangeFields[K]>(
  kind: K,
  fields: Class<C>,
): Class<PlanChangeBody<K>> {
  class Body {
    @ApiProperty({ enum: [kind], example: kind })
    @IsIn([kind])
    kind: K;

    @ApiProperty({ type: fields })
    @IsObject()
    @ValidateNested()
    @Type(() => fields)
    change: C;
  }
  // OpenAPI names each schema after its class: SetTargetPlanChange, …
  Object.defineProperty(Body, 'name', { value: fields.name.replace(/Dto$/, 'PlanChange') });
  return Body;
}

/**
 * The body DTO of every kind of plan change, and only those: a kind of the domain without its
 * DTO, or a DTO whose fields do not give its kind's change, does not compile.
 */
export const PLAN_CHANGE_BODIES = {
  'define-measure': planChangeBody('define-measure', DefineMeasureDto),
  'set-key-work-item': planChangeBody('set-key-work-item', SetKeyWorkItemDto),
  'remove-key-work-item': planChangeBody('remove-key-work-item', RemoveKeyWorkItemDto),
  'define-project': planChangeBody('define-project', DefineProjectDto),
  'set-goal': planChangeBody('set-goal', SetGoalDto),
  'set-target': planChangeBody('set-target', SetTargetDto),
  'revise-target': planChangeBody('revise-target', ReviseTargetDto),
  'set-target-points': planChangeBody('set-target-points', SetTargetPointsDto),
  'confirm-target': planChangeBody('confirm-target', ConfirmTargetDto),
  'remove-target': planChangeBody('remove-target', RemoveTargetDto),
  'record-measurement': planChangeBody('record-measurement', RecordMeasurementDto),
  'set-budget': planChangeBody('set-budget', SetBudgetDto),
  'set-budget-points': planChangeBody('set-budget-points', SetBudgetPointsDto),
  'set-sangong': planChangeBody('set-sangong', SetSangongDto),
  'record-score-adjustment': planChangeBody('record-score-adjustment', RecordScoreAdjustmentDto),
  'withdraw-score-adjustment': planChangeBody('withdraw-score-adjustment', WithdrawScoreAdjustmentDto),
  'set-deviation-analysis': planChangeBody('set-deviation-analysis', SetDeviationAnalysisDto),
} as const satisfies PlanChangeBodies;

export type PlanChangeBodies = { readonly [K in PlanChangeKind]: Class<PlanChangeBody<K>> };

/** The body DTOs in the order of the domain's kinds (for @ApiExtraModels). */
export const PLAN_CHANGE_BODY_MODELS: Class<unknown>[] = PLAN_CHANGE_KINDS.map((kind) => PLAN_CHANGE_BODIES[kind]);

/** The request body's schema: one of the bodies, told apart by `kind`. */
export const PLAN_CHANGE_BODY_SCHEMA: SchemaObject = {
  oneOf: PLAN_CHANGE_BODY_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: { propertyName: 'kind', mapping: mappingOf(PLAN_CHANGE_BODIES) },
};

function mappingOf(models: Record<string, Class<unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(models).map(([kind, model]) => [kind, getSchemaPath(model)]));
}
