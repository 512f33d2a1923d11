import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { StoredEvent } from '@app/event-store';
import { stored } from '../../../test/domain';
import { parseDataset } from '../../import/dataset';
import { sangongEntryFields } from '../../import/sangong-import';
import { emptyPlan, evolvePlan, type Plan } from '../plan';
import { PLAN_UPCASTERS } from '../plan-upcasters';
import { evolveSangongDays, sangongDaysKeys, sangongDaysOf, sangongFigures, sangongView, type SangongDays } from './figures';
import { sangongChangesFromInput, sangongFieldsFromInput } from './input';
import {
  amendSangong,
  evolveSangongRecord,
  fenOfWan,
  recordSangong,
  restoreSangong,
  SangongEvents,
  withdrawSangong,
  type ReceptionFields,
  type SangongContext,
  type SangongEvent,
  type SangongRecord,
  type SangongRecordFields,
  type SummaryFields,
  type TripFields,
} from './record';
import { sangongWarnings } from './warnings';

const DEPT = 'wh-fao';
const NONE: SangongContext = { knownActivityIds: new Set() };
const SERVED = '11111111-1111-4111-8111-111111111111';

const trip = (over: Partial<TripFields> = {}): TripFields => ({
  kind: 'trip',
  year: 2023,
  title: '赴匈牙利杰尔市开展友城交流',
  purpose: '友城交流',
  departureOn: '2023-03-05',
  returnOn: '2023-03-11',
  destinations: [{ country: '匈牙利', city: '杰尔' }],
  persons: 2,
  members: [],
  approvalRef: '鄂外批〔2023〕12号',
  fundingProject: '对外交往业务支出',
  costs: { internationalTravel: 1_234_567, accommodation: 200_000, meals: 100_000, incidentals: 1, other: 0 },
  servedActivityIds: [],
  notes: null,
  ...over,
});

const reception = (over: Partial<ReceptionFields> = {}): ReceptionFields => ({
  kind: 'reception',
  year: 2023,
  receivedOn: '2023-05-10',
  visitingParty: '乌干达恩德培市代表团',
  foreign: true,
  persons: 8,
  accompanying: 2,
  costs: { meals: 300_000, accommodation: 0, transport: 0, other: 0 },
  listRef: 'JD-2023-015',
  notes: null,
  ...over,
});

const summary = (over: Partial<SummaryFields> = {}): SummaryFields => ({
  kind: 'summary',
  line: 'receptions',
  periodStart: '2023-01-01',
  periodEnd: '2023-12-31',
  cost: 9_420_000,
  groups: 38,
  persons: 386,
  foreignGroups: 31,
  foreignPersons: 327,
  vehiclesHeld: null,
  notes: null,
  ...over,
});

let n = 0;
/** Records the fields and folds the event: the record as the store would give it back. */
function recorded(fields: SangongRecordFields, context = NONE): { record: SangongRecord; events: StoredEvent[] } {
  const id = `r-${++n}`;
  const events = stored(recordSangong(null, { recordId: id, department: DEPT, fields }, context), {
    streamId: `sangong-${id}`,
    tenant: DEPT,
  });
  return { record: evolveSangongRecord(null, events[0])!, events };
}

/** The record after more decided events (versions continue). */
function after(record: SangongRecord, decided: SangongEvent[]): { record: SangongRecord; events: StoredEvent[] } {
  const events = stored(decided, { streamId: `sangong-${record.id}`, tenant: DEPT, startVersion: record.version + 1 });
  return { record: events.reduce<SangongRecord>((r, e) => evolveSangongRecord(r, e)!, record), events };
}

