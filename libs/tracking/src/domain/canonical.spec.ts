import { describe, expect, it } from '@jest/globals';
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
