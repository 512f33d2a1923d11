import type { StoredEvent } from '@app/event-store';
import { categoryProblems, MAX_CATEGORY_LABEL, type CategorySpec } from './catalog';
import { DomainValidationError, StateConflictError, type FieldError } from './errors';
import { DEFAULT_SANGONG_RECORDER, SANGONG_RECORDERS, type SangongRecorder } from './sangong/recorder';

/** 部门/单位: the tenant. Its code is also its stream key. */
export interface Department {
  code: string;
  name: string;
  /**
   * The categories it logs: those of the catalog version it adopted (with its own labels), those it
   * defined itself, and retired ones (`retired: true`: nothing new recorded in them; old ones count).
   */
  catalog: CategorySpec[];
  /** The named catalog and version it adopted (null: only categories of its own). */
  adopted?: AdoptedCatalog | null;
  /** Its own labels of catalog categories (relabelled), kept when a new catalog version is applied. */
  labels?: Record<string, string>;
  /** Set once the department's settings were changed; read through settingsOf (defaults otherwise). */
  settings?: Partial<DepartmentSettings>;
  version: number;
}

/** What a department decides for itself. */
export interface DepartmentSettings {
  /** An activity recorded more than this many days after it happened is a 补录 candidate (late-entry warning). */
  lateEntryDays: number;
  /** IANA time zone of the department: its "today" and every date label the server writes. */
  timeZone: string;
  /** 机构层级: 市直, 区直…; report titles are built from it (市直部门项目自评表). */
  officeLevel: string;
  /** Who records 三公 records: finance staff only (财务人员, the finance role) or staff as well. */
  sangongRecorder: SangongRecorder;
}

/** Which catalog a department adopted: name and version, and the codes that version holds. */
export interface AdoptedCatalog {
  name: string;
  label: string;
  version: number;
  codes: string[];
}

/** A catalog version as an event carries it: the categories as adopted. */
export interface CatalogVersion {
  name: string;
  label: string;
  version: number;
  categories: CategorySpec[];
}

export const DEFAULT_DEPARTMENT_SETTINGS: DepartmentSettings = {
  lateEntryDays: 30,
  timeZone: 'Asia/Shanghai',
  officeLevel: '市直',
  sangongRecorder: DEFAULT_SANGONG_RECORDER,
};
export const MAX_OFFICE_LEVEL = 10;
export const MAX_LATE_ENTRY_DAYS = 3660;

/** The department's settings, the defaults filling what it never set. */
export function settingsOf(department: Pick<Department, 'settings'> | null | undefined): DepartmentSettings {
  return { ...DEFAULT_DEPARTMENT_SETTINGS, ...(department?.settings ?? {}) };
}

/** Whether Intl knows this IANA time zone (Asia/Shanghai, UTC…). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const DepartmentEvents = {
  /** v2: names the catalog version adopted (a v1 event is upcast: see department-upcasters.ts). */
  created: 'department.created.v2',
  renamed: 'department.renamed.v1',
  categoryDefined: 'department.category-defined.v1',
  settingsChanged: 'department.settings-changed.v1',
  catalogApplied: 'department.catalog-applied.v1',
  categoryRelabelled: 'department.category-relabelled.v1',
  categoryRetired: 'department.category-retired.v1',
} as const;

/** The settings a change names (the others keep their value). */
export type DepartmentSettingsChange = Partial<DepartmentSettings>;

export const DEPARTMENT_CODE = /^[a-z][a-z0-9-]{1,31}$/;

export const departmentStreamId = (code: string): string => `department-${code}`;

function validName(name: unknown): name is string {
  return typeof name === 'string' && name.trim().length > 0 && name.length <= 200;
}

/** The catalog as an event carries it (a copy: later changes of the caller's object change nothing). */
const versionOf = (catalog: CatalogVersion): CatalogVersion => ({
  name: catalog.name,
  label: catalog.label,
  version: catalog.version,
  categories: structuredClone(catalog.categories),
});

/**
 * decide: create a department adopting a catalog version (its categories are copied into the
 * event: a later edit of the catalog file changes nothing here), or with no catalog (null: it
 * defines its own categories).
 */
export function createDepartment(existing: Department | null, code: string, name: string, catalog: CatalogVersion | null) {
  if (existing) throw new StateConflictError('DEPARTMENT.ALREADY_EXISTS', `Department ${code} already exists`);
  const errors = [];
  if (!DEPARTMENT_CODE.test(code)) errors.push({ field: 'code', reason: 'must be 2–32 lowercase letters, digits or -' });
  if (!validName(name)) errors.push({ field: 'name', reason: 'must be non-empty text of at most 200 characters' });
  if (errors.length > 0) throw new DomainValidationError(errors);
  return [{ type: DepartmentEvents.created, data: { code, name: name.trim(), catalog: catalog && versionOf(catalog) } }];
}