function refusal(fn: () => unknown): { code?: string; errors?: { field: string; reason: string }[] } {
  try {
    fn();
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a refusal');
}

describe('三公 records: record, amend, withdraw, restore', () => {
  it('given a trip, when recorded, then one event with every cost item and the total in 分', () => {
    const { record } = recorded(trip({ costs: { internationalTravel: 100 } as never }));
    expect(record).toMatchObject({ kind: 'trip', status: 'active', version: 1, totalFen: 100 });
    expect(record.kind === 'trip' && record.costs).toEqual({
      internationalTravel: 100,
      accommodation: 0,
      meals: 0,
      incidentals: 0,
      other: 0,
    });
    expect(record.footprint).toMatchObject({ line: 'tripsAbroad', year: 2023, day: '2023-03-05', groups: 1, persons: 2, active: true });
  });

  it('refuses bad fields naming each one, in Chinese', () => {
    const refused = refusal(() =>
      recordSangong(
        null,
        {
          recordId: 'x',
          department: DEPT,
          fields: trip({ returnOn: '2023-03-01', persons: 0, destinations: [], costs: { fuel: 5 } as never, servedActivityIds: [SERVED] }),
        },
        NONE,
      ),
    );
    expect(refused.code).toBe('VALIDATION.FAILED');
    expect(refused.errors?.map((e) => e.field)).toEqual(['returnOn', 'destinations', 'persons', 'costs.fuel', 'servedActivityIds.0']);
    for (const e of refused.errors ?? []) expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it('accepts a served activity of the department; refuses a summary count its line does not take', () => {
    expect(recorded(trip({ servedActivityIds: [SERVED] }), { knownActivityIds: new Set([SERVED]) }).record).toMatchObject({
      servedActivityIds: [SERVED],
    });
    const refused = refusal(() => recordSangong(null, { recordId: 'y', department: DEPT, fields: summary({ line: 'tripsAbroad' }) }, NONE));
    expect(refused.errors?.map((e) => e.field)).toEqual(['foreignGroups', 'foreignPersons']);
  });

  it('amends named fields, keeps the others, carries where it counted before and after; refuses nothing to change', () => {
    const { record } = recorded(reception());
    const [event] = amendSangong(record, 'reception', { receivedOn: '2023-07-01', costs: { transport: 50_000 } as never }, NONE);
    expect(event.type).toBe(SangongEvents.amended);
    const data = event.data as {
      changes: Record<string, unknown>;
      previous: Record<string, unknown>;
      was: { day: string };
      now: { day: string; costFen: number };
    };
    expect(Object.keys(data.changes).sort()).toEqual(['costs', 'receivedOn']);
    expect(data.previous.receivedOn).toBe('2023-05-10');
    expect([data.was.day, data.now.day, data.now.costFen]).toEqual(['2023-05-10', '2023-07-01', 350_000]);
    const amended = after(record, [event]).record;
    expect(amended).toMatchObject({ receivedOn: '2023-07-01', totalFen: 350_000, version: 2, visitingParty: '乌干达恩德培市代表团' });
    expect(refusal(() => amendSangong(amended, 'reception', { foreign: true }, NONE)).errors).toEqual([
      { field: 'changes', reason: '没有需要修改的内容' },
    ]);
    expect(refusal(() => amendSangong(amended, 'reception', { kind: 'trip' } as never, NONE)).errors?.[0].field).toBe('kind');
    expect(refusal(() => amendSangong(amended, 'trip', { title: 'x' }, NONE)).code).toBe('SANGONG.NOT_FOUND');
  });

  it('withdraws with a reason and restores; each refused when already done', () => {
    const { record } = recorded(reception());
    expect(refusal(() => withdrawSangong(record, ' ')).errors?.[0].field).toBe('reason');
    const withdrawn = after(record, withdrawSangong(record, '重复登记')).record;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: '重复登记', footprint: { active: false } });
    expect(refusal(() => withdrawSangong(withdrawn, '再撤')).code).toBe('SANGONG.ALREADY_WITHDRAWN');
    const restored = after(withdrawn, restoreSangong(withdrawn, null)).record;
    expect(restored).toMatchObject({ status: 'active', footprint: { active: true }, version: 3 });
    expect(refusal(() => restoreSangong(restored, null)).code).toBe('SANGONG.NOT_WITHDRAWN');
  });
});

describe('amounts entered in 万元', () => {
  it('become 分 exactly, up to six decimals; more or negative are refused naming the field', () => {
    expect([fenOfWan(10.55), fenOfWan(0.000001), fenOfWan(3.91), fenOfWan(1e-7), fenOfWan(-1)]).toEqual([
      10_550_000,
      1,
      3_910_000,
      null,
      null,
    ]);
    expect(sangongFieldsFromInput({ kind: 'summary', cost: 0.1 + 0.2 })).toMatchObject({ cost: 300_000 });
    expect(sangongFieldsFromInput({ kind: 'reception', receivedOn: '2023-05-10', costs: { meals: 1.2345 } })).toMatchObject({
      year: 2023,
      costs: { meals: 1_234_500 },
    });
    expect(refusal(() => sangongChangesFromInput({ costs: { meals: 1.0000001 } })).errors).toEqual([
      { field: 'costs.meals', reason: expect.stringContaining('万元') },
    ]);
  });
});

/** A department-year's figures by folding events into the read model, as the projection does. */
function project(events: StoredEvent[]): SangongDays[] {
  const docs = new Map<string, SangongDays>();
  for (const e of events) for (const key of sangongDaysKeys(e)) docs.set(key, evolveSangongDays(docs.get(key) ?? null, e, key));
  return [...docs.values()].sort((a, b) => a.year - b.year);
}

const budgets = (over: Partial<Record<string, number>> = {}): Plan => ({
  ...emptyPlan(DEPT, 2023),
  sangong: {
    tripsAbroad: { budget: over.tripsAbroad ?? 10.55, perPersonStandard: null },
    vehiclePurchase: { budget: 0, perPersonStandard: null },
    vehicleRunning: { budget: 3.91, perPersonStandard: null },
    receptions: { budget: over.receptions ?? 9.42, perPersonStandard: over.standard ?? null },
  },
});

describe('the 三公 figures', () => {
  it('sum the live records per line, as of a date (a prefix of days); a summary counts from its period end only', () => {
    const t = recorded(trip());
    const r1 = recorded(reception());
    const r2 = recorded(reception({ receivedOn: '2023-09-01', foreign: false, persons: 20 }));
    const s = recorded(summary());
    const w = after(r2.record, withdrawSangong(r2.record, '误录'));
    const docs = project([...t.events, ...r1.events, ...r2.events, ...s.events, ...w.events]);
    const year = sangongFigures(docs, 2023);
    expect(year.lines.receptions).toEqual({
      costFen: 300_000 + 9_420_000,
      groups: 39,
      persons: 394,
      foreignGroups: 32,
      foreignPersons: 335,
      records: 1,
      summaries: 1,
    });
    expect(year.lines.tripsAbroad).toMatchObject({ costFen: 1_534_568, groups: 1, persons: 2 });
    const june = sangongFigures(docs, 2023, '2023-06-30');
    expect(june.lines.receptions).toMatchObject({ costFen: 300_000, groups: 1, summaries: 0 });
    expect(sangongFigures(docs, 2023, '2023-12-30').lines.receptions.summaries).toBe(0);
    // Recomputed from the records as they stand: the same figures.
    expect(sangongDaysOf([t.record, r1.record, w.record, s.record])).toEqual(docs);
  });

  it('hold vehicles: the latest summary’s count at its period end, moved by the register after it', () => {
    const held = recorded(
      summary({
        line: 'vehicleRunning',
        periodStart: '2022-01-01',
        periodEnd: '2022-12-31',
        cost: 1,
        groups: null,
        persons: null,
        foreignGroups: null,
        foreignPersons: null,
        vehiclesHeld: 5,
      }),
    );
    const vehicle = (change: 'acquired' | 'disposed', occurredOn: string) =>
      recorded({ kind: 'vehicle', change, vehicleKind: 'emergency', plate: `鄂A${occurredOn}`, occurredOn, notes: null });
    const before = vehicle('acquired', '2022-06-01'); // already in the 2022 count
    const bought = vehicle('acquired', '2023-04-01');
    const sold = vehicle('disposed', '2023-10-01');
    const docs = project([...held.events, ...before.events, ...bought.events, ...sold.events]);
    expect(sangongFigures(docs, 2023, '2023-03-31').vehiclesHeld).toBe(5);
    expect(sangongFigures(docs, 2023, '2023-04-01').vehiclesHeld).toBe(6);
    expect(sangongFigures(docs, 2023).vehiclesHeld).toBe(5);
    expect(sangongFigures(docs, 2022, '2022-06-30').vehiclesHeld).toBe(1);
    expect(sangongFigures([], 2023).vehiclesHeld).toBeNull();
  });

  it('view each line against its budget with its share and pace; warn of what the rules name', () => {
    const noApproval = recorded(
      trip({ approvalRef: null, departureOn: '2022-12-28', returnOn: '2023-01-03', costs: { internationalTravel: 8_000_000 } as never }),
    );
    const dear = recorded(reception({ costs: { meals: 500_000 } as never })); // 5,000 元 / 10 persons = 500 元
    const docs = project([...noApproval.events, ...dear.events]);
    const view = sangongView(budgets({ standard: 300 }), sangongFigures(docs, 2023, '2023-03-31'), { today: '2024-01-01' });
    const trips = view.lines.find((l) => l.line === 'tripsAbroad')!;
    expect(trips).toMatchObject({ budget: 10.55, spent: 8, share: 0.7583, overspent: false, overrunLikely: true });
    expect(trips.projected).toBeGreaterThan(30);
    expect(view.total).toMatchObject({ budget: 23.88, spent: 8 });
    expect(noApproval.record.footprint.day).toBe('2023-01-01');
    const full = sangongView(budgets({ standard: 300 }), sangongFigures(docs, 2023), { today: '2024-01-01' });
    const kinds = sangongWarnings(full, [noApproval.record, dear.record]).map((w) => w.kind);
    expect(kinds).toEqual(['sangong-no-approval', 'sangong-outside-year', 'sangong-over-standard']);
    const over = sangongView(budgets({ tripsAbroad: 5 }), sangongFigures(docs, 2023), { today: '2024-01-01' });
    const warnings = sangongWarnings(over, []);
    expect(warnings.map((w) => w.kind)).toEqual(['sangong-over-budget']);
    expect(warnings[0].message).toBe('因公出国（境）费已支出 8.00 万元，超过预算 5.00 万元');
  });

  it('the read model folded event by event equals the figures recomputed from the records (any order of corrections)', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('record' as const),
        line: fc.constantFrom('trip', 'reception', 'summary', 'vehicle'),
        day: fc.integer({ min: 1, max: 28 }),
        fen: fc.integer({ min: 0, max: 10_000_000 }),
      }),
      fc.record({
        kind: fc.constantFrom('withdraw' as const, 'restore' as const, 'move' as const),
        which: fc.nat(),
        day: fc.integer({ min: 1, max: 28 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const records: SangongRecord[] = [];
        const events: StoredEvent[] = [];
        for (const o of ops) {
          if (o.kind === 'record') {
            const date = `2023-0${(o.day % 9) + 1}-${String(o.day).padStart(2, '0')}`;
            const fields: SangongRecordFields =
              o.line === 'trip'
                ? trip({ departureOn: date, returnOn: date, costs: { internationalTravel: o.fen } as never })
                : o.line === 'reception'
                  ? reception({ receivedOn: date, costs: { meals: o.fen } as never, foreign: o.fen % 2 === 0 })
                  : o.line === 'summary'
                    ? summary({ periodEnd: date, cost: o.fen })
                    : {
                        kind: 'vehicle',
                        change: o.fen % 3 === 0 ? 'disposed' : 'acquired',
                        vehicleKind: 'other',
                        plate: '鄂A',
                        occurredOn: date,
                        notes: null,
                      };
            const r = recorded(fields);
            records.push(r.record);
            events.push(...r.events);
            continue;
          }
          if (records.length === 0) continue;
          const i = o.which % records.length;
          const r = records[i];
          let decided: SangongEvent[] = [];
          if (o.kind === 'withdraw' && r.status === 'active') decided = withdrawSangong(r, '撤回');
          else if (o.kind === 'restore' && r.status === 'withdrawn') decided = restoreSangong(r, null);
          else if (o.kind === 'move' && r.kind === 'reception' && r.receivedOn !== `2023-11-${String(o.day).padStart(2, '0')}`)
            decided = amendSangong(r, 'reception', { receivedOn: `2023-11-${String(o.day).padStart(2, '0')}` }, NONE);
          if (decided.length === 0) continue;
          const next = after(r, decided);
          records[i] = next.record;
          events.push(...next.events);
        }
        const folded = project(events);
        const recomputed = sangongDaysOf(records.filter((r) => r.status === 'active'));
        expect(folded.filter(nonEmpty)).toEqual(recomputed.filter(nonEmpty));
      }),
      { numRuns: 150 },
    );
  });
});

