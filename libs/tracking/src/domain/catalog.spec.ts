import { describe, expect, it } from '@jest/globals';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG } from './catalog';

describe('FOREIGN_AFFAIRS_OFFICE_CATALOG', () => {
  it('has unique, lowercase category codes', () => {
    const codes = FOREIGN_AFFAIRS_OFFICE_CATALOG.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^[a-z0-9][a-z0-9-]{0,63}$/.test(c))).toBe(true);
  });

  it('gives every enum attribute its options and no other attribute any', () => {
    const attributes = FOREIGN_AFFAIRS_OFFICE_CATALOG.flatMap((c) => c.attributes);
    expect(attributes.filter((a) => a.type === 'enum').every((a) => Object.keys(a.options ?? {}).length > 0)).toBe(true);
    expect(attributes.filter((a) => a.type !== 'enum').every((a) => a.options === undefined)).toBe(true);
  });

  it('distinguishes the four kinds of agreement of the seed: relation and level are required enums', () => {
    const city = FOREIGN_AFFAIRS_OFFICE_CATALOG.find((c) => c.code === 'new-friendship-city');
    const relation = city?.attributes.find((a) => a.name === 'relation');
    const level = city?.attributes.find((a) => a.name === 'level');

    expect(Object.keys(relation?.options ?? {})).toEqual(['sister-city', 'friendly-exchange', 'mou']);
    expect(Object.keys(level?.options ?? {})).toEqual(['municipal', 'district']);
    expect(relation?.required && level?.required).toBe(true);
  });

  it('covers the office’s activity kinds named in domain.md', () => {
    expect(FOREIGN_AFFAIRS_OFFICE_CATALOG.map((c) => c.code)).toEqual(
      expect.arrayContaining([
        'major-event',
        'exchange-project',
        'new-friendship-city',
        'foreign-institution',
        'home-in-wuhan',
        'hk-macao-youth',
        'policy-briefing',
        'investment-info',
        'signed-project',
        'investment-event',
        'consulate-tour',
        'milestone',
        'trip-abroad',
        'reception',
        'vehicle',
      ]),
    );
  });
});