/**
 * decide: apply another catalog version (a newer one of the adopted catalog, or another catalog).
 * Its categories replace the adopted ones, keeping the department's own labels and retirements;
 * a category of the old version the new one no longer has is retired, never removed (what was
 * recorded in it still counts); categories the department defined itself stay.
 */
export function applyCatalogVersion(department: Department, catalog: CatalogVersion) {
  const adopted = department.adopted ?? null;
  if (adopted && adopted.name === catalog.name && adopted.version === catalog.version) {
    throw new DomainValidationError([{ field: 'version', reason: `已采用“${catalog.label}”第 ${catalog.version} 版，无需再次应用` }]);
  }
  if (adopted && adopted.name === catalog.name && catalog.version < adopted.version) {
    throw new DomainValidationError([
      { field: 'version', reason: `已采用“${catalog.label}”第 ${adopted.version} 版，不能改回更早的第 ${catalog.version} 版` },
    ]);
  }
  const codes = new Set(catalog.categories.map((c) => c.code));
  const retired = (adopted?.codes ?? []).filter((code) => !codes.has(code) && !department.catalog.find((c) => c.code === code)?.retired);
  const previous = adopted && { name: adopted.name, label: adopted.label, version: adopted.version };
  return [{ type: DepartmentEvents.catalogApplied, data: { code: department.code, catalog: versionOf(catalog), previous, retired } }];
}

function requireCategory(department: Department, code: string): CategorySpec {
  const found = department.catalog.find((c) => c.code === code);
  if (!found) throw new DomainValidationError([{ field: 'category', reason: '本部门没有这个类别' }]);
  return found;
}

/** decide: the department's own label of a category (kept when a new catalog version is applied). */
export function relabelCategory(department: Department, category: string, label: string) {
  const current = requireCategory(department, category);
  if (typeof label !== 'string' || label.trim() === '' || label.length > MAX_CATEGORY_LABEL) {
    throw new DomainValidationError([{ field: 'label', reason: `必填：类别名称，非空，至多 ${MAX_CATEGORY_LABEL} 个字符` }]);
  }
  if (label.trim() === current.label) throw new DomainValidationError([{ field: 'label', reason: '名称没有变化' }]);
  return [
    { type: DepartmentEvents.categoryRelabelled, data: { code: department.code, category, label: label.trim(), previous: current.label } },
  ];
}

/** decide: retire a category: nothing new is recorded in or moved into it; what was recorded still counts. */
export function retireCategory(department: Department, category: string, reason: string) {
  const current = requireCategory(department, category);
  if (current.retired) throw new DomainValidationError([{ field: 'category', reason: `类别（${current.label}）已停用` }]);
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 1000) {
    throw new DomainValidationError([{ field: 'reason', reason: '必填：停用原因，至多 1000 个字符' }]);
  }
  return [{ type: DepartmentEvents.categoryRetired, data: { code: department.code, category, reason: reason.trim() } }];
}

export function renameDepartment(department: Department, name: string) {
  if (!validName(name)) throw new DomainValidationError([{ field: 'name', reason: 'must be non-empty text of at most 200 characters' }]);
  if (name.trim() === department.name) throw new DomainValidationError([{ field: 'name', reason: 'nothing would change' }]);
  return [{ type: DepartmentEvents.renamed, data: { code: department.code, name: name.trim(), previousName: department.name } }];
}

/** decide: add a category to the department's catalog, or replace the one with its code. */
export function defineCategory(department: Department, category: CategorySpec) {
  const errors = categoryProblems(category);
  if (errors.length > 0) throw new DomainValidationError(errors);
  const previous = department.catalog.find((c) => c.code === category.code) ?? null;
  return [{ type: DepartmentEvents.categoryDefined, data: { code: department.code, category, previous } }];
}

