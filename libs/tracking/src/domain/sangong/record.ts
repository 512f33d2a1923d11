import type { StoredEvent } from '@app/event-store';
import { sameValue } from '../canonical';
import { isCalendarDate, yearOf } from '../dates';
import { DomainValidationError, NotFoundError, StateConflictError, type FieldError } from '../errors';
import { SANGONG_KINDS, type SangongKind } from '../plan';

/**
 * 三公经费 records: one per trip abroad (团组), per reception batch, per vehicle register change,
 * per vehicle cost posting, and summary records where only a period's totals are known. The 三公
 * table is their sum; the plan holds only the budgets. Each record is a stream of its own
 * (`sangong-<id>`), corrected like an activity: amended, withdrawn and restored with a reason.
 *
 * Amounts are integers of 分 (0.01 元) here and in the events: 万元 figures are sums of them,
 * never of floats.
 */

/** The kinds of record, each with its own fields. */
export const SANGONG_RECORD_KINDS = ['trip', 'reception', 'vehicle', 'vehicle-cost', 'summary'] as const;
export type SangongRecordKind = (typeof SANGONG_RECORD_KINDS)[number];

/** 因公出国（境）费 by item (the seed's definition: 国际旅费, 住宿费, 伙食费, 公杂费 …). */
export const TRIP_COST_ITEMS = ['internationalTravel', 'accommodation', 'meals', 'incidentals', 'other'] as const;
export type TripCostItem = (typeof TRIP_COST_ITEMS)[number];
/** 公务接待费 by item. */
export const RECEPTION_COST_ITEMS = ['meals', 'accommodation', 'transport', 'other'] as const;
export type ReceptionCostItem = (typeof RECEPTION_COST_ITEMS)[number];
/** 公务用车购置费 (含车辆购置税、牌照费). */
export const VEHICLE_PURCHASE_ITEMS = ['purchase'] as const;
/** 公务用车运行维护费: 燃料费, 维修费, 保险费, 过路过桥费, 其他. */
export const VEHICLE_RUNNING_ITEMS = ['fuel', 'repair', 'insurance', 'tolls', 'other'] as const;
export type VehicleCostItem = (typeof VEHICLE_PURCHASE_ITEMS)[number] | (typeof VEHICLE_RUNNING_ITEMS)[number];
export const VEHICLE_COST_LINES = ['vehiclePurchase', 'vehicleRunning'] as const satisfies readonly SangongKind[];
export type VehicleCostLine = (typeof VEHICLE_COST_LINES)[number];
/** 机要通信用车, 应急保障用车, 离退休干部用车, 其他. */
export const VEHICLE_KINDS = ['confidential', 'emergency', 'retired-cadres', 'other'] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];
export const VEHICLE_CHANGES = ['acquired', 'disposed'] as const;
export type VehicleChange = (typeof VEHICLE_CHANGES)[number];

/** Amounts in 分 by item. */
export type Costs<K extends string> = Record<K, number>;

export interface Destination {
  country: string;
  city: string | null;
}
export interface Member {
  name: string;
  post: string | null;
}

/** 因公出国（境）团组. */
export interface TripFields {
  kind: 'trip';
  /** The year whose 三公 table it counts in (预算年度). */
  year: number;
  title: string;
  purpose: string;
  departureOn: string;
  returnOn: string;
  destinations: Destination[];
  /** 团组人数 (person-trips it adds). */
  persons: number;
  /** Optional names and posts of the members. */
  members: Member[];
  /** 批件号 of the approval; null when missing (a warning). */
  approvalRef: string | null;
  /** The budget project that paid it. */
  fundingProject: string | null;
  costs: Costs<TripCostItem>;
  /** Activities the trip served (of this department). */
  servedActivityIds: string[];
  notes: string | null;
}

/** 公务接待 batch. */
export interface ReceptionFields {
  kind: 'reception';
  year: number;
  receivedOn: string;
  /** 来访单位（团组）. */
  visitingParty: string;
  /** 外事接待 (foreign guests) or domestic. */
  foreign: boolean;
  /** 接待人数. */
  persons: number;
  /** 陪同人数. */
  accompanying: number;
  costs: Costs<ReceptionCostItem>;
  /** 接待清单 reference. */
  listRef: string | null;
  notes: string | null;
}

/** A vehicle acquired or disposed of (公务用车保有量 moves by one). */
export interface VehicleFields {
  kind: 'vehicle';
  change: VehicleChange;
  vehicleKind: VehicleKind;
  /** 车牌号 or a name. */
  plate: string;
  occurredOn: string;
  notes: string | null;
}

