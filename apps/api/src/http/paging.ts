import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The highest page number a list accepts (beyond any list this product holds). */
const MAX_PAGE = 100_000;

/** A list's `page` query parameter: optional, an integer from 1, shown in OpenAPI with its default. */
export const PageNumber = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ default: 1, minimum: 1 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE),
  );

/** A list's `pageSize` query parameter: optional, an integer from 1 to `max`. */
export const PageSize = (defaultSize: number, max: number): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ default: defaultSize, minimum: 1, maximum: max }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
