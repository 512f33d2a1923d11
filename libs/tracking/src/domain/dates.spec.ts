import { describe, expect, it } from '@jest/globals';
import { DomainValidationError } from './errors';
import { dayIn, daysBetween, isCalendarDate, requireCalendarDate, yearElapsedFraction, yearOf } from './dates';

describe('isCalendarDate', () => {
  it.each<[unknown, boolean]>([
    ['2023-02-28', true],
    ['2023-02-29', false],
    ['2024-02-29', true],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2023-02-30', false],
    ['2023-04-31', false],
    ['2023-12-31', true],
    ['2023-13-01', false],
    ['2023-00-10', false],
    ['2023-01-00', false],
    ['2023-1-5', false],
    ['2023/01/05', false],
    ['2023-01-05T00:00:00Z', false],
    [' 2023-01-05', false],
    ['1899-12-31', false],
    ['2201-01-01', false],
    ['', false],
    [null, false],
    [20230105, false],
    [new Date('2023-01-05'), false],
  ])('isCalendarDate(%p) is %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('requireCalendarDate', () => {
  it('given an existing date, then returns it', () => {
    expect(requireCalendarDate('occurredOn', '2024-02-29')).toBe('2024-02-29');
  });

  it('given an impossible date, then DomainValidationError naming the field', () => {
    expect(() => requireCalendarDate('measuredOn', '2023-02-29')).toThrow(DomainValidationError);
    try {
      requireCalendarDate('measuredOn', '2023-02-29');
    } catch (error) {
      expect((error as DomainValidationError).errors.map((e) => e.field)).toEqual(['measuredOn']);
    }
  });
});

describe('yearOf', () => {
  it('is the calendar year of the date', () => {
    expect(yearOf('2023-12-31')).toBe(2023);
    expect(yearOf('2024-01-01')).toBe(2024);
  });
});

describe('yearElapsedFraction (pace of an even year, at the end of the day)', () => {
  it.each<[number, string, number]>([
    [2023, '2023-12-31', 1],
    [2023, '2023-01-01', 1 / 365],
    [2023, '2023-07-01', 182 / 365],
    [2024, '2024-07-01', 183 / 366],
    [2024, '2024-02-29', 60 / 366],
    [2023, '2022-12-31', 0],
    [2023, '2022-06-30', 0],
    [2023, '2024-03-01', 1],
  ])('year %d at %s is %p', (year, date, expected) => {
    expect(yearElapsedFraction(year, date)).toBeCloseTo(expected, 10);
  });

  it('mid-year is about half', () => {
    expect(yearElapsedFraction(2023, '2023-07-01')).toBeCloseTo(0.5, 2);
  });
});

describe('dayIn', () => {
  it('is the day in the department’s zone, not in UTC', () => {
    const instant = new Date('2023-12-31T17:30:00Z');
    expect(dayIn('Asia/Shanghai', instant)).toBe('2024-01-01');
    expect(dayIn('UTC', instant)).toBe('2023-12-31');
    expect(dayIn('America/New_York', new Date('2024-01-01T03:00:00Z'))).toBe('2023-12-31');
  });
});

describe('daysBetween', () => {
  it('counts calendar days, across a leap day and backwards', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-05-10', '2023-05-10')).toBe(0);
    expect(daysBetween('2023-05-10', '2023-04-10')).toBe(-30);
  });
});
