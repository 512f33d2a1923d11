import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_LATE_ENTRY_DAYS, MAX_OFFICE_LEVEL, SANGONG_RECORDERS, type SangongRecorder } from '@app/tracking';
import { IsQueryDate, IsQueryInstant } from '../http/dates';

export class AggregatesQueryDto {
  @ApiPropertyOptional({ example: '2023-06-30', description: 'Only activities that had happened by this day (inclusive)' })
  @IsOptional()
  @IsQueryDate()
  asOf?: string;

  @ApiPropertyOptional({ example: '2023-07-15T00:00:00+08:00', description: 'Only what had been recorded by this time (replayed)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsQueryInstant()
  knownAt?: string;
}

export class AggregateMonthDto {
  @ApiProperty({ example: 3, minimum: 1, maximum: 12 })
  month: number;

  @ApiProperty({ example: 'exchange-project', description: 'Category code (its label is in byCategory)' })
  category: string;

  @ApiProperty({ example: 4, description: 'Live activities of the category that happened in the month' })
  count: number;

  @ApiProperty({
    example: 2,
    description: 'Projects (an activity without a parent, or the project its parts name) whose first activity of the year is in the month',
  })
  projects: number;
}

export class AggregateCategoryDto {
  @ApiProperty({ example: 'exchange-project' })
  category: string;

  @ApiProperty({ example: '对外重点交流项目', description: "The category's name in the department's catalog" })
  label: string;

  @ApiProperty({ example: 46 })
  count: number;

  @ApiProperty({ example: 18, description: 'Distinct projects (a project made of parts counts once)' })
  projects: number;

  @ApiProperty({
    example: { participants: 1200 },
    description: 'Numeric attributes (integer, amount) summed; zero sums left out',
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  sums: Record<string, number>;
}

/** GET …/years/:year/aggregates */
export class AggregatesDto {
  @ApiProperty({ example: 'wh-fao' })
  department: string;

  @ApiProperty({ example: 2023 })
  year: number;

  @ApiProperty({ example: '2023-06-30', nullable: true, type: String })
  asOf: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  knownAt: string | null;

  @ApiProperty({ type: [AggregateMonthDto], description: 'One entry per month and category with activities, months in order' })
  byMonth: AggregateMonthDto[];

  @ApiProperty({ type: [AggregateCategoryDto], description: "Categories with activities, in the catalog's order" })
  byCategory: AggregateCategoryDto[];

  @ApiProperty({
    example: { cost: 23.88, participants: 52000, persons: 390 },
    description: 'Each numeric attribute summed over every category (万元 for amounts)',
    type: 'object',
    additionalProperties: { type: 'number' },
  })
  sums: Record<string, number>;

  @ApiProperty({
    example: { cost: '费用（万元）', participants: '参与人数', persons: '人次' },
    description: 'What each key of sums is called',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  sumLabels: Record<string, string>;
}

/** GET /api/departments/:department/people */
export class PersonDto {
  @ApiProperty({ format: 'uuid', description: 'The account id events name as their actor' })
  id: string;

  @ApiProperty({ example: '李明' })
  displayName: string;

  @ApiProperty({ example: ['staff'], description: 'Roles held in this department (admin: held everywhere)' })
  roles: string[];

  @ApiProperty({ example: ['经办人员'], description: 'The same roles as people read them' })
  roleLabels: string[];

  @ApiProperty({ example: false, description: 'A disabled account (still named in histories)' })
  disabled: boolean;
}

/** PUT /api/departments/:department/settings */
export class DepartmentSettingsDto {
  @ApiPropertyOptional({
    example: 30,
    minimum: 1,
    maximum: MAX_LATE_ENTRY_DAYS,
    description: '补录期限: an activity recorded more days than this after it happened is warned of (unless marked 补录)',
  })
  @IsOptional()
  @IsInt({ message: '必须是整数（天）' })
  @Min(1, { message: `必须是 1–${MAX_LATE_ENTRY_DAYS} 之间的整数（天）` })
  @Max(MAX_LATE_ENTRY_DAYS, { message: `必须是 1–${MAX_LATE_ENTRY_DAYS} 之间的整数（天）` })
  lateEntryDays?: number;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', description: "IANA time zone of the department's days (today, date labels)" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({
    example: '市直',
    maxLength: MAX_OFFICE_LEVEL,
    description: '机构层级 (市直, 区直…): report titles are built from it (市直部门项目自评表)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_OFFICE_LEVEL)
  officeLevel?: string;

  @ApiPropertyOptional({
    enum: SANGONG_RECORDERS,
    example: 'finance',
    description: '“三公”登记人: finance 仅财务人员（finance 角色）登记“三公”记录；staff 经办人员也可登记（默认）',
  })
  @IsOptional()
  @IsIn(SANGONG_RECORDERS, { message: '必须是 finance 或 staff' })
  sangongRecorder?: SangongRecorder;
}

export class DepartmentSettingsViewDto {
  @ApiProperty({ example: 30 })
  lateEntryDays: number;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone: string;

  @ApiProperty({ example: '市直' })
  officeLevel: string;

  @ApiProperty({ enum: SANGONG_RECORDERS, example: 'staff' })
  sangongRecorder: SangongRecorder;
}
