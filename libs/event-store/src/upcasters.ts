import type { StoredEvent } from './types';

/** An event's type string and data in a newer shape. */
export interface Upcast<T = unknown> {
  /** The newer type string, e.g. 'plan.sangong-set.v2' for a 'plan.sangong-set.v1' event. */
  type: string;
  data: T;
}

/**
 * Turns a stored event of one type into its next version. Pure: the stored event is never
 * edited, every read upcasts again. `event` gives the rest (metadata, recordedAt) for defaults.
 * Declared through a method so an upcaster may name the old shape it reads,
 * `(data: SangongSetV1) => …`; left unannotated, `data` is `unknown`.
 */
export type Upcaster = { upcast(data: unknown, event: StoredEvent): Upcast }['upcast'];

/** Upcasters by the stored type string they read, e.g. `{ 'plan.sangong-set.v1': toV2 }`. */
export type UpcasterMap = Readonly<Record<string, Upcaster>>;

/** An upcaster failed on a stored event: readers stop there rather than see it in the old shape. */
export class UpcastError extends Error {
  readonly code = 'EVENT.UPCAST_FAILED';

  constructor(
    readonly event: Pick<StoredEvent, 'type' | 'globalPosition' | 'streamId'>,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot upcast ${event.type} at position ${event.globalPosition} (stream ${event.streamId}): ${message}`, options);
    this.name = 'UpcastError';
  }
}

/** Longer chains than this are a loop (a → b → a) or a mistake. */
const MAX_CHAIN = 32;

/**
 * The upcasters the event store applies on every read (readStream, readAll and what is built on
 * them: catch-up, projections, "as known at" replays): a stored type with an upcaster is replaced
 * by what it returns, again while the new type has one (v1 → v2 → v3). Domain libraries register
 * their own; the store knows no type. Registration closes at the first read, so no reader ever
 * sees one event in two shapes.
 */
export class Upcasters {
  private readonly byType = new Map<string, Upcaster>();
  private closed = false;

  constructor(...maps: UpcasterMap[]) {
    for (const map of maps) this.register(map);
  }

  /**
   * Adds upcasters. The same upcaster registered again is ignored; a second, different upcaster
   * of a type (two libraries upcasting one type, say) is refused.
   */
  register(map: UpcasterMap): this {
    const entries = Object.entries(map);
    for (const [type, upcaster] of entries) {
      if (typeof upcaster !== 'function') throw new TypeError(`The upcaster of ${type} is not a function`);
      const known = this.byType.get(type);
      if (known !== undefined && known !== upcaster) throw new Error(`An upcaster of ${type} is already registered`);
    }
    const added = entries.filter(([type]) => !this.byType.has(type));
    if (added.length > 0 && this.closed) {
      throw new Error(`Upcasters of ${added.map(([type]) => type).join(', ')} registered after the event store was first read`);
    }
    for (const [type, upcaster] of added) this.byType.set(type, upcaster);
    return this;
  }

  get size(): number {
    return this.byType.size;
  }

  /** The types this registry upcasts. */
  types(): string[] {
    return [...this.byType.keys()];
  }

  /** The events in their current shape (the same array when nothing is registered). */
  upcastAll<T = unknown>(events: StoredEvent[]): StoredEvent<T>[] {
    this.closed = true;
    if (this.byType.size === 0) return events as StoredEvent<T>[];
    return events.map((event) => this.upcast<T>(event));
  }

  /** The event in its current shape: the same object when its type has no upcaster. */
  upcast<T = unknown>(event: StoredEvent): StoredEvent<T> {
    this.closed = true;
    if (!this.byType.has(event.type)) return event as StoredEvent<T>;
    let current = event;
    const seen = new Set<string>();
    for (let upcaster = this.byType.get(current.type); upcaster; upcaster = this.byType.get(current.type)) {
      seen.add(current.type);
      if (seen.size > MAX_CHAIN) throw new UpcastError(event, `more than ${MAX_CHAIN} upcasts in a row`);
      let next: Upcast;
      try {
        next = upcaster(current.data, current);
      } catch (error) {
        throw new UpcastError(event, `the upcaster of ${current.type} threw: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      if (!next || typeof next.type !== 'string' || next.type === '') {
        throw new UpcastError(event, `the upcaster of ${current.type} returned no type`);
      }
      if (seen.has(next.type)) throw new UpcastError(event, `the upcasters loop (${[...seen, next.type].join(' → ')})`);
      current = { ...current, type: next.type, data: next.data };
    }
    return current as StoredEvent<T>;
  }
}

/** A registry of these upcasters, for code that builds an EventStore without Nest. */
export function upcasters(...maps: UpcasterMap[]): Upcasters {
  return new Upcasters(...maps);
}
