/**
 * Synthetic 三公 records for the benchmarks: trips abroad, reception batches, vehicle changes and
 * cost postings of one department-year, some withdrawn, each decided by the domain's own functions
 * (recordSangong, withdrawSangong) so every event has exactly the shape the application writes.
 */
import type { EventMetadata, StoredEvent } from '@app/event-store';
import {
  evolveSangongRecord,
  recordSangong,
  sangongStreamId,
  withdrawSangong,
  type SangongEvent,
  type SangongRecord,
  type SangongRecordFields,
} from '@app/tracking';
import { seededRandom } from '@app/testing';
import type { GeneratedEvent } from './synthetic';

const COUNTRIES = ['匈牙利', '俄罗斯', '乌干达', '英国', '意大利', '蒙古', '乌兹别克斯坦', '越南', '法国', '德国'];
const PARTIES = [
  '恩德培市代表团',
  '杰尔市友好代表团',
  '大曼彻斯特地区经贸团',
  '额尔登特市政府代表团',
  '驻汉领馆联合考察团',
  '省外办工作组',
];

export interface SangongSpec {
  department: string;
  year: number;
  /** Records to make (each one stream). */
  records: number;
  /** Share of them withdrawn afterwards (default 0.05). */
  withdrawnRate?: number;
  seed?: number;
}

/** The records' events, recorded through the year in date order (then the withdrawals), for loadEvents. */
export function* sangongRecordEvents(spec: SangongSpec): Generator<GeneratedEvent> {
  const random = seededRandom(spec.seed ?? 14);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)];
  const hex = (n: number) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + int(0, 3)).toString(16)}${hex(3)}-${hex(12)}`;
  const meta = (): EventMetadata => ({ actor: 'bench-finance', correlationId: uuid(), commandId: `http:${uuid()}` });
  const day = (i: number) => {
    const d = new Date(Date.UTC(spec.year, 0, 1 + Math.floor((i * 364) / spec.records)));
    return d.toISOString().slice(0, 10);
  };
  const recorded: SangongRecord[] = [];
  for (let i = 0; i < spec.records; i++) {
    const on = day(i);
    const roll = random();
    const fields: SangongRecordFields =
      roll < 0.1
        ? {
            kind: 'trip',
            year: spec.year,
            title: `赴${pick(COUNTRIES)}开展友城交流（第${i + 1}批）`,
            purpose: '友城交流与经贸合作',
            departureOn: on,
            returnOn: on,
            destinations: [{ country: pick(COUNTRIES), city: null }],
            persons: int(1, 6),
            members: [],
            approvalRef: random() < 0.9 ? `外批〔${spec.year}〕${i + 1}号` : null,
            fundingProject: '对外交往业务支出',
            costs: {
              internationalTravel: int(10_000_00, 60_000_00),
              accommodation: int(2_000_00, 20_000_00),
              meals: int(500_00, 5_000_00),
              incidentals: int(0, 2_000_00),
              other: 0,
            },
            servedActivityIds: [],
            notes: null,
          }
        : roll < 0.7
          ? {
              kind: 'reception',
              year: spec.year,
              receivedOn: on,
              visitingParty: pick(PARTIES),
              foreign: random() < 0.8,
              persons: int(2, 30),
              accompanying: int(0, 5),
              costs: { meals: int(300_00, 6_000_00), accommodation: int(0, 4_000_00), transport: int(0, 1_000_00), other: 0 },
              listRef: `JD-${spec.year}-${i + 1}`,
              notes: null,
            }
          : roll < 0.98
            ? {
                kind: 'vehicle-cost',
                year: spec.year,
                line: 'vehicleRunning',
                postedOn: on,
                plate: `鄂A·${int(10000, 99999)}`,
                costs: { fuel: int(100_00, 2_000_00), repair: int(0, 1_000_00), insurance: 0, tolls: int(0, 200_00), other: 0 },
                notes: null,
              }
            : {
                kind: 'vehicle',
                change: random() < 0.7 ? 'acquired' : 'disposed',
                vehicleKind: 'other',
                plate: `鄂A·${int(10000, 99999)}`,
                occurredOn: on,
                notes: null,
              };
    const id = uuid();
    const [event] = recordSangong(null, { recordId: id, department: spec.department, fields }, { knownActivityIds: new Set() });
    const at = new Date(`${on}T10:00:00Z`);
    yield generated(spec.department, id, 1, event, meta(), at);
    recorded.push(evolveSangongRecord(null, stored(spec.department, id, 1, event, at))!);
  }
  const withdrawn = Math.round(spec.records * (spec.withdrawnRate ?? 0.05));
  for (let i = 0; i < withdrawn; i++) {
    const record = recorded[int(0, recorded.length - 1)];
    if (record.status === 'withdrawn') continue;
    const [event] = withdrawSangong(record, '重复登记，撤回');
    const at = new Date(Date.UTC(spec.year, 11, 31, 8, 0, i % 60));
    yield generated(spec.department, record.id, 2, event, meta(), at);
    record.status = 'withdrawn';
  }
}

function generated(
  tenant: string,
  id: string,
  version: number,
  event: SangongEvent,
  metadata: EventMetadata,
  recordedAt: Date,
): GeneratedEvent {
  return { streamId: sangongStreamId(id), version, tenant, type: event.type, data: event.data, metadata, recordedAt };
}

function stored(tenant: string, id: string, version: number, event: SangongEvent, recordedAt: Date): StoredEvent {
  return {
    globalPosition: 0,
    streamId: sangongStreamId(id),
    streamVersion: version,
    tenant,
    type: event.type,
    data: event.data,
    metadata: {},
    recordedAt,
    transactionId: '0',
  };
}
