import { Body, Controller, Get, Param, Patch, Post, Put, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import type { Response } from 'express';
import { ALL_DEPARTMENTS, AccountStore } from '@app/accounts';
import {
  ApplyCatalogVersion,
  CATALOG_NAME,
  ChangeDepartmentSettings,
  CreateDepartment,
  DefineCategory,
  MAX_CATALOG_VERSION,
  RelabelCategory,
  RenameDepartment,
  RetireCategory,
  SANGONG_CATEGORY_LINES,
  ReadModels,
  settingsOf,
  Streams,
  TrackingQueries,
} from '@app/tracking';
import type { AttributeSpec, CommandMeta, SangongCategoryLine } from '@app/tracking';
import { etag, IfMatch, Meta } from '../http/command-context';
import { DepartmentCodePipe, YearPipe } from '../http/params';
import { Allow, SignedIn } from '../auth/access.decorators';
import { VisibleDepartments } from '../auth/visible-departments.interceptor';
import { USER_ROLE_LABELS } from '../meta/meta';
import { AggregatesDto, AggregatesQueryDto, DepartmentSettingsDto, DepartmentSettingsViewDto, PersonDto } from './department-views.dto';

class CreateDepartmentDto {
  @ApiProperty({ example: 'wh-fao' })
  @Matches(/^[a-z][a-z0-9-]{1,31}$/, { message: 'code must be 2–32 lowercase letters, digits or -' })
  code: string;

  @ApiProperty({ example: '中共武汉市委外事工作委员会办公室' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    example: 'foreign-affairs-office',
    default: 'foreign-affairs-office',
    nullable: true,
    description:
      'The named catalog (GET /api/catalogs) whose newest version the department adopts; null: no catalog, only categories of its own',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(CATALOG_NAME, { message: 'catalog must be a catalog name (GET /api/catalogs)' })
  catalog?: string | null;
}

class ApplyCatalogDto {
  @ApiPropertyOptional({ example: 'foreign-affairs-office', description: 'Default: the catalog the department adopted' })
  @IsOptional()
  @Matches(CATALOG_NAME, { message: 'catalog must be a catalog name (GET /api/catalogs)' })
  catalog?: string;

  @ApiPropertyOptional({ example: 2, description: 'Default: the newest version of the catalog' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CATALOG_VERSION)
  version?: number;
}

class RelabelCategoryDto {
  @ApiProperty({ example: '重大外事活动', description: 'The department’s own name of the category' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label: string;
}

class RetireCategoryDto {
  @ApiProperty({ example: '职能划转，不再开展此类活动', maxLength: 1000 })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

class RenameDepartmentDto {
  @ApiProperty({ example: '武汉市人民政府外事办公室' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

class CategoryDto {
  @ApiProperty({ example: '友好城市交流活动' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label: string;

  @ApiProperty({ example: [{ name: 'participants', label: '参与人数', type: 'integer' }] })
  @IsArray()
  attributes: AttributeSpec[];

  @ApiPropertyOptional({ description: 'Its activities are the evidence of key-work milestones (a text attribute `milestone` names one)' })
  @IsOptional()
  @IsBoolean()
  milestone?: boolean;

  @ApiPropertyOptional({ description: 'Its activities may be parts of a project (parentId), counted once' })
  @IsOptional()
  @IsBoolean()
  projectParts?: boolean;

  @ApiPropertyOptional({ enum: SANGONG_CATEGORY_LINES, description: 'The 三公 line its activities’ cost is shown beside' })
  @IsOptional()
  @IsIn(SANGONG_CATEGORY_LINES)
  sangong?: SangongCategoryLine;
}

@ApiTags('departments')
@Controller('api/departments')
export class DepartmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
    private readonly queries: TrackingQueries,
    private readonly accounts: AccountStore,
    private readonly streams: Streams,
  ) {}

  @Post()
  @Allow('admin')
  async create(@Body() body: CreateDepartmentDto, @Meta() meta: CommandMeta) {
    const catalog = body.catalog === undefined ? 'foreign-affairs-office' : body.catalog;
    const result = await this.commands.execute(new CreateDepartment(body.code, body.name, catalog, meta));
    return { code: body.code, version: result.version };
  }

  @Get()
  @SignedIn()
  @UseInterceptors(VisibleDepartments)
  @ApiOperation({ summary: 'The departments the user holds a role in (the admin: all)' })
  list() {
    return this.readModels.departments();
  }

  @Get(':department')
  @Allow('any')
  @ApiOperation({ summary: 'The department: name, catalog, and its settings (defaults filled in); its ETag is its version' })
  async get(@Param('department', DepartmentCodePipe) department: string, @Res({ passthrough: true }) response: Response) {
    const found = await this.queries.requireDepartment(department);
    response.setHeader('ETag', etag(found.version));
    return { ...found, settings: settingsOf(found) };
  }

  @Put(':department/settings')
  @Allow('admin')
  @ApiOperation({
    summary:
      'Change the department’s settings: 补录期限 lateEntryDays (default 30), time zone timeZone (default Asia/Shanghai), 机构层级 officeLevel (default 市直)',
    description:
      'Only the settings given change. An unknown time zone, a day count outside 1–3660 or nothing to change: 400 naming the field.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the department version read; a stale one gets 409' })
  @ApiOkResponse({ type: DepartmentSettingsViewDto, description: 'The settings now in force' })
  async changeSettings(
    @Param('department', DepartmentCodePipe) department: string,
    @Body() body: DepartmentSettingsDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.execute(new ChangeDepartmentSettings(department, { ...body }, meta, expected));
    response.setHeader('ETag', etag(result.version));
    // From the stream, not the read model the worker has yet to update.
    return { ...settingsOf(await this.streams.requireDepartment(department)), version: result.version };
  }

  @Get(':department/people')
  @Allow('any')
  @ApiOperation({
    summary: 'The people of the department (every role of it may read): display names and roles, to name who acted in histories',
  })
  @ApiOkResponse({ type: [PersonDto] })
  async people(@Param('department', DepartmentCodePipe) department: string): Promise<PersonDto[]> {
    await this.queries.requireDepartment(department);
    return (await this.accounts.members(department)).map((account) => {
      const roles = account.roles.filter((r) => r.department === department || r.department === ALL_DEPARTMENTS).map((r) => r.role);
      return {
        id: account.id,
        displayName: account.displayName,
        roles,
        roleLabels: roles.map((r) => USER_ROLE_LABELS[r]),
        disabled: account.disabled,
      };
    });
  }

  @Get(':department/years/:year/aggregates')
  @Allow('any')
  @ApiOperation({
    summary: 'The dashboard’s figures of the year: activities by month and category, by category, and numeric attributes summed',
    description:
      'From the activity-aggregates projection: the rows of the year up to `asOf` are added up (categories × days, however many ' +
      'activities). `knownAt` replays what had been recorded by then. A project made of parts counts once, in the month of its first part.',
  })
  @ApiOkResponse({ type: AggregatesDto })
  @ApiResponse({ status: 400, description: 'asOf or knownAt is not a date / time (errors name the field)' })
  aggregates(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Query() query: AggregatesQueryDto,
  ) {
    return this.queries.aggregates(department, year, { asOf: query.asOf, knownAt: query.knownAt });
  }

  @Get(':department/years/:year/plan/history')
  @Allow('any')
  @ApiOperation({ summary: 'Every change of the year’s plan: who (actorName), when, what' })
  planHistory(@Param('department', DepartmentCodePipe) department: string, @Param('year', YearPipe) year: number) {
    return this.queries.planHistory(department, year);
  }

  @Get(':department/years')
  @Allow('any')
  years(@Param('department', DepartmentCodePipe) department: string) {
    return this.readModels.years(department);
  }

  @Patch(':department')
  @Allow('admin')
  async rename(@Param('department', DepartmentCodePipe) department: string, @Body() body: RenameDepartmentDto, @Meta() meta: CommandMeta) {
    const result = await this.commands.execute(new RenameDepartment(department, body.name, meta));
    return { code: department, version: result.version };
  }

  @Put(':department/categories/:category')
  @Allow('admin')
  async defineCategory(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('category', DepartmentCodePipe) category: string,
    @Body() body: CategoryDto,
    @Meta() meta: CommandMeta,
  ) {
    const { label, attributes, milestone, projectParts, sangong } = body;
    const properties = { ...(milestone ? { milestone } : {}), ...(projectParts ? { projectParts } : {}), ...(sangong ? { sangong } : {}) };
    const result = await this.commands.execute(new DefineCategory(department, { code: category, label, attributes, ...properties }, meta));
    return { code: department, version: result.version };
  }

  @Post(':department/catalog/apply')
  @Allow('admin')
  @ApiOperation({
    summary: 'Apply a catalog version to this department (other departments keep theirs)',
    description:
      'The department adopts the version’s categories, keeping its own labels and retirements; a category the version no longer has is retired (no new records; old ones still count). Editing a catalog file changes no department until this is called.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the department version read; a stale one gets 409' })
  @ApiResponse({ status: 201, description: '{ code, version, catalog: { name, label, version } }' })
  @ApiResponse({ status: 400, description: 'Unknown catalog or version, the version already adopted, or an older one' })
  async applyCatalog(
    @Param('department', DepartmentCodePipe) department: string,
    @Body() body: ApplyCatalogDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.execute(new ApplyCatalogVersion(department, body.catalog, body.version, meta, expected));
    response.setHeader('ETag', etag(result.version));
    // From the stream, not the read model the worker has yet to update.
    const adopted = (await this.streams.requireDepartment(department)).adopted;
    return {
      code: department,
      version: result.version,
      catalog: adopted ? { name: adopted.name, label: adopted.label, version: adopted.version } : null,
    };
  }

  @Put(':department/categories/:category/label')
  @Allow('admin')
  @ApiOperation({ summary: 'The department’s own name of a category (kept when a new catalog version is applied)' })
  async relabelCategory(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('category', DepartmentCodePipe) category: string,
    @Body() body: RelabelCategoryDto,
    @Meta() meta: CommandMeta,
  ) {
    const result = await this.commands.execute(new RelabelCategory(department, category, body.label, meta));
    return { code: department, version: result.version };
  }

  @Post(':department/categories/:category/retire')
  @Allow('admin')
  @ApiOperation({ summary: 'Retire a category: recording or moving into it is refused (400); what was recorded still counts' })
  async retireCategory(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('category', DepartmentCodePipe) category: string,
    @Body() body: RetireCategoryDto,
    @Meta() meta: CommandMeta,
  ) {
    const result = await this.commands.execute(new RetireCategory(department, category, body.reason, meta));
    return { code: department, version: result.version };
  }
}
