import type { StoredEvent } from '@app/event-store';

/** One event of a history as the api shows it: who, when, what. */
export interface HistoryEntry {
  version: number;
  position: number;
  type: string;
  recordedAt: string;
  actor: string | null;
  commandId: string | null;
  data: unknown;
}

export const toHistoryEntry = (e: StoredEvent): HistoryEntry => ({
  version: e.streamVersion,
  position: e.globalPosition,
  type: e.type,
  recordedAt: e.recordedAt.toISOString(),
  actor: e.metadata.actor ?? null,
  commandId: e.metadata.commandId ?? null,
  data: e.data,
});
