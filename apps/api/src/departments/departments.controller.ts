import { Body, Controller, Get, Param, Patch, Post, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CreateDepartment, DefineCategory, RenameDepartment, BUILT_IN_CATALOGS, ReadModels, TrackingQueries } from '@app/tracking';
import type { AttributeSpec, CommandMeta } from '@app/tracking';
import { Meta } from '../http/command-context';
import { DepartmentCodePipe } from '../http/params';
import { Allow, SignedIn } from '../auth/access.decorators';
import { VisibleDepartments } from '../auth/visible-departments.interceptor';

class CreateDepartmentDto {
  @ApiProperty({ example: 'wh-fao' })
  @Matches(/^[a-z][a-z0-9-]{1,31}$/, { message: 'code must be 2–32 lowercase letters, digits or -' })
  code: string;

  @ApiProperty({ example: '中共武汉市委外事工作委员会办公室' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ enum: Object.keys(BUILT_IN_CATALOGS), default: 'foreign-affairs-office' })
  @IsOptional()
  @IsIn(Object.keys(BUILT_IN_CATALOGS))
  catalog?: string;
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
}

@ApiTags('departments')
@Controller('api/departments')
export class DepartmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
    private readonly queries: TrackingQueries,
  ) {}

  @Post()
  @Allow('admin')
  async create(@Body() body: CreateDepartmentDto, @Meta() meta: CommandMeta) {
    const result = await this.commands.execute(new CreateDepartment(body.code, body.name, body.catalog ?? 'foreign-affairs-office', meta));
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
  get(@Param('department', DepartmentCodePipe) department: string) {
    return this.queries.requireDepartment(department);
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
    const result = await this.commands.execute(
      new DefineCategory(department, { code: category, label: body.label, attributes: body.attributes }, meta),
    );
    return { code: department, version: result.version };
  }
}
