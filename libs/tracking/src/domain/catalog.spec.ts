import { describe, expect, it } from '@jest/globals';
import { categoryProblems } from './catalog';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG } from '../../test/domain';

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

describe('categoryProblems', () => {
  const city = { name: 'city', label: '对方城市', type: 'text', required: true };
  const level = { name: 'level', label: '层级', type: 'enum', options: { municipal: '市级', district: '区级' } };
  const withAttributes = (attributes: unknown) => ({ code: 'gala', label: '招待会', attributes });
  const problems = (category: unknown, prefix?: string) => categoryProblems(category, prefix).map((e) => e.field);

  it('accepts the built-in catalog and a well-formed definition', () => {
    for (const category of FOREIGN_AFFAIRS_OFFICE_CATALOG) expect(categoryProblems(category)).toEqual([]);
    expect(categoryProblems(withAttributes([city, level]))).toEqual([]);
    expect(categoryProblems(withAttributes([]))).toEqual([]);
  });

  it('names attributes[0] of attributes: [null], with a reason in Chinese', () => {
    const [error, ...rest] = categoryProblems(withAttributes([null]));
    expect(rest).toEqual([]);
    expect(error.field).toBe('attributes[0]');
    expect(error.reason).toMatch(/属性定义对象/);
    expect(problems(withAttributes([city, 'x', [], 3]))).toEqual(['attributes[1]', 'attributes[2]', 'attributes[3]']);
  });

  it.each<[string, unknown, string[]]>([
    ['an attribute without a key', [{ label: '人数', type: 'integer' }], ['attributes[0].name']],
    ['an attribute key that is not a key', [{ ...city, name: '城市 名' }], ['attributes[0].name']],
    ['a reserved attribute key', [{ ...city, name: 'constructor' }], ['attributes[0].name']],
    ['duplicate keys', [city, { ...city, label: '城市' }], ['attributes[1].name']],
    ['an unknown type', [{ ...city, type: 'date' }], ['attributes[0].type']],
    ['no type', [{ name: 'n', label: 'n' }], ['attributes[0].type']],
    ['no label', [{ name: 'n', type: 'integer' }], ['attributes[0].label']],
    ['required that is not a boolean', [{ ...city, required: 'yes' }], ['attributes[0].required']],
    ['an unknown field', [{ ...city, min: 0 }], ['attributes[0].min']],
    ['an enum without options', [{ ...level, options: undefined }], ['attributes[0].options']],
    ['an enum with empty options', [{ ...level, options: {} }], ['attributes[0].options']],
    ['an enum with a list of options', [{ ...level, options: ['a', 'b'] }], ['attributes[0].options']],
    ['an option without a label', [{ ...level, options: { municipal: '' } }], ['attributes[0].options.municipal']],
    ['an option whose label is not text', [{ ...level, options: { municipal: 1 } }], ['attributes[0].options.municipal']],
    ['a reserved option', [{ ...level, options: { toString: '字符串' } }], ['attributes[0].options.toString']],
    ['options on a text attribute', [{ ...city, options: { a: 'A' } }], ['attributes[0].options']],
    ['attributes that are not a list', { city }, ['attributes']],
    ['too many attributes', Array.from({ length: 51 }, (_, i) => ({ name: `a${i}`, label: 'a', type: 'text' })), ['attributes']],
  ])('refuses %s', (_, attributes, fields) => {
    expect(problems(withAttributes(attributes))).toEqual(fields);
  });

  it('names the duplicate and the attribute it repeats', () => {
    const [error] = categoryProblems(withAttributes([city, level, { ...city }]));
    expect(error).toEqual({ field: 'attributes[2].name', reason: expect.stringContaining('attributes[0]') });
  });

  it('checks the category itself: not an object, no code, no label, unknown fields', () => {
    expect(problems(null)).toEqual(['category']);
    expect(problems(null, 'categories[3]')).toEqual(['categories[3]']);
    expect(problems({ attributes: [] })).toEqual(['code', 'label']);
    expect(problems({ code: 'Gala!', label: ' ', attributes: [], colour: 'red' })).toEqual(['colour', 'code', 'label']);
    expect(problems({ code: 'gala', label: '招待会' })).toEqual(['attributes']);
  });

  it('puts the prefix before every field (a dataset names its entry)', () => {
    expect(problems(withAttributes([null, { ...city, type: 'x' }]), 'categories[1]')).toEqual([
      'categories[1].attributes[0]',
      'categories[1].attributes[1].type',
    ]);
  });

  it('keeps a hostile key short in the field it names', () => {
    const [error] = categoryProblems(withAttributes([{ ...city, ['k'.repeat(10_000)]: 1 }]));
    expect(error.field.length).toBeLessThan(100);
  });
});
