import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { MAX_NOTES, MAX_REASON, MAX_TITLE, ROLES, type Role } from '@app/tracking';
import type { Attributes } from '@app/tracking';
import { PageNumber, PageSize } from '../http/paging';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The longest title search (`q`) of an activity list, in characters. */
export const MAX_SEARCH_TEXT = 100;
/** The most activities one page of a list may hold. */
export const MAX_PAGE_SIZE = 200;

export class RecordActivityDto {
  @ApiProperty({ example: 'major-event', description: 'Category code from the department catalog' })
  @IsString()
  @MaxLength(64)
  category: string;

  @ApiProperty({ example: '举办“湖北武汉香港周”', maxLength: MAX_TITLE })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TITLE)
  title: string;

  @ApiProperty({ example: '2023-02-01', description: 'The day it happened (day 1 when only the month is known)' })
  @IsString()
  @Matches(DATE, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn: string;

  @ApiProperty({ enum: ROLES, example: '主办', description: '主办 host, 承办 undertake, 协办 co-organise, 配合 assist, 联合 jointly' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ example: { participants: 45000 }, description: 'As the category defines' })
  @IsOptional()
  @IsObject()
  attributes?: Attributes;

  @ApiPropertyOptional({ description: 'The project this activity is a part of', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ example: ['investment-events'], description: 'Extra measures this activity also counts toward' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  alsoCountsFor?: string[];

  @ApiPropertyOptional({ example: '活动现场参与总人次逾 45000', maxLength: MAX_NOTES })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTES)
  notes?: string;

  @ApiPropertyOptional({
    example: true,
    description: '补录: recorded after the fact on purpose (no late-entry warning however long after it happened)',
  })
  @IsOptional()
  @IsBoolean({ message: '必须是 true（补录）或 false' })
  backfill?: boolean;
}

export class AmendActivityDto {
  @ApiPropertyOptional({ example: '举办“湖北武汉香港周”系列展演' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TITLE)
  title?: string;

  @ApiPropertyOptional({ example: '2023-03-01' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: 'home-in-wuhan', description: 'Changing the category moves the activity between measures' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  category?: string;

  @ApiPropertyOptional({ example: { participants: 40 } })
  @IsOptional()
  @IsObject()
  attributes?: Attributes;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ example: ['investment-events'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  alsoCountsFor?: string[];

  @ApiPropertyOptional({ example: '补充：新华社等媒体报道' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTES)
  notes?: string;

  @ApiPropertyOptional({ example: true, description: '补录: mark (or unmark) the record as entered after the fact on purpose' })
  @IsOptional()
  @IsBoolean({ message: '必须是 true（补录）或 false' })
  backfill?: boolean;

  @ApiPropertyOptional({
    example: true,
    description:
      'A new occurredOn in another year moves the record out of its year: refused (400 naming occurredOn) unless this is true. ' +
      'The year it left then shows the warning 记录已移出本年度.',
  })
  @IsOptional()
  @IsBoolean({ message: '必须是 true 或 false' })
  moveToYear?: boolean;
}

export class MoveActivityDto {
  @ApiProperty({ example: 'home-in-wuhan' })
  @IsString()
  @MaxLength(64)
  category: string;

  @ApiPropertyOptional({ example: { participants: 40 } })
  @IsOptional()
  @IsObject()
  attributes?: Attributes;

  @ApiPropertyOptional({ example: '应计入“家在武汉”活动' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON)
  reason?: string;
}

export class ReasonDto {
  @ApiProperty({ example: '重复录入，撤回' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REASON)
  reason: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ example: '误撤回，恢复' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REASON)
  reason?: string;
}

export class ActivityQueryDto {
  @ApiPropertyOptional({ example: 2023 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: 'major-event' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  category?: string;

  @ApiPropertyOptional({ example: 9, minimum: 1, maximum: 12 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(12)
  month?: number;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: '曼彻斯特', description: 'Text in the title' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_TEXT)
  q?: string;

  @ApiPropertyOptional({ enum: ['active', 'withdrawn', 'all'], default: 'active' })
  @IsOptional()
  @IsIn(['active', 'withdrawn', 'all'])
  status?: 'active' | 'withdrawn' | 'all';

  @ApiPropertyOptional({
    example: 'icc-annual-summary',
    description: 'A milestone’s code: the activities whose `milestone` attribute names it (its evidence)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  milestone?: string;

  @PageNumber()
  page?: number;

  @PageSize(50, MAX_PAGE_SIZE)
  pageSize?: number;
}
