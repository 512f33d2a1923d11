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
  /**
   * Optional: true when the event starts its document (the first event of its stream), so there
   * is nothing to read for its key. A document that exists anyway makes the batch fail on the
   * table's key rather than be overwritten.
   */
  creates?(event: StoredEvent): boolean;
}

/**
 * A projection of keyed JSON documents: per batch, one read of the touched documents, the pure
 * `evolve` folded in memory, then one insert of the new documents, one update of the changed
 * ones and one delete. The runner's lock makes this projection the table's only writer, so the
 * read tells which documents exist: no upsert (INSERT … ON CONFLICT costs twice a plain insert).
 */
export function documentProjection<D>(spec: DocumentProjectionSpec<D>): Projection {
  if (!/^[a-z_][a-z0-9_]*$/.test(spec.table)) throw new Error(`Unsafe table name ${spec.table}`);
  const select = `SELECT key, doc FROM ${spec.table} WHERE key = ANY($1::text[])`;
  // Documents travel as one JSON array of [key, doc] pairs: one stringify, one parse (a jsonb[]
  // literal costs escaping every document in node and parsing it again in PostgreSQL).
  const insert = `INSERT INTO ${spec.table} (key, doc) SELECT e->>0, e->1 FROM jsonb_array_elements($1::jsonb) AS e`;
  const update = `UPDATE ${spec.table} AS t SET doc = e->1 FROM jsonb_array_elements($1::jsonb) AS e WHERE t.key = e->>0`;
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
      // Keys whose first event in the batch starts the document need no read.
      const keys = new Set<string>();
      const fresh = new Set<string>();
      events.forEach((event, i) => {
        for (const key of keysByEvent[i]) {
          if (keys.has(key)) continue;
          keys.add(key);
          if (spec.creates?.(event)) fresh.add(key);
        }
      });
      if (keys.size === 0) return;
      const toRead = [...keys].filter((key) => !fresh.has(key));

      const loaded = toRead.length > 0 ? await tx.query<{ key: string; doc: D }>({ name: `${spec.table}_select`, text: select, values: [toRead] }) : { rows: [] };
      const existing = new Map<string, D>();
      for (const row of loaded.rows) {
        touched.set(row.key, row.doc);
        existing.set(row.key, row.doc);
      }

      events.forEach((event, i) => {
        for (const key of keysByEvent[i]) {
          try {
            touched.set(key, spec.evolve(touched.get(key) ?? null, event, key));
          } catch (error) {
            throw new ProjectionEventError(event, error);
          }
        }
      });

      const created: [string, D][] = [];
      const changed: [string, D][] = [];
      const removed: string[] = [];
      for (const [key, doc] of touched) {
        if (doc === null) {
          if (existing.has(key)) removed.push(key);
        } else if (!existing.has(key)) created.push([key, doc]);
        // evolve returned the very document it was given: nothing to write.
        else if (doc !== existing.get(key)) changed.push([key, doc]);
      }
      if (created.length > 0) {
        await tx.query({
          name: `${spec.table}_insert`,
          text: insert,
          values: [JSON.stringify(created)],
        });
      }
      if (changed.length > 0) {
        await tx.query({
          name: `${spec.table}_update`,
          text: update,
          values: [JSON.stringify(changed)],
        });
      }
      if (removed.length > 0) {
        await tx.query({ name: `${spec.table}_delete`, text: remove, values: [removed] });
      }
    },
  };
}
