import { describe, expect, it } from '@jest/globals';
import { mayEmpty } from './row-deltas';

describe('mayEmpty', () => {
  const row = (day: string, count: number) => ({ day, count });

  it('keeps the rows whose net count the deltas lower or leave unchanged, once each', () => {
    const deltas = [row('01', 1), row('02', -1), row('02', 1), row('03', -1), row('03', -1), row('04', 0), row('01', -1), row('01', 1)];
    expect(mayEmpty(deltas, (d) => d.day).map((d) => d.day)).toEqual(['02', '03', '04']);
  });

  it('leaves out every row a batch of new activities only adds to', () => {
    expect(mayEmpty([row('01', 1), row('01', 1), row('02', 1)], (d) => d.day)).toEqual([]);
  });
});
