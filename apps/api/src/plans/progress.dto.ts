import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { MILESTONE_EVIDENCE_SHOWN, WARNING_EXAMPLES, WARNING_KINDS, type WarningKind } from '@app/tracking';
import { IsQueryDate, IsQueryInstant } from '../http/dates';
import { PageNumber, PageSize } from '../http/paging';

/** The most warnings one page of `GET …/warnings` may hold. */
export const MAX_WARNINGS_PAGE_SIZE = 500;

export class ProgressQueryDto {
  @ApiPropertyOptional({ example: '2023-06-30', description: 'Only what had happened by this date' })
  @IsOptional()
  @IsQueryDate()
  asOf?: string;

  @ApiPropertyOptional({ example: '2023-07-15T00:00:00+08:00', description: 'Only what the system knew at this time' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsQueryInstant()
  knownAt?: string;
}

export class WarningsQueryDto extends ProgressQueryDto {
  @ApiPropertyOptional({ enum: WARNING_KINDS, example: 'likely-duplicate', description: 'Only warnings of this kind' })
  @IsOptional()
  @IsIn(WARNING_KINDS)
  kind?: WarningKind;

  @PageNumber()
  page?: number;

  @PageSize(100, MAX_WARNINGS_PAGE_SIZE)
  pageSize?: number;
}

// The answers, for the OpenAPI document only (the progress view is sent as the query's JSON text).

export class DataQualityWarningDto {
  @ApiProperty({ enum: WARNING_KINDS })
  kind: WarningKind;

  @ApiProperty({ example: '“与曼彻斯特市举办友城交流会”与“曼城友城交流会”可能重复录入' })
  message: string;

  @ApiProperty({ type: [String], description: 'The activities it concerns' })
  activityIds: string[];

  @ApiProperty({ type: String, nullable: true, description: 'The measure it concerns' })
  measure: string | null;

  @ApiPropertyOptional({ type: [String], description: 'The 三公 records it concerns (三公 warnings only)' })
  recordIds?: string[];
}

export class WarningsPageDto {
  @ApiProperty({
    type: [DataQualityWarningDto],
    description: 'Progress warnings first, then 三公 ones; within a kind in the order the progress view’s examples follow',
  })
  items: DataQualityWarningDto[];

  @ApiProperty({ description: 'Warnings matching the filter, every page' })
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

class WarningsOfKindDto {
  @ApiProperty({ enum: WARNING_KINDS })
  kind: WarningKind;

  @ApiProperty({ description: 'Warnings of the kind' })
  count: number;

  @ApiProperty({
    type: [DataQualityWarningDto],
    description: `The first ${WARNING_EXAMPLES} of the kind; the rest: GET …/warnings?kind=<kind>`,
  })
  examples: DataQualityWarningDto[];
}

class WarningSummaryDto {
  @ApiProperty({ description: 'Every warning of the view (三公 ones are in the 三公 view)' })
  total: number;

  @ApiProperty({ type: [WarningsOfKindDto], description: 'One entry per kind present, in the order of the full list' })
  byKind: WarningsOfKindDto[];
}

class MilestoneProgressDto {
  @ApiProperty({ description: 'The key-work item (重点工作 number)' })
  keyWorkItem: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  done: boolean;

  @ApiProperty({ type: String, nullable: true, example: '2023-02-20' })
  doneOn: string | null;

  @ApiProperty({ type: [String], description: `Titles of the first ${MILESTONE_EVIDENCE_SHOWN} activities reaching it, oldest first` })
  evidence: string[];

  @ApiProperty({ description: 'Activities reaching it' })
  evidenceCount: number;
}

class TargetProgressDto {
  @ApiProperty()
  targetId: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { kind: 'key-work', item: 1 } })
  plan: object;

  @ApiProperty({ example: '重点工作 1' })
  planLabel: string;

  @ApiProperty({ enum: ['>=', '<='] })
  direction: string;

  @ApiProperty({ description: 'The value in force on the reference date' })
  target: number;

  @ApiProperty()
  original: number;

  @ApiProperty()
  revised: boolean;

  @ApiProperty({ type: String, nullable: true })
  inForceFrom: string | null;

  @ApiProperty({ description: 'The value as last decided' })
  latest: number;

  @ApiProperty()
  unit: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  labels: object | null;

  @ApiProperty({ type: Number, nullable: true })
  points: number | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '沿用上年, not yet confirmed' })
  carriedOver: object | null;

  @ApiProperty({ type: Boolean, nullable: true })
  met: boolean | null;

  @ApiProperty({ type: Number, nullable: true })
  ratio: number | null;

  @ApiProperty({ type: Number, nullable: true })
  expectedByNow: number | null;

  @ApiProperty()
  lagging: boolean;
}

class MeasureProgressDto {
  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  unit: string;

  @ApiProperty({ enum: ['count', 'count-distinct-parents', 'sum', 'measured'] })
  kind: string;

  @ApiProperty({ enum: ['count', 'rate', 'amount'] })
  valueType: string;

  @ApiProperty({ type: Number, nullable: true })
  actual: number | null;

  @ApiProperty({ description: 'Activities behind the figure (the drill-down lists them)' })
  activityCount: number;

  @ApiProperty({ type: [TargetProgressDto] })
  targets: TargetProgressDto[];
}

export class ProgressViewDto {
  @ApiProperty()
  department: string;

  @ApiProperty()
  departmentName: string;

  @ApiProperty()
  year: number;

  @ApiProperty({ type: String, nullable: true })
  asOf: string | null;

  @ApiProperty({ type: String, nullable: true })
  knownAt: string | null;

  @ApiProperty()
  referenceDate: string;

  @ApiProperty()
  yearElapsed: number;

  @ApiProperty()
  yearOver: boolean;

  @ApiProperty({ example: '截至 2023-06-30' })
  paceLabel: string;

  @ApiProperty({ type: [MeasureProgressDto] })
  measures: MeasureProgressDto[];

  @ApiProperty({ type: [MilestoneProgressDto] })
  milestones: MilestoneProgressDto[];

  @ApiProperty({ type: WarningSummaryDto, description: 'Counted by kind, a few examples each: its size does not grow with the department' })
  warnings: WarningSummaryDto;
}