/** decide: change some of the department's settings; what changes nothing is left out, nothing at all is refused. */
export function changeDepartmentSettings(department: Department, change: DepartmentSettingsChange) {
  const errors: FieldError[] = [];
  if (change === null || typeof change !== 'object' || Array.isArray(change)) {
    throw new DomainValidationError([{ field: 'settings', reason: '必须是设置对象（lateEntryDays、timeZone）' }]);
  }
  for (const key of Object.keys(change)) {
    if (!(key in DEFAULT_DEPARTMENT_SETTINGS))
      errors.push({
        field: key,
        reason:
          '未知设置；可设置 lateEntryDays（补录期限天数）、timeZone（时区）、officeLevel（机构层级）、sangongRecorder（“三公”登记人）',
      });
  }
  const { lateEntryDays, timeZone, officeLevel, sangongRecorder } = change;
  if (lateEntryDays !== undefined && (!Number.isSafeInteger(lateEntryDays) || lateEntryDays < 1 || lateEntryDays > MAX_LATE_ENTRY_DAYS)) {
    errors.push({ field: 'lateEntryDays', reason: `必须是 1–${MAX_LATE_ENTRY_DAYS} 之间的整数（天）` });
  }
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    errors.push({ field: 'timeZone', reason: '不是有效的时区名称，例如 Asia/Shanghai' });
  }
  if (
    officeLevel !== undefined &&
    (typeof officeLevel !== 'string' || officeLevel.trim() === '' || officeLevel.length > MAX_OFFICE_LEVEL)
  ) {
    errors.push({ field: 'officeLevel', reason: `必须是 1–${MAX_OFFICE_LEVEL} 个字的机构层级，例如 市直、区直` });
  }
  if (sangongRecorder !== undefined && !SANGONG_RECORDERS.includes(sangongRecorder)) {
    errors.push({ field: 'sangongRecorder', reason: '必须是 finance（仅财务人员登记“三公”）或 staff（经办人员也可登记）' });
  }
  if (errors.length > 0) throw new DomainValidationError(errors);
  const current = settingsOf(department);
  const settings: DepartmentSettingsChange = {};
  const previous: DepartmentSettingsChange = {};
  if (lateEntryDays !== undefined && lateEntryDays !== current.lateEntryDays) {
    settings.lateEntryDays = lateEntryDays;
    previous.lateEntryDays = current.lateEntryDays;
  }
  if (timeZone !== undefined && timeZone !== current.timeZone) {
    settings.timeZone = timeZone;
    previous.timeZone = current.timeZone;
  }
  if (officeLevel !== undefined && officeLevel.trim() !== current.officeLevel) {
    settings.officeLevel = officeLevel.trim();
    previous.officeLevel = current.officeLevel;
  }
  if (sangongRecorder !== undefined && sangongRecorder !== current.sangongRecorder) {
    settings.sangongRecorder = sangongRecorder;
    previous.sangongRecorder = current.sangongRecorder;
  }
  if (Object.keys(settings).length === 0) throw new DomainValidationError([{ field: 'settings', reason: '没有需要修改的设置' }]);
  return [{ type: DepartmentEvents.settingsChanged, data: { code: department.code, settings, previous } }];
}

export function evolveDepartment(state: Department | null, event: StoredEvent): Department | null {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case DepartmentEvents.created: {
      const catalog = d.catalog as CatalogVersion | null;
      return {
        code: d.code as string,
        name: d.name as string,
        catalog: catalog ? catalog.categories : [],
        adopted: catalog && adoptedOf(catalog),
        version: event.streamVersion,
      };
    }
    case DepartmentEvents.renamed:
      return state && { ...state, name: d.name as string, version: event.streamVersion };
    case DepartmentEvents.categoryDefined: {
      if (!state) return state;
      const category = d.category as CategorySpec;
      // A definition replaces the category (and the department's own label of it); a retired one stays retired.
      const catalog = state.catalog.some((c) => c.code === category.code)
        ? state.catalog.map((c) => (c.code === category.code ? { ...category, ...(c.retired ? { retired: true } : {}) } : c))
        : [...state.catalog, category];
      const { [category.code]: _, ...labels } = state.labels ?? {};
      return { ...state, catalog, ...(state.labels ? { labels } : {}), version: event.streamVersion };
    }
    case DepartmentEvents.catalogApplied: {
      if (!state) return state;
      const applied = d.catalog as CatalogVersion;
      const retired = new Set(d.retired as string[]);
      const before = new Map(state.catalog.map((c) => [c.code, c]));
      const labels = state.labels ?? {};
      const fromCatalog = applied.categories.map((c) => ({
        ...c,
        ...(labels[c.code] ? { label: labels[c.code] } : {}),
        ...(before.get(c.code)?.retired ? { retired: true } : {}),
      }));
      const codes = new Set(applied.categories.map((c) => c.code));
      const kept = state.catalog.filter((c) => !codes.has(c.code)).map((c) => (retired.has(c.code) ? { ...c, retired: true } : c));
      return { ...state, catalog: [...fromCatalog, ...kept], adopted: adoptedOf(applied), version: event.streamVersion };
    }
    case DepartmentEvents.categoryRelabelled: {
      if (!state) return state;
      const category = d.category as string;
      const label = d.label as string;
      return {
        ...state,
        catalog: state.catalog.map((c) => (c.code === category ? { ...c, label } : c)),
        labels: { ...state.labels, [category]: label },
        version: event.streamVersion,
      };
    }
    case DepartmentEvents.categoryRetired: {
      if (!state) return state;
      const category = d.category as string;
      return {
        ...state,
        catalog: state.catalog.map((c) => (c.code === category ? { ...c, retired: true } : c)),
        version: event.streamVersion,
      };
    }
    case DepartmentEvents.settingsChanged: {
      if (!state) return state;
      return { ...state, settings: { ...state.settings, ...(d.settings as DepartmentSettingsChange) }, version: event.streamVersion };
    }
    default:
      return state;
  }
}

function adoptedOf(catalog: CatalogVersion): AdoptedCatalog {
  return { name: catalog.name, label: catalog.label, version: catalog.version, codes: catalog.categories.map((c) => c.code) };
}
