import { documentProjection, type Projection } from '@app/event-store';
import { evolveSangongDays, sangongDaysKeys, type SangongDays } from '../domain/sangong/figures';
import { evolveSangongRecord, isSangongEvent, SangongEvents, type SangongRecord } from '../domain/sangong/record';

/** One document per 三公 record: its fields, status and footprint (line, year, the day it counts on). */
export const sangongRecordsProjection = documentProjection<SangongRecord>({
  name: 'sangong-records',
  version: 1,
  table: 'rm_sangong_records',
  keysOf: (event) => (isSangongEvent(event) ? [event.data.recordId] : []),
  evolve: (doc, event) => evolveSangongRecord(doc, event),
  // Recorded is the first event of a record's stream ('no-stream'): there is no document yet.
  creates: (event) => event.type === SangongEvents.recorded,
});

/** One document per department-year: each line's sums per day (the 三公 table as of a date is a prefix of days). */
export const sangongProjection = documentProjection<SangongDays>({
  name: 'sangong',
  version: 1,
  table: 'rm_sangong',
  keysOf: sangongDaysKeys,
  evolve: (doc, event, key) => evolveSangongDays(doc, event, key),
});

export const SANGONG_PROJECTIONS: Projection[] = [sangongRecordsProjection, sangongProjection];

/** The 三公 read models: the 三公 view, its drill-down and the report's 三公 table read them. */
export const SANGONG_READ_MODELS: readonly string[] = SANGONG_PROJECTIONS.map((p) => p.name);
