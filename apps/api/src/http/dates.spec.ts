import { describe, expect, it } from '@jest/globals';
import { isQueryDate, isQueryInstant } from './dates';

describe('isQueryInstant (knownAt)', () => {
  it.each([
    '2023-07-15T00:00:00+08:00',
    '2023-07-15T00:00:00Z',
    '2023-07-15T00:00:00.123Z',
    '2023-07-15T00:00',
    '2023-07-15',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2024-02-29T12:00:00+0800',
  ])('accepts %s', (value) => expect(isQueryInstant(value)).toBe(true));

  it.each([
    '-271821-04-20T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '10000-01-01T00:00:00Z',
    '9999-12-31T23:59:59-05:00',
    '2023-02-29T00:00:00Z',
    '2023-04-31',
    '2023-07-15T24:00:00Z',
    '2023-07-15T12:60:00Z',
    '2023-07-15T00:00:00+15:00',
    '2023-07-15 00:00:00',
    'July 15, 2023',
    '1',
    '',
    ' 2023-07-15',
  ])('refuses %s', (value) => expect(isQueryInstant(value)).toBe(false));

  it('refuses what is not text', () => {
    for (const value of [undefined, null, 20230715, ['2023-07-15'], { $gt: '' }]) expect(isQueryInstant(value)).toBe(false);
  });
});

describe('isQueryDate (asOf)', () => {
  it.each([
    ['2023-06-30', true],
    ['2024-02-29', true],
    ['1970-01-01', true],
    ['9999-12-31', true],
    ['2023-02-29', false],
    ['0000-00-00', false],
    ['1969-12-31', false],
    ['-271821-04-20', false],
    ['2023-06-30T00:00:00Z', false],
    ['2023-6-30', false],
  ])('%s → %s', (value, valid) => expect(isQueryDate(value)).toBe(valid));
});
