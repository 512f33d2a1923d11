import { describe, expect, it } from '@jest/globals';
import { ActivityEvents } from '../src/domain/activity';
import { DomainValidationError } from '../src/domain/errors';
import { PlanEvents } from '../src/domain/plan';
import { given, refusal, stored } from './domain';

describe('stored (test helper)', () => {
  it('numbers versions and positions from startVersion, derives stream and tenant, stamps actor and time', () => {
    const events = stored(
      [
        { type: ActivityEvents.recorded, data: { activityId: 'a1', department: 'wh-fao' } },
        { type: ActivityEvents.withdrawn, data: { activityId: 'a1', department: 'wh-fao' } },
      ],
      { startVersion: 3, recordedAt: '2023-05-01T00:00:00Z', actor: 'li' },
    );

    expect(events.map((e) => [e.streamVersion, e.globalPosition, e.streamId, e.tenant, e.metadata.actor, e.transactionId])).toEqual([
      [3, 3, 'activity-a1', 'wh-fao', 'li', '1'],
      [4, 4, 'activity-a1', 'wh-fao', 'li', '1'],
    ]);
    expect(events[0].recordedAt).toEqual(new Date('2023-05-01T00:00:00Z'));
  });

  it('names plan streams by department and year', () => {
    expect(stored([{ type: PlanEvents.measureDefined, data: { department: 'wh-fao', year: 2023 } }])[0].streamId).toBe('plan-wh-fao-2023');
  });
});

describe('given (test helper)', () => {
  const count = (state: { version: number; seen: string[] } | null, event: { type: string; streamVersion: number }) => ({
    version: event.streamVersion,
    seen: [...(state?.seen ?? []), event.type],
  });

  it('folds events in order, continuing versions from the initial state', () => {
    const state = given(
      count,
      [
        { type: 'b', data: {} },
        { type: 'c', data: {} },
      ],
      { version: 4, seen: ['a'] },
    );

    expect(state).toEqual({ version: 6, seen: ['a', 'b', 'c'] });
  });
});

describe('refusal (test helper)', () => {
  it('returns the field errors of a DomainValidationError', () => {
    expect(
      refusal(() => {
        throw new DomainValidationError([{ field: 'title', reason: 'x' }]);
      }),
    ).toEqual([{ field: 'title', reason: 'x' }]);
  });

  it('fails on acceptance and on any other error', () => {
    expect(() => refusal(() => 1)).toThrow(/accepted/);
    expect(() => refusal(() => JSON.parse('{'))).toThrow(/expected a DomainValidationError, got SyntaxError/);
  });
});
