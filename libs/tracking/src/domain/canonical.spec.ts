import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson, sameValue } from './canonical';

describe('canonicalJson', () => {
  it('sorts object keys at every depth, leaving arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives scalars as JSON', () => {
    expect(canonicalJson('会见')).toBe('"会见"');
    expect(canonicalJson(2.5)).toBe('2.5');
    expect(canonicalJson(null)).toBe('null');
  });
});

/** The definition canonicalJson must keep: JSON.stringify with a replacer sorting each object's keys. */
const byReplacer = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

describe('canonicalJson against its definition', () => {
  it('gives the text of a key-sorting JSON.stringify for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => canonicalJson(value) === byReplacer(value)));
  });

  it('leaves out undefined members, writes null for undefined items and dates as JSON does', () => {
    const values = fc.anything({
      withDate: true,
      withNullPrototype: true,
      withObjectString: false,
      withBigInt: false,
      withMap: false,
      withSet: false,
    });
    fc.assert(fc.property(values, (value) => canonicalJson({ value }) === byReplacer({ value })));
    expect(canonicalJson({ b: undefined, a: [undefined, new Date(0)] })).toBe('{"a":[null,"1970-01-01T00:00:00.000Z"]}');
    // Index-like keys come first in numeric order, as in the replacer's rebuilt object (stored fingerprints depend on it).
    expect(canonicalJson({ b: 1, '': 2, 10: 3, 9: 4 })).toBe('{"9":4,"10":3,"":2,"b":1}');
  });
});

describe('sameValue', () => {
  it('given equal objects with keys in another order (as jsonb returns them), then true', () => {
    expect(sameValue({ participants: 20, countries: 1 }, { countries: 1, participants: 20 })).toBe(true);
  });

  it.each<[unknown, unknown]>([
    [{ a: 1 }, { a: 2 }],
    [{ a: 1 }, { a: 1, b: 2 }],
    [
      [1, 2],
      [2, 1],
    ],
    [1, '1'],
    [null, {}],
    [true, 'true'],
  ])('given %p and %p, then false', (a, b) => {
    expect(sameValue(a, b)).toBe(false);
  });
});