const nonEmpty = (d: SangongDays): boolean => Object.keys(d.days).length + Object.keys(d.fleet).length + Object.keys(d.stocks).length > 0;

describe('plan.sangong-set.v1 upcast to v2', () => {
  it('keeps the budget and drops the actual and the counts', () => {
    const v1: StoredEvent = {
      ...stored([{ type: 'plan.sangong-set.v1', data: {} }])[0],
      data: {
        department: DEPT,
        year: 2023,
        kind: 'receptions',
        line: { budget: 9.42, actual: 9.42, groups: 38, persons: 386, foreignGroups: 31, foreignPersons: 327, vehiclesHeld: null },
        previous: null,
      },
    };
    const up = PLAN_UPCASTERS['plan.sangong-set.v1'](v1.data, v1);
    expect(up).toEqual({
      type: 'plan.sangong-set.v2',
      data: { department: DEPT, year: 2023, kind: 'receptions', line: { budget: 9.42, perPersonStandard: null }, previous: null },
    });
    const plan = evolvePlan(emptyPlan(DEPT, 2023), { ...v1, type: up.type, data: up.data });
    expect(plan.sangong).toEqual({ receptions: { budget: 9.42, perPersonStandard: null } });
  });
});

describe('a dataset’s 三公', () => {
  const file = (extra: string) => `format: keywork-dataset/v1
department: { code: wh-test, name: 测试 }
year: 2023
activities:
  - { key: a1, category: major-event, title: 活动, occurredOn: 2023-05-01, role: 主办 }
${extra}`;

  it('keeps budgets.sangong to budgets: an actual or a count there is refused, naming it', () => {
    const refused = refusal(() => parseDataset(file('budgets:\n  sangong:\n    receptions: { budget: 9.42, actual: 9.42, groups: 38 }\n')));
    expect(refused.errors?.map((e) => e.field)).toEqual(['budgets.sangong.receptions.actual', 'budgets.sangong.receptions.groups']);
  });

  it('reads records with keys once each, served activities among the file’s, dates as text', () => {
    const parsed = parseDataset(
      file(`sangong:
  - { key: s1, kind: summary, line: receptions, periodStart: 2023-01-01, periodEnd: 2023-12-31, cost: 9.42 }
  - { key: t1, kind: trip, departureOn: 2023-03-05, servedActivities: [a1] }
`),
    );
    expect(parsed.sangong.map((r) => [r.key, r.kind, r.periodEnd ?? r.departureOn])).toEqual([
      ['s1', 'summary', '2023-12-31'],
      ['t1', 'trip', '2023-03-05'],
    ]);
    expect(sangongEntryFields('wh-test', parsed.sangong[0], 0)).toMatchObject({ kind: 'summary', cost: 9_420_000 });
    const refused = refusal(() =>
      parseDataset(
        file('sangong:\n  - { key: s1, kind: summary }\n  - { key: s1, kind: car }\n  - { key: t1, kind: trip, servedActivities: [zz] }\n'),
      ),
    );
    expect(refused.errors?.map((e) => e.field)).toEqual(['sangong[1].key', 'sangong[1].kind', 'sangong[2].servedActivities[0]']);
  });
});