/** A posting of vehicle costs: purchase, or running (fuel, repair, insurance, tolls, other). */
export interface VehicleCostFields {
  kind: 'vehicle-cost';
  year: number;
  line: VehicleCostLine;
  postedOn: string;
  plate: string | null;
  costs: Partial<Costs<VehicleCostItem>>;
  notes: string | null;
}

/**
 * 汇总录入: a line's totals over a period, where only totals are known (the 2023 seed). Counts
 * from its period's end date. Never split into invented individual records.
 */
export interface SummaryFields {
  kind: 'summary';
  line: SangongKind;
  periodStart: string;
  periodEnd: string;
  cost: number;
  /** Trips: groups and person-trips; receptions: batches and persons. */
  groups: number | null;
  persons: number | null;
  /** Receptions: the foreign-affairs subset. */
  foreignGroups: number | null;
  foreignPersons: number | null;
  /** Vehicle lines: vehicles held at the period's end. */
  vehiclesHeld: number | null;
  notes: string | null;
}

export type SangongRecordFields = TripFields | ReceptionFields | VehicleFields | VehicleCostFields | SummaryFields;
export type SangongFieldsOf<K extends SangongRecordKind> = Extract<SangongRecordFields, { kind: K }>;
/** What an amendment may change: any field of its kind but the kind. */
export type SangongChanges = { [K in SangongRecordKind]: Partial<Omit<SangongFieldsOf<K>, 'kind'>> }[SangongRecordKind];

/**
 * What a record adds to the figures: its line, the year and day it counts on, its cost and
 * counts; a register entry moves the fleet; a summary may give the fleet at its period's end.
 * Carried by corrections (`was`, and `now` of an amendment) so read models move it without
 * reading the record.
 */
export interface SangongFootprint {
  active: boolean;
  /** null for a vehicle register entry (no cost). */
  line: SangongKind | null;
  year: number;
  day: string;
  costFen: number;
  groups: number;
  persons: number;
  foreignGroups: number;
  foreignPersons: number;
  /** +1 acquired, −1 disposed, 0 otherwise. */
  fleet: number;
  /** A summary's vehicles held at its period's end; null otherwise. */
  held: number | null;
  summary: boolean;
}

export const SangongEvents = {
  recorded: 'sangong.recorded.v1',
  amended: 'sangong.amended.v1',
  withdrawn: 'sangong.withdrawn.v1',
  restored: 'sangong.restored.v1',
} as const;

export interface SangongRecorded {
  recordId: string;
  department: string;
  fields: SangongRecordFields;
}
export interface SangongAmended {
  recordId: string;
  department: string;
  kind: SangongRecordKind;
  changes: Record<string, unknown>;
  previous: Record<string, unknown>;
  was: SangongFootprint;
  now: SangongFootprint;
}
export interface SangongWithdrawn {
  recordId: string;
  department: string;
  reason: string;
  was: SangongFootprint;
}
export interface SangongRestored {
  recordId: string;
  department: string;
  reason: string | null;
  was: SangongFootprint;
}

/** The stream of a 三公 record: each event type with its data. */
export type SangongEvent =
  | { type: typeof SangongEvents.recorded; data: SangongRecorded }
  | { type: typeof SangongEvents.amended; data: SangongAmended }
  | { type: typeof SangongEvents.withdrawn; data: SangongWithdrawn }
  | { type: typeof SangongEvents.restored; data: SangongRestored };

const SANGONG_EVENT_TYPES: ReadonlySet<string> = new Set<SangongEvent['type']>(Object.values(SangongEvents));

export function isSangongEvent(event: Pick<StoredEvent, 'type'>): event is StoredEvent & SangongEvent {
  return SANGONG_EVENT_TYPES.has(event.type);
}

/** A record as it stands: its fields, status and provenance. */
export type SangongRecord = SangongRecordFields & {
  id: string;
  department: string;
  status: 'active' | 'withdrawn';
  withdrawnReason: string | null;
  /** Sum of the cost items (分). */
  totalFen: number;
  footprint: SangongFootprint;
  version: number;
  recordedAt: string;
  recordedBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
};

export const sangongStreamId = (recordId: string): string => `sangong-${recordId}`;
export const sangongIdOf = (streamId: string): string => streamId.slice('sangong-'.length);

// ---------------------------------------------------------------------------------------------
// Amounts

/** 分 per 万元. */
export const FEN_PER_WAN = 1_000_000;
const MAX_FEN = 1e13;

/** 万元 (up to six decimals: 分) as 分; null when it is not such an amount. */
export function fenOfWan(wan: unknown): number | null {
  if (typeof wan !== 'number' || !Number.isFinite(wan) || wan < 0) return null;
  const fen = Math.round(wan * FEN_PER_WAN);
  if (Math.abs(wan * FEN_PER_WAN - fen) > 1e-3 * Math.max(1, wan) || fen > MAX_FEN) return null;
  return fen;
}

