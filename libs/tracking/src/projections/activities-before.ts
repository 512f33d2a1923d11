import { ProjectionEventError, type StoredEvent } from '@app/event-store';
import { ActivityEvents, activityIdOfEvent } from '../domain/activity';

/**
 * The activities the events record. A project (an activity and its parts) whose activity is among
 * them has no other activity stored yet: a part names an existing project (checkParent), and a
 * recorded event is the first of its stream.
 */
export const recordedIn = (events: readonly StoredEvent[]): Set<string> =>
  new Set(events.filter((e) => e.type === ActivityEvents.recorded).map(activityIdOfEvent));

/**
 * Each activity the events touch, as the projection's table holds it before them (null: none).
 * An activity whose first event here records it has no state yet (recorded is its stream's first
 * event): only the others are read, in one query.
 */
export async function activitiesBefore<S>(
  events: readonly StoredEvent[],
  read: (ids: string[]) => Promise<Map<string, S>>,
): Promise<Map<string, S | null>> {
  const before = new Map<string, S | null>();
  const stored: string[] = [];
  for (const event of events) {
    const id = activityIdOfEvent(event);
    if (before.has(id)) continue;
    before.set(id, null);
    if (event.type !== ActivityEvents.recorded) stored.push(id);
  }
  if (stored.length > 0) for (const [id, state] of await read(stored)) before.set(id, state);
  return before;
}

/**
 * Each activity after the events, folded from its state before them (activitiesBefore) one event
 * at a time. An event that cannot be applied stops the batch, naming the event.
 */
export function activitiesAfter<S>(
  before: ReadonlyMap<string, S | null>,
  events: readonly StoredEvent[],
  evolve: (state: S | null, event: StoredEvent) => S | null,
): Map<string, S | null> {
  const after = new Map(before);
  for (const event of events) {
    const id = activityIdOfEvent(event);
    try {
      after.set(id, evolve(after.get(id) ?? null, event));
    } catch (error) {
      throw new ProjectionEventError(event, error);
    }
  }
  return after;
}
