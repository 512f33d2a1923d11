import { LRUCache } from 'lru-cache';
import type { StoredEvent } from '@app/event-store';
import { ActivityEvents } from '../domain/activity';

/**
 * How many activities a projection remembers between batches. Corrections touch recent activities
 * (the synthetic year: a department's last 40), so this holds the working set of a thousand
 * departments in about 15 MB per projection; an activity it forgot is read from the table again.
 */
export const REMEMBERED_ACTIVITIES = 50_000;

/** The activities a projection last wrote, as it wrote them, most recently used kept. */
export type RememberedActivities<S extends object> = LRUCache<string, S>;

export const rememberActivities = <S extends object>(): RememberedActivities<S> => new LRUCache<string, S>({ max: REMEMBERED_ACTIVITIES });

const activityIdOf = (event: StoredEvent) => (event.data as { activityId: string }).activityId;

/**
 * The activities the events record. A project (an activity and its parts) whose activity is among
 * them has no other activity stored yet: a part names an existing project (checkParent), and a
 * recorded event is the first of its stream.
 */
export const recordedIn = (events: readonly StoredEvent[]): Set<string> =>
  new Set(events.filter((e) => e.type === ActivityEvents.recorded).map(activityIdOf));

/**
 * Each activity the events touch, as the projection's table holds it before them (null: none).
 * An activity whose first event here records it has no state yet (recorded is its stream's first
 * event); the others come from memory, and those it does not hold from one read of the table.
 */
export async function activitiesBefore<S extends object>(
  events: readonly StoredEvent[],
  remembered: RememberedActivities<S>,
  read: (ids: string[]) => Promise<Map<string, S>>,
): Promise<Map<string, S | null>> {
  const before = new Map<string, S | null>();
  const unknown: string[] = [];
  for (const event of events) {
    const id = activityIdOf(event);
    if (before.has(id)) continue;
    const known = event.type === ActivityEvents.recorded ? null : (remembered.get(id) ?? undefined);
    before.set(id, known ?? null);
    if (known === undefined) unknown.push(id);
  }
  if (unknown.length > 0) for (const [id, state] of await read(unknown)) before.set(id, state);
  return before;
}