/** 分 as 万元 (exact to the 分). */
export const wanOfFen = (fen: number): number => fen / FEN_PER_WAN;

/** 分 as 万元 rounded to two decimals, as the tables print it. */
export const wan2 = (fen: number): number => Math.round(fen / 10_000) / 100;

export const sumCosts = (costs: Partial<Record<string, number>>): number => Object.values(costs).reduce<number>((s, v) => s + (v ?? 0), 0);

export const costItemsOf = (fields: Pick<SangongRecordFields, 'kind'> & { line?: string }): readonly string[] => {
  switch (fields.kind) {
    case 'trip':
      return TRIP_COST_ITEMS;
    case 'reception':
      return RECEPTION_COST_ITEMS;
    case 'vehicle-cost':
      return fields.line === 'vehiclePurchase' ? VEHICLE_PURCHASE_ITEMS : VEHICLE_RUNNING_ITEMS;
    default:
      return [];
  }
};

/** The record's total (分). */
export function totalOf(fields: SangongRecordFields): number {
  switch (fields.kind) {
    case 'trip':
    case 'reception':
    case 'vehicle-cost':
      return sumCosts(fields.costs);
    case 'summary':
      return fields.cost;
    case 'vehicle':
      return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

export const MAX_SANGONG_TEXT = 300;
export const MAX_SANGONG_LONG_TEXT = 5000;
export const MAX_SANGONG_LIST = 200;
export const MAX_SERVED_ACTIVITIES = 50;
export const MAX_PERSONS = 100_000;

const isText = (v: unknown, max = MAX_SANGONG_TEXT): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
const isOptionalText = (v: unknown, max = MAX_SANGONG_TEXT) => v === null || v === undefined || isText(v, max);
const isCount = (v: unknown, min = 0): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= MAX_PERSONS;
const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_FEN;
const isYear = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 2000 && v <= 2100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE_REASON = '必须是存在的日期 YYYY-MM-DD';

function checkCosts(errors: FieldError[], costs: unknown, items: readonly string[], required: boolean): void {
  if (costs === null || typeof costs !== 'object' || Array.isArray(costs)) {
    errors.push({ field: 'costs', reason: `必须按费用项目填写金额（${items.join('、')}）` });
    return;
  }
  for (const [item, value] of Object.entries(costs)) {
    if (!items.includes(item)) errors.push({ field: `costs.${item}`, reason: `未知费用项目；可填写 ${items.join('、')}` });
    else if (!isFen(value)) errors.push({ field: `costs.${item}`, reason: '必须是不小于 0 的金额（万元，精确到分）' });
  }
  if (required && sumCosts(costs as Record<string, number>) <= 0 && errors.every((e) => !e.field.startsWith('costs'))) {
    errors.push({ field: 'costs', reason: '至少填写一项大于 0 的费用' });
  }
}

function checkYear(errors: FieldError[], year: unknown): void {
  if (!isYear(year)) errors.push({ field: 'year', reason: '必须是 2000–2100 之间的年度' });
}

/** Every problem of a record's fields, each naming its field (reasons in Chinese). */
export function sangongFieldProblems(fields: SangongRecordFields): FieldError[] {
  const errors: FieldError[] = [];
  const f = fields as unknown as Record<string, unknown>;
  if (!isOptionalText(f.notes, MAX_SANGONG_LONG_TEXT)) errors.push({ field: 'notes', reason: `最多 ${MAX_SANGONG_LONG_TEXT} 字` });
  switch (fields.kind) {
    case 'trip': {
      checkYear(errors, fields.year);
      if (!isText(fields.title)) errors.push({ field: 'title', reason: `必填，最多 ${MAX_SANGONG_TEXT} 字` });
      if (!isText(fields.purpose, MAX_SANGONG_LONG_TEXT)) errors.push({ field: 'purpose', reason: '必填（出访任务）' });
      if (!isCalendarDate(fields.departureOn)) errors.push({ field: 'departureOn', reason: DATE_REASON });
      if (!isCalendarDate(fields.returnOn)) errors.push({ field: 'returnOn', reason: DATE_REASON });
      else if (isCalendarDate(fields.departureOn) && fields.returnOn < fields.departureOn)
        errors.push({ field: 'returnOn', reason: '回国日期不能早于出发日期' });
      if (!Array.isArray(fields.destinations) || fields.destinations.length === 0 || fields.destinations.length > MAX_SANGONG_LIST) {
        errors.push({ field: 'destinations', reason: '至少填写一个出访国家（地区）' });
      } else {
        fields.destinations.forEach((d, i) => {
          if (!isText(d?.country, 100)) errors.push({ field: `destinations.${i}.country`, reason: '必填，最多 100 字' });
          if (!isOptionalText(d?.city, 100)) errors.push({ field: `destinations.${i}.city`, reason: '最多 100 字' });
        });
      }
      if (!isCount(fields.persons, 1)) errors.push({ field: 'persons', reason: '必须是不小于 1 的整数（团组人数）' });
      if (!Array.isArray(fields.members) || fields.members.length > MAX_SANGONG_LIST) {
        errors.push({ field: 'members', reason: `最多 ${MAX_SANGONG_LIST} 人` });
      } else {
        fields.members.forEach((m, i) => {
          if (!isText(m?.name, 100)) errors.push({ field: `members.${i}.name`, reason: '必填，最多 100 字' });
          if (!isOptionalText(m?.post, 100)) errors.push({ field: `members.${i}.post`, reason: '最多 100 字' });
        });
        if (isCount(fields.persons) && fields.members.length > fields.persons)
          errors.push({ field: 'members', reason: '填写的人员多于团组人数' });
      }
      if (!isOptionalText(fields.approvalRef, 100)) errors.push({ field: 'approvalRef', reason: '最多 100 字' });
      if (!isOptionalText(fields.fundingProject, 200)) errors.push({ field: 'fundingProject', reason: '最多 200 字' });
      checkCosts(errors, fields.costs, TRIP_COST_ITEMS, false);
      if (
        !Array.isArray(fields.servedActivityIds) ||
        fields.servedActivityIds.length > MAX_SERVED_ACTIVITIES ||
        !fields.servedActivityIds.every((id) => typeof id === 'string' && UUID.test(id))
      ) {
        errors.push({ field: 'servedActivityIds', reason: `最多 ${MAX_SERVED_ACTIVITIES} 个活动编号` });
      }
      break;
    }
    case 'reception': {
      checkYear(errors, fields.year);
      if (!isCalendarDate(fields.receivedOn)) errors.push({ field: 'receivedOn', reason: DATE_REASON });
      if (!isText(fields.visitingParty)) errors.push({ field: 'visitingParty', reason: `必填，最多 ${MAX_SANGONG_TEXT} 字` });
      if (typeof fields.foreign !== 'boolean') errors.push({ field: 'foreign', reason: '必须注明是否外事接待（true / false）' });
      if (!isCount(fields.persons, 1)) errors.push({ field: 'persons', reason: '必须是不小于 1 的整数（接待人数）' });
      if (!isCount(fields.accompanying)) errors.push({ field: 'accompanying', reason: '必须是不小于 0 的整数（陪同人数）' });
      checkCosts(errors, fields.costs, RECEPTION_COST_ITEMS, false);
      if (!isOptionalText(fields.listRef, 100)) errors.push({ field: 'listRef', reason: '最多 100 字' });
      break;
    }
    case 'vehicle': {
      if (!VEHICLE_CHANGES.includes(fields.change)) errors.push({ field: 'change', reason: '必须是 acquired（新增）或 disposed（处置）' });
      if (!VEHICLE_KINDS.includes(fields.vehicleKind))
        errors.push({ field: 'vehicleKind', reason: `必须是 ${VEHICLE_KINDS.join('、')} 之一` });
      if (!isText(fields.plate, 50)) errors.push({ field: 'plate', reason: '必填（车牌号或名称），最多 50 字' });
      if (!isCalendarDate(fields.occurredOn)) errors.push({ field: 'occurredOn', reason: DATE_REASON });
      break;
    }
    case 'vehicle-cost': {
      checkYear(errors, fields.year);
      if (!VEHICLE_COST_LINES.includes(fields.line)) {
        errors.push({ field: 'line', reason: '必须是 vehiclePurchase（购置）或 vehicleRunning（运行维护）' });
      } else {
        checkCosts(errors, fields.costs, costItemsOf(fields), true);
      }
      if (!isCalendarDate(fields.postedOn)) errors.push({ field: 'postedOn', reason: DATE_REASON });
      if (!isOptionalText(fields.plate, 50)) errors.push({ field: 'plate', reason: '最多 50 字' });
      break;
    }
    case 'summary': {
      if (!SANGONG_KINDS.includes(fields.line)) errors.push({ field: 'line', reason: `必须是 ${SANGONG_KINDS.join('、')} 之一` });
      if (!isCalendarDate(fields.periodStart)) errors.push({ field: 'periodStart', reason: DATE_REASON });
      if (!isCalendarDate(fields.periodEnd)) errors.push({ field: 'periodEnd', reason: DATE_REASON });
      else if (isCalendarDate(fields.periodStart)) {
        if (fields.periodEnd < fields.periodStart) errors.push({ field: 'periodEnd', reason: '期末不能早于期初' });
        else if (yearOf(fields.periodStart) !== yearOf(fields.periodEnd))
          errors.push({ field: 'periodEnd', reason: '汇总期间须在同一年度内' });
      }
      if (!isFen(fields.cost)) errors.push({ field: 'cost', reason: '必须是不小于 0 的金额（万元，精确到分）' });
      const allowed: Record<SangongKind, readonly (keyof SummaryFields)[]> = {
        tripsAbroad: ['groups', 'persons'],
        receptions: ['groups', 'persons', 'foreignGroups', 'foreignPersons'],
        vehiclePurchase: ['vehiclesHeld'],
        vehicleRunning: ['vehiclesHeld'],
      };
      for (const key of ['groups', 'persons', 'foreignGroups', 'foreignPersons', 'vehiclesHeld'] as const) {
        const value = fields[key];
        if (value === null || value === undefined) continue;
        if (!isCount(value)) errors.push({ field: key, reason: '必须是不小于 0 的整数' });
        else if (SANGONG_KINDS.includes(fields.line) && !allowed[fields.line].includes(key))
          errors.push({ field: key, reason: `${fields.line} 的汇总不填此项` });
      }
      if (isCount(fields.foreignGroups) && isCount(fields.groups) && fields.foreignGroups > fields.groups)
        errors.push({ field: 'foreignGroups', reason: '外事接待批次不能多于接待批次' });
      if (isCount(fields.foreignPersons) && isCount(fields.persons) && fields.foreignPersons > fields.persons)
        errors.push({ field: 'foreignPersons', reason: '外事接待人数不能多于接待人数' });
      break;
    }
    default:
      errors.push({ field: 'kind', reason: `必须是 ${SANGONG_RECORD_KINDS.join('、')} 之一` });
  }
  return errors;
}

const trimOrNull = (v: string | null | undefined): string | null => (typeof v === 'string' && v.trim().length > 0 ? v.trim() : null);

/** The fields as stored: text trimmed, optional parts filled, every cost item present. */
export function normaliseSangongFields(fields: SangongRecordFields): SangongRecordFields {
  const fullCosts = (costs: Partial<Record<string, number>>, items: readonly string[]) =>
    Object.fromEntries(items.map((item) => [item, costs[item] ?? 0]));
  switch (fields.kind) {
    case 'trip':
      return {
        kind: 'trip',
        year: fields.year,
        title: fields.title.trim(),
        purpose: fields.purpose.trim(),
        departureOn: fields.departureOn,
        returnOn: fields.returnOn,
        destinations: fields.destinations.map((d) => ({ country: d.country.trim(), city: trimOrNull(d.city) })),
        persons: fields.persons,
        members: (fields.members ?? []).map((m) => ({ name: m.name.trim(), post: trimOrNull(m.post) })),
        approvalRef: trimOrNull(fields.approvalRef),
        fundingProject: trimOrNull(fields.fundingProject),
        costs: fullCosts(fields.costs, TRIP_COST_ITEMS) as Costs<TripCostItem>,
        servedActivityIds: [...new Set(fields.servedActivityIds ?? [])],
        notes: trimOrNull(fields.notes),
      };
    case 'reception':
      return {
        kind: 'reception',
        year: fields.year,
        receivedOn: fields.receivedOn,
        visitingParty: fields.visitingParty.trim(),
        foreign: fields.foreign,
        persons: fields.persons,
        accompanying: fields.accompanying,
        costs: fullCosts(fields.costs, RECEPTION_COST_ITEMS) as Costs<ReceptionCostItem>,
        listRef: trimOrNull(fields.listRef),
        notes: trimOrNull(fields.notes),
      };
    case 'vehicle':
      return {
        kind: 'vehicle',
        change: fields.change,
        vehicleKind: fields.vehicleKind,
        plate: fields.plate.trim(),
        occurredOn: fields.occurredOn,
        notes: trimOrNull(fields.notes),
      };
    case 'vehicle-cost':
      return {
        kind: 'vehicle-cost',
        year: fields.year,
        line: fields.line,
        postedOn: fields.postedOn,
        plate: trimOrNull(fields.plate),
        costs: fullCosts(fields.costs, costItemsOf(fields)) as Costs<VehicleCostItem>,
        notes: trimOrNull(fields.notes),
      };
    case 'summary':
      return {
        kind: 'summary',
        line: fields.line,
        periodStart: fields.periodStart,
        periodEnd: fields.periodEnd,
        cost: fields.cost,
        groups: fields.groups ?? null,
        persons: fields.persons ?? null,
        foreignGroups: fields.foreignGroups ?? null,
        foreignPersons: fields.foreignPersons ?? null,
        vehiclesHeld: fields.vehiclesHeld ?? null,
        notes: trimOrNull(fields.notes),
      };
  }
}

/** The fields completed with what an input may leave out (members, served activities, notes…). */
export function completeSangongFields(fields: SangongRecordFields): SangongRecordFields {
  const f = Object.assign({ notes: null }, fields) as unknown as Record<string, unknown>;
  if (fields.kind === 'trip') Object.assign(f, { members: fields.members ?? [], servedActivityIds: fields.servedActivityIds ?? [] });
  if (fields.kind === 'trip' || fields.kind === 'reception' || fields.kind === 'vehicle-cost') f.costs = fields.costs ?? {};
  if (fields.kind === 'trip') {
    f.approvalRef ??= null;
    f.fundingProject ??= null;
  }
  if (fields.kind === 'reception') {
    f.listRef ??= null;
    f.accompanying ??= 0;
  }
  if (fields.kind === 'vehicle-cost') f.plate ??= null;
  return f as unknown as SangongRecordFields;
}

// ---------------------------------------------------------------------------------------------
// Footprint: what a record adds to the figures

/** The day a record counts on, within its year (a date outside the year counts on its first or last day). */
function dayIn(year: number, date: string): string {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  return date < first ? first : date > last ? last : date;
}

/** The record's date as users know it (departure, reception, posting, period end, change). */
export function dateOf(fields: SangongRecordFields): string {
  switch (fields.kind) {
    case 'trip':
      return fields.departureOn;
    case 'reception':
      return fields.receivedOn;
    case 'vehicle':
      return fields.occurredOn;
    case 'vehicle-cost':
      return fields.postedOn;
    case 'summary':
      return fields.periodEnd;
  }
}

export function footprintOf(fields: SangongRecordFields, active = true): SangongFootprint {
  const none = { groups: 0, persons: 0, foreignGroups: 0, foreignPersons: 0, fleet: 0, held: null, summary: false };
  switch (fields.kind) {
    case 'trip':
      return {
        ...none,
        active,
        line: 'tripsAbroad',
        year: fields.year,
        day: dayIn(fields.year, fields.departureOn),
        costFen: totalOf(fields),
        groups: 1,
        persons: fields.persons,
      };
    case 'reception':
      return {
        ...none,
        active,
        line: 'receptions',
        year: fields.year,
        day: dayIn(fields.year, fields.receivedOn),
        costFen: totalOf(fields),
        groups: 1,
        persons: fields.persons,
        foreignGroups: fields.foreign ? 1 : 0,
        foreignPersons: fields.foreign ? fields.persons : 0,
      };
    case 'vehicle':
      return {
        ...none,
        active,
        line: null,
        year: yearOf(fields.occurredOn),
        day: fields.occurredOn,
        costFen: 0,
        fleet: fields.change === 'acquired' ? 1 : -1,
      };
    case 'vehicle-cost':
      return { ...none, active, line: fields.line, year: fields.year, day: dayIn(fields.year, fields.postedOn), costFen: totalOf(fields) };
    case 'summary':
      return {
        active,
        line: fields.line,
        year: yearOf(fields.periodEnd),
        day: fields.periodEnd,
        costFen: fields.cost,
        groups: fields.groups ?? 0,
        persons: fields.persons ?? 0,
        foreignGroups: fields.foreignGroups ?? 0,
        foreignPersons: fields.foreignPersons ?? 0,
        fleet: 0,
        held: fields.vehiclesHeld ?? null,
        summary: true,
      };
  }
}

// ---------------------------------------------------------------------------------------------
// decide

/** What recording decides on besides the input: which served activities exist in the department. */
export interface SangongContext {
  /** Ids among the trip's servedActivityIds that are activities of this department. */
  knownActivityIds: ReadonlySet<string>;
}

function checkServed(errors: FieldError[], fields: SangongRecordFields, context: SangongContext): void {
  if (fields.kind !== 'trip' || !Array.isArray(fields.servedActivityIds)) return;
  fields.servedActivityIds.forEach((id, i) => {
    if (typeof id === 'string' && UUID.test(id) && !context.knownActivityIds.has(id))
      errors.push({ field: `servedActivityIds.${i}`, reason: '本部门没有这项活动' });
  });
}

/** decide: record a new 三公 record. */
export function recordSangong(
  existing: SangongRecord | null,
  input: { recordId: string; department: string; fields: SangongRecordFields },
  context: SangongContext,
): SangongEvent[] {
  if (existing) throw new StateConflictError('SANGONG.ALREADY_EXISTS', `Record ${input.recordId} already exists`);
  if (input.fields === null || typeof input.fields !== 'object')
    throw new DomainValidationError([{ field: 'kind', reason: '必须指明记录类别' }]);
  const fields = completeSangongFields(input.fields);
  const errors = sangongFieldProblems(fields);
  checkServed(errors, fields, context);
  if (errors.length > 0) throw new DomainValidationError(errors);
  return [
    {
      type: SangongEvents.recorded,
      data: { recordId: input.recordId, department: input.department, fields: normaliseSangongFields(fields) },
    },
  ];
}

/** The record's own fields (without status and provenance). */
export function fieldsOf(record: SangongRecord): SangongRecordFields {
  const fields: Record<string, unknown> = {};
  const own = Object.keys(normaliseKeys[record.kind]);
  for (const key of own) fields[key] = (record as unknown as Record<string, unknown>)[key];
  return fields as unknown as SangongRecordFields;
}

/** The keys of each kind's fields (their order in a stored record). */
const normaliseKeys: { [K in SangongRecordKind]: Record<keyof SangongFieldsOf<K>, true> } = {
  trip: {
    kind: true,
    year: true,
    title: true,
    purpose: true,
    departureOn: true,
    returnOn: true,
    destinations: true,
    persons: true,
    members: true,
    approvalRef: true,
    fundingProject: true,
    costs: true,
    servedActivityIds: true,
    notes: true,
  },
  reception: {
    kind: true,
    year: true,
    receivedOn: true,
    visitingParty: true,
    foreign: true,
    persons: true,
    accompanying: true,
    costs: true,
    listRef: true,
    notes: true,
  },
  vehicle: { kind: true, change: true, vehicleKind: true, plate: true, occurredOn: true, notes: true },
  'vehicle-cost': { kind: true, year: true, line: true, postedOn: true, plate: true, costs: true, notes: true },
  summary: {
    kind: true,
    line: true,
    periodStart: true,
    periodEnd: true,
    cost: true,
    groups: true,
    persons: true,
    foreignGroups: true,
    foreignPersons: true,
    vehiclesHeld: true,
    notes: true,
  },
};

/** The fields an amendment of a record of this kind may name. */
export const amendableFields = (kind: SangongRecordKind): string[] => Object.keys(normaliseKeys[kind]).filter((k) => k !== 'kind');

/**
 * decide: amend some fields of a record of `kind` (another kind's record is not found: 404).
 * Unchanged values are dropped; an amendment that changes nothing is refused.
 */
export function amendSangong(
  record: SangongRecord,
  kind: SangongRecordKind,
  changes: SangongChanges,
  context: SangongContext,
): SangongEvent[] {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes))
    throw new DomainValidationError([{ field: 'changes', reason: '必须是要修改的字段' }]);
  if (record.kind !== kind) throw new NotFoundError('SANGONG.NOT_FOUND', `No ${kind} record ${record.id}`, { recordId: record.id });
  const allowed = amendableFields(record.kind);
  const errors: FieldError[] = [];
  for (const key of Object.keys(changes)) {
    if (!allowed.includes(key)) errors.push({ field: key, reason: key === 'kind' ? '记录类别不能修改' : '不是此类记录的字段' });
  }
  if (errors.length > 0) throw new DomainValidationError(errors);
  const before = fieldsOf(record);
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const merged = { ...before, ...defined } as SangongRecordFields;
  // Cost items named by the amendment replace those items only.
  if (defined.costs && typeof defined.costs === 'object' && 'costs' in before) {
    (merged as { costs: object }).costs = { ...(before.costs as object), ...(defined.costs as object) };
  }
  problemsOrThrow(merged, context, defined);
  const after = normaliseSangongFields(merged);
  const changed: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  for (const key of allowed) {
    const a = (after as unknown as Record<string, unknown>)[key];
    const b = (before as unknown as Record<string, unknown>)[key];
    if (!sameValue(a, b)) {
      changed[key] = a;
      previous[key] = b;
    }
  }
  if (Object.keys(changed).length === 0) throw new DomainValidationError([{ field: 'changes', reason: '没有需要修改的内容' }]);
  const active = record.status === 'active';
  return [
    {
      type: SangongEvents.amended,
      data: {
        recordId: record.id,
        department: record.department,
        kind: record.kind,
        changes: changed,
        previous,
        was: record.footprint,
        now: footprintOf(after, active),
      },
    },
  ];
}

