import { LRUCache } from 'lru-cache';

interface Entry<V> {
  revision: number;
  value: V;
}

/**
 * Computed views by key, each valid while its department's revision (see
 * ReadModels.departmentRevision) is the one it was computed at. Least recently used entries go
 * first; `maxEntries` 0 turns the cache off. Values are frozen: they are shared by every caller.
 */
export class RevisionCache<V extends object> {
  private readonly entries: LRUCache<string, Entry<V>> | null;

  constructor(maxEntries: number) {
    this.entries = maxEntries > 0 ? new LRUCache<string, Entry<V>>({ max: maxEntries }) : null;
  }

  /** The value stored under `key`, whatever its revision; compare `revision` before using it. */
  peek(key: string): Entry<V> | undefined {
    return this.entries?.get(key);
  }

  set(key: string, revision: number, value: V): V {
    // Nothing kept, nothing shared: freezing would only cost a walk of the value.
    if (!this.entries) return value;
    const frozen = deepFreeze(value);
    this.entries?.set(key, { revision, value: frozen });
    return frozen;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
