import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@app/event-store';
import { ActivityEvents } from '../domain/activity';
import { evolveActivityCounts, type ActivityCounts } from './tracking-projections';

let position = 0;
const event = (type: string, data: Record<string, unknown>): StoredEvent => ({
  globalPosition: ++position,
  streamId: `activity-${position}`,
  streamVersion: 1,
  tenant: 'wh-fao',
  type,
  data: { department: 'wh-fao', ...data },
  metadata: {},
  recordedAt: new Date('2023-03-01T00:00:00Z'),
  transactionId: String(position),
});
const recorded = (category: string) => event(ActivityEvents.recorded, { category, occurredOn: '2023-03-01' });
const withdrawn = (category: string) => event(ActivityEvents.withdrawn, { was: { category, occurredOn: '2023-03-01', active: true } });

const fold = (events: StoredEvent[], start: ActivityCounts | null = null): ActivityCounts | null =>
  events.reduce<ActivityCounts | null>((doc, e) => evolveActivityCounts(doc, e, 'wh-fao:2023'), start);

describe('activity counts projection', () => {
  it('keeps categories in code-unit order when a new one comes in, and in their order when one empties', () => {
    const doc = fold([recorded('trip-abroad'), recorded('major-event'), recorded('home-in-wuhan'), recorded('major-event')]);
    expect(Object.keys(doc!.byCategory)).toEqual(['home-in-wuhan', 'major-event', 'trip-abroad']);
    expect(doc!.byCategory).toEqual({ 'home-in-wuhan': 1, 'major-event': 2, 'trip-abroad': 1 });
    const after = fold([withdrawn('home-in-wuhan'), recorded('trip-abroad')], doc);
    expect(Object.keys(after!.byCategory)).toEqual(['major-event', 'trip-abroad']);
    expect(after).toEqual({ department: 'wh-fao', year: 2023, byCategory: { 'major-event': 2, 'trip-abroad': 2 } });
  });

  it('sorts in a category that a document loaded in another key order lacks', () => {
    // jsonb returns keys shortest first: a loaded document need not be in code-unit order.
    const loaded: ActivityCounts = { department: 'wh-fao', year: 2023, byCategory: { 'trip-abroad': 1, 'home-in-wuhan': 1 } };
    expect(Object.keys(fold([recorded('major-event')], loaded)!.byCategory)).toEqual(['home-in-wuhan', 'major-event', 'trip-abroad']);
  });
});