function problemsOrThrow(fields: SangongRecordFields, context: SangongContext, named: Record<string, unknown>): void {
  const errors = sangongFieldProblems(fields);
  // Served activities already on the record stay valid; only those the amendment names are checked.
  if ('servedActivityIds' in named) checkServed(errors, fields, context);
  if (errors.length > 0) throw new DomainValidationError(errors);
}

export function withdrawSangong(record: SangongRecord, reason: string): SangongEvent[] {
  if (record.status === 'withdrawn') throw new StateConflictError('SANGONG.ALREADY_WITHDRAWN', 'The record is already withdrawn');
  if (!isText(reason, 1000)) throw new DomainValidationError([{ field: 'reason', reason: '撤回须填写原因（最多 1000 字）' }]);
  return [
    {
      type: SangongEvents.withdrawn,
      data: { recordId: record.id, department: record.department, reason: reason.trim(), was: record.footprint },
    },
  ];
}

export function restoreSangong(record: SangongRecord, reason: string | null): SangongEvent[] {
  if (record.status === 'active') throw new StateConflictError('SANGONG.NOT_WITHDRAWN', 'The record is not withdrawn');
  if (reason !== null && !isOptionalText(reason, 1000)) throw new DomainValidationError([{ field: 'reason', reason: '最多 1000 字' }]);
  return [
    {
      type: SangongEvents.restored,
      data: { recordId: record.id, department: record.department, reason: trimOrNull(reason), was: record.footprint },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// evolve

/** evolve: the record after one of its stored events. */
export function evolveSangongRecord(state: SangongRecord | null, event: StoredEvent): SangongRecord | null {
  if (!isSangongEvent(event)) return state;
  const at = event.recordedAt instanceof Date ? event.recordedAt.toISOString() : String(event.recordedAt);
  const by = event.metadata.actor ?? null;
  switch (event.type) {
    case SangongEvents.recorded: {
      const { recordId, department, fields } = event.data;
      return {
        ...fields,
        id: recordId,
        department,
        status: 'active',
        withdrawnReason: null,
        totalFen: totalOf(fields),
        footprint: footprintOf(fields),
        version: event.streamVersion,
        recordedAt: at,
        recordedBy: by,
        updatedAt: at,
        updatedBy: by,
      } as SangongRecord;
    }
    case SangongEvents.amended: {
      if (!state) throw new Error('amendment of an unknown 三公 record');
      const next = { ...state, ...event.data.changes } as SangongRecord;
      const fields = fieldsOf(next);
      return { ...next, totalFen: totalOf(fields), footprint: event.data.now, version: event.streamVersion, updatedAt: at, updatedBy: by };
    }
    case SangongEvents.withdrawn: {
      if (!state) throw new Error('withdrawal of an unknown 三公 record');
      return {
        ...state,
        status: 'withdrawn',
        withdrawnReason: event.data.reason,
        footprint: { ...state.footprint, active: false },
        version: event.streamVersion,
        updatedAt: at,
        updatedBy: by,
      };
    }
    case SangongEvents.restored: {
      if (!state) throw new Error('restoration of an unknown 三公 record');
      return {
        ...state,
        status: 'active',
        withdrawnReason: null,
        footprint: { ...state.footprint, active: true },
        version: event.streamVersion,
        updatedAt: at,
        updatedBy: by,
      };
    }
    default:
      event satisfies never;
      return state;
  }
}

/**
 * A record as recording these fields would leave it (validated and normalised as recordSangong
 * does), without a store: for builders of reports and tests that start from records.
 */
export function sangongRecordOf(
  department: string,
  recordId: string,
  fields: SangongRecordFields,
  recorded: { at?: string; by?: string | null } = {},
): SangongRecord {
  const [event] = recordSangong(null, { recordId, department, fields }, { knownActivityIds: new Set(servedIdsOf(fields)) });
  const at = new Date(recorded.at ?? '2024-01-01T00:00:00.000Z');
  return evolveSangongRecord(null, {
    globalPosition: 1,
    streamId: sangongStreamId(recordId),
    streamVersion: 1,
    tenant: department,
    type: event.type,
    data: event.data,
    metadata: { actor: recorded.by ?? undefined },
    recordedAt: at,
    transactionId: '1',
  })!;
}

const servedIdsOf = (fields: SangongRecordFields): string[] => (fields.kind === 'trip' ? (fields.servedActivityIds ?? []) : []);

/** Where the record stands before and after an event, from the event alone (for the figures' read model). */
export function footprintsOf(
  event: StoredEvent,
): { recordId: string; department: string; was: SangongFootprint | null; now: SangongFootprint } | null {
  if (!isSangongEvent(event)) return null;
  const { recordId, department } = event.data;
  switch (event.type) {
    case SangongEvents.recorded:
      return { recordId, department, was: null, now: footprintOf(event.data.fields) };
    case SangongEvents.amended:
      return { recordId, department, was: event.data.was, now: event.data.now };
    case SangongEvents.withdrawn:
      return { recordId, department, was: event.data.was, now: { ...event.data.was, active: false } };
    case SangongEvents.restored:
      return { recordId, department, was: event.data.was, now: { ...event.data.was, active: true } };
  }
}
