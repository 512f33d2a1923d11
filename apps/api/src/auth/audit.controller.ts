import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import { AUDIT_PAGE_SIZE, MAX_AUDIT_PAGE_SIZE, readAudit } from '@app/accounts';
import { DepartmentCodePipe } from '../http/params';
import { Allow } from './access.decorators';
import { PageNumber, PageSize } from '../http/paging';

export class AuditQueryDto {
  @PageNumber()
  page?: number;

  @PageSize(AUDIT_PAGE_SIZE, MAX_AUDIT_PAGE_SIZE)
  pageSize?: number;
}

const ENTRY_EXAMPLE = {
  items: [
    {
      id: 12,
      at: '2026-12-01T08:00:00.000Z',
      actor: { id: '7a0c…', username: 'admin', displayName: '系统管理员' },
      action: 'roles.changed',
      target: { id: '91be…', username: 'zhang.wei', displayName: '张伟' },
      departments: ['wh-fao'],
      details: { granted: [{ department: 'wh-fao', role: 'staff' }], revoked: [] },
    },
  ],
  total: 1,
  page: 1,
  pageSize: AUDIT_PAGE_SIZE,
};

/**
 * The account audit trail (account-audit.ts): who created, disabled or enabled a user, changed
 * its roles or its password, and when; never a password or hash. Admins read all of it, an
 * auditor of a department what concerns that department (and roles held in every department).
 */
@ApiTags('users')
@Controller('api')
export class AuditController {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  @Get('admin/audit')
  @Allow('admin')
  @ApiOperation({ summary: 'Every account and role change, newest first (actor, time, target, what changed)' })
  @ApiOkResponse({ schema: { type: 'object', example: ENTRY_EXAMPLE } })
  all(@Query() query: AuditQueryDto) {
    return readAudit(this.pool, { page: query.page, pageSize: query.pageSize });
  }

  @Get('departments/:department/audit')
  @Allow('auditor')
  @ApiOperation({ summary: 'The account and role changes that concern the department, newest first (auditors of the department, admins)' })
  @ApiOkResponse({ schema: { type: 'object', example: ENTRY_EXAMPLE } })
  department(@Param('department', DepartmentCodePipe) department: string, @Query() query: AuditQueryDto) {
    return readAudit(this.pool, { department, page: query.page, pageSize: query.pageSize });
  }
}
