import type { AuditAction, AuditActor } from '@app/accounts';
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS, type RowStatus } from '@app/tracking';

/** What a spreadsheet import's preview calls each row. */
export const IMPORT_ROW_STATUS_LABELS = {
  new: '新增',
  unchanged: '未变',
  changed: '修改',
  rejected: '有误',
} as const satisfies Record<RowStatus, string>;

/** Each kind of account change in the audit trail. */
export const AUDIT_ACTION_LABELS = {
  'user.created': '创建用户',
  'user.disabled': '停用用户',
  'user.enabled': '启用用户',
  'roles.changed': '调整角色',
  'password.reset': '重置密码',
  'password.changed': '本人修改密码',
} as const satisfies Record<AuditAction, string>;

/** Who made a change when no signed-in user did. */
export const AUDIT_SYSTEM_ACTOR_LABELS = {
  cli: '服务器命令行',
  boot: '系统启动（初始管理员）',
} as const satisfies Record<Extract<AuditActor, { system: string }>['system'], string>;

/** The spreadsheet import's and the account audit's words and limits, for GET /api/meta. */
export function importAndAuditMeta() {
  return {
    importRowStatuses: IMPORT_ROW_STATUS_LABELS,
    auditActions: AUDIT_ACTION_LABELS,
    auditSystemActors: AUDIT_SYSTEM_ACTOR_LABELS,
    /** The largest spreadsheet an import reads (bytes) and the most rows it takes. */
    importLimits: { fileBytes: MAX_IMPORT_FILE_BYTES, rows: MAX_IMPORT_ROWS },
  };
}
