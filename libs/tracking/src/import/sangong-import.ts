import type { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { AmendSangong } from '../commands/amend-sangong/amend-sangong.command';
import type { CommandMeta } from '../commands/command-runner';
import { RecordSangong } from '../commands/record-sangong/record-sangong.command';
import { sameValue } from '../domain/canonical';
import { DomainValidationError } from '../domain/errors';
import { sangongFieldsFromInput } from '../domain/sangong/input';
import {
  amendableFields,
  completeSangongFields,
  evolveSangongRecord,
  fieldsOf,
  normaliseSangongFields,
  sangongFieldProblems,
  sangongStreamId,
  type SangongRecord,
  type SangongRecordFields,
} from '../domain/sangong/record';
import { entryUuid, type DatasetSangongRecord } from './dataset';

/** The record id of a dataset's 三公 entry (stable across imports). */
export const sangongEntryId = (department: string, key: string): string => entryUuid(department, `sangong:${key}`);

/** A dataset entry as the record's fields (amounts in 分, served activities as their ids). */
export function sangongEntryFields(department: string, entry: DatasetSangongRecord, index: number): SangongRecordFields {
  const { key: _key, servedActivities, ...rest } = entry;
  const input = { ...rest } as Record<string, unknown>;
  if (servedActivities !== undefined) input.servedActivityIds = servedActivities.map((k) => entryUuid(department, k));
  return sangongFieldsFromInput(input, `sangong[${index}].`);
}

/**
 * Reconciles the department's 三公 records with the file's: a new entry is recorded, a changed one
 * amended (its command id hashes the entry's content, so importing twice changes nothing). An
 * entry withdrawn since is left withdrawn, as an activity is.
 */
export async function importSangong(
  commands: CommandBus,
  store: EventStore,
  department: string,
  entries: readonly DatasetSangongRecord[],
  meta: (kind: string, content: unknown) => CommandMeta,
  count: (result: { duplicate: boolean; version: number }, before: number | null) => void,
): Promise<void> {
  for (const [i, entry] of entries.entries()) {
    const recordId = sangongEntryId(department, entry.key);
    const fields = sangongEntryFields(department, entry, i);
    const existing = (await store.readStream(sangongStreamId(recordId))).reduce<SangongRecord | null>(evolveSangongRecord, null);
    if (!existing) {
      count(await commands.execute(new RecordSangong(department, fields, meta('sangong', { recordId, fields }), recordId)), null);
      continue;
    }
    const complete = completeSangongFields(fields);
    const problems = sangongFieldProblems(complete);
    if (problems.length > 0) throw new DomainValidationError(problems.map((p) => ({ ...p, field: `sangong[${i}].${p.field}` })));
    const wanted = normaliseSangongFields(complete);
    const current = fieldsOf(existing);
    const changes = Object.fromEntries(
      amendableFields(existing.kind)
        .filter((k) => !sameValue((wanted as unknown as Record<string, unknown>)[k], (current as unknown as Record<string, unknown>)[k]))
        .map((k) => [k, (wanted as unknown as Record<string, unknown>)[k]]),
    );
    if (existing.kind !== wanted.kind) {
      throw new DomainValidationError([
        { field: `sangong[${i}].kind`, reason: `记录 ${entry.key} 已登记为 ${existing.kind}，类别不能修改` },
      ]);
    }
    if (Object.keys(changes).length === 0) {
      count({ duplicate: true, version: existing.version }, existing.version);
      continue;
    }
    const result = await commands.execute(
      new AmendSangong(
        department,
        recordId,
        existing.kind,
        changes,
        existing.version,
        meta('sangong-amend', { recordId, changes, from: existing.version }),
      ),
    );
    count(result, existing.version);
  }
}
