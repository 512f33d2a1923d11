import type { StoredEvent } from '@app/event-store';

/** One event of a history as the api shows it: who (by name), when, what. */
export interface HistoryEntry {
  version: number;
  position: number;
  type: string;
  recordedAt: string;
  actor: string | null;
  /** Who acted, as people read it: the account's display name, 数据导入 for an import… (never an id). */
  actorName: string | null;
  commandId: string | null;
  data: unknown;
}

export const toHistoryEntry = (e: StoredEvent): HistoryEntry => ({
  version: e.streamVersion,
  position: e.globalPosition,
  type: e.type,
  recordedAt: e.recordedAt.toISOString(),
  actor: e.metadata.actor ?? null,
  actorName: null,
  commandId: e.metadata.commandId ?? null,
  data: e.data,
});

/** Actors that are not accounts: what they are called. */
export const SYSTEM_ACTOR_NAMES: Readonly<Record<string, string>> = {
  import: '数据导入',
  api: '系统接口',
  cli: '命令行工具',
  system: '系统',
  test: '测试',
};

/** What an account no longer found is called (never its id). */
export const UNKNOWN_ACTOR_NAME = '未知用户';

/** The name of an actor given the display names of the accounts found. */
export function actorNameOf(actor: string | null | undefined, names: ReadonlyMap<string, string>): string | null {
  if (!actor) return null;
  return names.get(actor) ?? SYSTEM_ACTOR_NAMES[actor] ?? UNKNOWN_ACTOR_NAME;
}

/** Entries with their actors' names. */
export function withActorNames(entries: HistoryEntry[], names: ReadonlyMap<string, string>): HistoryEntry[] {
  return entries.map((e) => ({ ...e, actorName: actorNameOf(e.actor, names) }));
}
