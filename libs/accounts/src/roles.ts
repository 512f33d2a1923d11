import { DEPARTMENT_CODE } from '@app/tracking';

/**
 * What a user may do in a department:
 * - staff (经办人员): record and correct activities;
 * - leader (领导): read everything of the department (progress, activities, plans, reports);
 * - reporter (财务/报表人员): change the plan (targets, budgets, measurements) and build reports;
 * - auditor (审计): read, including the full history of activities and targets;
 * - finance (财务人员): record and correct 三公 records (trips abroad, receptions, vehicles), and
 *   alone does so where the department's setting `sangongRecorder` is 'finance';
 * - admin: global only (department '*'): departments, categories, users, and everything else.
 */
export const ROLES = ['staff', 'leader', 'reporter', 'auditor', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The department of a role held in every department (and the only one of admin). */
export const ALL_DEPARTMENTS = '*';

export interface RoleGrant {
  department: string;
  role: Role;
}

/** What the guard puts on `request.user`: read from the database, not from the token. */
export interface RequestUser {
  id: string;
  username: string;
  roles: RoleGrant[];
}

/**
 * The access rule of a route:
 * - `public`: no token at all;
 * - `signed-in`: any valid token of an enabled user;
 * - `admin`: the global admin only;
 * - `department`: one of `roles` (or any role when `roles` is 'any') in the route's
 *   `:department` or in '*'. The admin passes every rule.
 */
export type AccessRule =
  { kind: 'public' } | { kind: 'signed-in' } | { kind: 'admin' } | { kind: 'department'; roles: readonly Exclude<Role, 'admin'>[] | 'any' };

export const isAdmin = (user: RequestUser): boolean => user.roles.some((r) => r.role === 'admin' && r.department === ALL_DEPARTMENTS);

/** Whether the user may use a route with this rule on this department. Pure: the guard decides with it. */
export function allows(user: RequestUser, rule: AccessRule, department: string | undefined): boolean {
  if (rule.kind === 'public' || rule.kind === 'signed-in') return true;
  if (isAdmin(user)) return true;
  if (rule.kind === 'admin' || department === undefined) return false;
  return user.roles.some(
    (r) =>
      (r.department === department || r.department === ALL_DEPARTMENTS) &&
      (rule.roles === 'any' || (rule.roles as readonly string[]).includes(r.role)),
  );
}

/** Whether the user holds any role in this department (lists show only those departments). */
export const seesDepartment = (user: RequestUser, department: string): boolean =>
  isAdmin(user) || user.roles.some((r) => r.department === department || r.department === ALL_DEPARTMENTS);

/** Why a grant is invalid, or null: admin only at '*'; a department code or '*'. */
export function grantProblem(grant: { department?: unknown; role?: unknown }): string | null {
  if (!ROLES.includes(grant.role as Role)) return `role must be one of ${ROLES.join(', ')}`;
  if (grant.department !== ALL_DEPARTMENTS && (typeof grant.department !== 'string' || !DEPARTMENT_CODE.test(grant.department))) {
    return `department must be a department code or '${ALL_DEPARTMENTS}'`;
  }
  if (grant.role === 'admin' && grant.department !== ALL_DEPARTMENTS)
    return `the admin role is global: its department must be '${ALL_DEPARTMENTS}'`;
  return null;
}

/** Parses `staff:wh-fao`, `admin` or `admin:*` (the CLI's --role). */
export function parseGrant(text: string): RoleGrant {
  const [role, department = role === 'admin' ? ALL_DEPARTMENTS : undefined] = text.split(':', 2);
  const grant = { role: role as Role, department: department as string };
  const problem = department === undefined ? `a role needs its department, e.g. ${role}:wh-fao` : grantProblem(grant);
  if (problem) throw new Error(`--role ${text}: ${problem}`);
  return grant;
}

/** The same grants once each, in a stable order (department, then role order). */
export function normalizeGrants(grants: RoleGrant[]): RoleGrant[] {
  const seen = new Map(grants.map((g) => [`${g.department}\u0000${g.role}`, g]));
  return [...seen.values()].sort((a, b) => a.department.localeCompare(b.department) || ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
}
