import type { PoolClient } from 'pg';
import type { StoredEvent } from '../types';
import { ProjectionEventError, type Projection } from './projection';

export interface DocumentProjectionSpec<D> {
  name: string;
  version: number;
  /** Table with `key text PRIMARY KEY, doc jsonb NOT NULL` (plus generated columns for queries). */
  table: string;
  /** The documents an event changes; [] for events this projection ignores. */
  keysOf(event: StoredEvent): string[];
  /** Pure: the document after the event; null removes it. */
  evolve(doc: D | null, event: StoredEvent, key: string): D | null;
}

/**
 * A projection of keyed JSON documents: per batch, one read of the touched documents, the pure
 * `evolve` folded in memory, one upsert and one delete.
 */
export function documentProjection<D>(spec: DocumentProjectionSpec<D>): Projection {
  if (!/^[a-z_][a-z0-9_]*$/.test(spec.table)) throw new Error(`Unsafe table name ${spec.table}`);
  const select = `SELECT key, doc FROM ${spec.table} WHERE key = ANY($1::text[])`;
  const upsert = `INSERT INTO ${spec.table} (key, doc) SELECT * FROM unnest($1::text[], $2::jsonb[])
                  ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc`;
  const remove = `DELETE FROM ${spec.table} WHERE key = ANY($1::text[])`;

  return {
    name: spec.name,
    version: spec.version,
    tables: [spec.table],
    async apply(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
      const touched = new Map<string, D | null>();
      const keysByEvent = events.map((event) => {
        try {
          return spec.keysOf(event);
        } catch (error) {
          throw new ProjectionEventError(event, error);
        }
      });
      const keys = [...new Set(keysByEvent.flat())];
      if (keys.length === 0) return;

      const loaded = await tx.query<{ key: string; doc: D }>({ name: `${spec.table}_select`, text: select, values: [keys] });
      for (const row of loaded.rows) touched.set(row.key, row.doc);

      events.forEach((event, i) => {
        for (const key of keysByEvent[i]) {
          try {
            touched.set(key, spec.evolve(touched.get(key) ?? null, event, key));
          } catch (error) {
            throw new ProjectionEventError(event, error);
          }
        }
      });

      const kept = [...touched].filter(([, doc]) => doc !== null);
      const removed = [...touched].filter(([, doc]) => doc === null).map(([key]) => key);
      if (kept.length > 0) {
        await tx.query({
          name: `${spec.table}_upsert`,
          text: upsert,
          values: [kept.map(([key]) => key), kept.map(([, doc]) => JSON.stringify(doc))],
        });
      }
      if (removed.length > 0) {
        await tx.query({ name: `${spec.table}_delete`, text: remove, values: [removed] });
      }
    },
  };
}
