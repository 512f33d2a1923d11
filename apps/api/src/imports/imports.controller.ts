import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiPropertyOptional,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Request, Response } from 'express';
import {
  buildImportTemplate,
  CATEGORY_CODE,
  DomainValidationError,
  MAX_IMPORT_FILE_BYTES,
  NotFoundError,
  ROW_STATUSES,
  SpreadsheetImporter,
  Streams,
  type RowStatus,
} from '@app/tracking';
import type { RequestUser } from '@app/accounts';
import { Allow, CurrentUser } from '../auth/access.decorators';
import { DepartmentCodePipe } from '../http/params';
import { ImportPreviews, type StoredPreview } from './import-previews';
import { PageNumber, PageSize } from '../http/paging';

/** The most preview rows one page holds. */
export const MAX_PREVIEW_PAGE_SIZE = 500;

class TemplateQueryDto {
  @ApiPropertyOptional({ example: 2023, description: 'The year the template is for: its dates are checked to fall in it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

class UploadQueryDto {
  @ApiProperty({ example: 2023, description: 'The year the rows belong to (a row dated in another year is refused)' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({
    example: 'major-event',
    description: 'The category of every row; without it, the template’s own (XLSX), else a 类别 column',
  })
  @IsOptional()
  @Matches(CATEGORY_CODE, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ example: '重要外事活动.xlsx', description: 'The file’s name (its extension tells CSV from XLSX)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  filename?: string;
}

class PreviewPageQueryDto {
  @ApiPropertyOptional({ enum: ROW_STATUSES, description: 'Only rows of this status' })
  @IsOptional()
  @IsIn(ROW_STATUSES)
  status?: RowStatus;

  @PageNumber()
  page?: number;

  @PageSize(100, MAX_PREVIEW_PAGE_SIZE)
  pageSize?: number;
}

const PREVIEW_EXAMPLE = {
  id: '5d7c6b1e-1f0a-4c57-9a53-1b6a3f0e2d11',
  expiresAt: '2026-12-01T09:00:00.000Z',
  department: 'wh-fao',
  year: 2023,
  file: '重要外事活动.csv',
  category: '重要外事活动',
  columns: ['编号', '标题', '日期', '角色', '参与人数'],
  counts: { new: 2, unchanged: 0, changed: 1, rejected: 1 },
  rows: [
    {
      line: 2,
      rowNo: 'ME-1',
      title: '会见大阪府知事',
      date: '2023-05-10',
      category: '重要外事活动',
      status: 'new',
      reasons: [],
      changes: [],
    },
    {
      line: 5,
      rowNo: 'ME-4',
      title: '论坛',
      date: '',
      category: '重要外事活动',
      status: 'rejected',
      reasons: ['「日期」必填'],
      changes: [],
    },
  ],
  total: 4,
  page: 1,
  pageSize: 100,
  confirmedAt: null,
  result: null,
};

/** A preview as answered: its counts and one page of its rows. */
function previewPage(stored: StoredPreview, query: PreviewPageQueryDto = {}) {
  const preview = stored.preview!;
  const rows = query.status ? preview.rows.filter((r) => r.status === query.status) : preview.rows;
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 100;
  return {
    id: stored.id,
    expiresAt: stored.expiresAt,
    department: preview.department,
    year: preview.year,
    file: preview.file,
    category: preview.category,
    columns: preview.columns,
    counts: preview.counts,
    rows: rows.slice((page - 1) * pageSize, page * pageSize),
    total: rows.length,
    page,
    pageSize,
    confirmedAt: stored.confirmedAt,
    result: stored.result,
  };
}

/**
 * Spreadsheet import of activities (issue 16): a template per category to download, an upload
 * that answers a preview (nothing written), and a confirmation that writes one command per row.
 * See libs/tracking/src/import/spreadsheet and docs/architecture.md (Idempotency, Imports).
 */
@ApiTags('imports')
@Controller('api/departments/:department/import')
export class ImportsController {
  constructor(
    private readonly importer: SpreadsheetImporter,
    private readonly previews: ImportPreviews,
    private readonly streams: Streams,
  ) {}

  @Get('templates/:category.xlsx')
  @Allow('any')
  @ApiOperation({ summary: 'The XLSX import template of a category: Chinese headers, lists for choices, a sheet of instructions' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The template (XLSX)' })
  @ApiNotFoundResponse({ description: 'Unknown department or category (CATEGORY.NOT_FOUND)' })
  async template(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('category') category: string,
    @Query() query: TemplateQueryDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const found = await this.streams.requireDepartment(department);
    const spec = CATEGORY_CODE.test(category) ? found.catalog.find((c) => c.code === category) : undefined;
    if (!spec) throw new NotFoundError('CATEGORY.NOT_FOUND', `No category ${category} in ${department}`, { category });
    const file = await buildImportTemplate(spec, { year: query.year ?? null, departmentName: found.name });
    const name = `${spec.label}导入模板${query.year ? `（${query.year}）` : ''}.xlsx`.replace(/[\\/:*?"<>|]+/g, '-');
    response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    response.setHeader('Content-Disposition', `attachment; filename="import-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    response.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(file);
  }

  @Post('previews')
  @Allow('staff')
  @ApiOperation({
    summary: 'Upload a spreadsheet (XLSX, or CSV in UTF-8 or GB18030) → a preview of each row: new, unchanged, changed or rejected',
    description:
      `The body is the file itself (not a form), at most ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB. Nothing is written: the rows are kept ` +
      'for an hour under the preview id, for their uploader to confirm. A file that cannot be read (no header, a missing or unknown column, ' +
      'too many rows) is a 400 naming the problem (field `file`).',
  })
  @ApiConsumes('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ schema: { type: 'object', example: PREVIEW_EXAMPLE } })
  @ApiPayloadTooLargeResponse({ description: 'Over 5 MB' })
  async upload(
    @Param('department', DepartmentCodePipe) department: string,
    @Query() query: UploadQueryDto,
    @Req() request: Request,
    @CurrentUser() user: RequestUser,
  ) {
    const bytes = Buffer.isBuffer(request.body) ? (request.body as Buffer) : Buffer.alloc(0);
    if (bytes.length === 0) throw new DomainValidationError([{ field: 'file', reason: '请选择要上传的文件（.xlsx 或 .csv）' }]);
    const name = query.filename ?? (request.is('text/csv') || request.is('text/plain') ? 'upload.csv' : 'upload.xlsx');
    const sheet = await this.importer.read({ name, bytes }, { department, year: query.year, category: query.category ?? null });
    const preview = await this.importer.preview(sheet);
    const stored = await this.previews.save({ department, year: query.year, createdBy: user.id, sheet, preview });
    return previewPage(stored);
  }

  @Get('previews/:id')
  @Allow('staff')
  @ApiOperation({ summary: 'A preview again: its counts and a page of its rows (by status)' })
  @ApiOkResponse({ schema: { type: 'object', example: PREVIEW_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'Unknown, expired, or another user’s (IMPORT.PREVIEW_NOT_FOUND)' })
  async preview(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id') id: string,
    @Query() query: PreviewPageQueryDto,
    @CurrentUser() user: RequestUser,
  ) {
    return previewPage(await this.previews.require(department, id, user.id, 'preview'), query);
  }

  @Post('previews/:id/confirm')
  @HttpCode(200)
  @Allow('staff')
  @ApiOperation({
    summary: 'Write the previewed rows: one command per row that is not rejected (new → recorded, changed → amended)',
    description:
      'Each row is compared again with the activity it keys as the store has it now; rows already as they are write nothing. ' +
      'The rows are the server’s own reading of the uploaded file. A second confirmation answers with the first result.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      example: {
        id: PREVIEW_EXAMPLE.id,
        confirmedAt: '2026-12-01T08:05:00.000Z',
        recorded: 2,
        amended: 1,
        unchanged: 0,
        rejected: 1,
        failed: [],
      },
    },
  })
  @ApiNotFoundResponse({ description: 'Unknown, expired, or another user’s (IMPORT.PREVIEW_NOT_FOUND)' })
  async confirm(@Param('department', DepartmentCodePipe) department: string, @Param('id') id: string, @CurrentUser() user: RequestUser) {
    const stored = await this.previews.require(department, id, user.id, 'sheet');
    if (stored.confirmedAt && stored.result) return { id, confirmedAt: stored.confirmedAt, ...stored.result };
    const result = await this.importer.apply(stored.sheet!, user.id, `import:preview:${id}`);
    const done = await this.previews.confirmed(id, result);
    return { id, confirmedAt: done.confirmedAt, ...done.result };
  }
}
