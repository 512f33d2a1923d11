import { describe, expect, it } from '@jest/globals';
import { validateAttributes } from './attributes';
import type { CategorySpec } from './catalog';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG } from '../../test/domain';

const category = (code: string): CategorySpec => {
  const found = FOREIGN_AFFAIRS_OFFICE_CATALOG.find((c) => c.code === code);
  if (!found) throw new Error(`no category ${code}`);
  return found;
};
const fieldsOf = (code: string, attributes: unknown) =>
  validateAttributes(category(code), attributes)
    .map((e) => e.field)
    .sort();

/** A category with one attribute of every type, to test the types in isolation. */
const everyType: CategorySpec = {
  code: 'every-type',
  label: 'test',
  attributes: [
    { name: 'n', label: 'n', type: 'integer' },
    { name: 'amount', label: 'amount', type: 'amount' },
    { name: 'text', label: 'text', type: 'text' },
    { name: 'flag', label: 'flag', type: 'boolean' },
    { name: 'kind', label: 'kind', type: 'enum', options: { a: 'A', b: 'B' } },
  ],
};

describe('validateAttributes', () => {
  it('given valid attributes, then no errors', () => {
    expect(
      validateAttributes(category('new-friendship-city'), {
        city: '拉姆安拉',
        country: '巴勒斯坦',
        relation: 'sister-city',
        level: 'municipal',
      }),
    ).toEqual([]);
    expect(validateAttributes(category('reception'), { persons: 386, cost: 9.42, foreign: true })).toEqual([]);
  });

  it('given an attribute the category does not have, then its field, listing the allowed ones', () => {
    const [error] = validateAttributes(category('policy-briefing'), { participants: 30, cost: 1 });

    expect(error.field).toBe('attributes.cost');
    expect(error.reason).toContain('participants');
  });

  it('given an extra attribute next to the required one, then only the extra is refused', () => {
    expect(fieldsOf('milestone', { milestone: 'handbook', extra: 1 })).toEqual(['attributes.extra']);
  });

  it('given required attributes missing, empty or null, then each is required', () => {
    expect(fieldsOf('new-friendship-city', { city: '', country: null, level: 'municipal' })).toEqual([
      'attributes.city',
      'attributes.country',
      'attributes.relation',
    ]);
  });

  it('given optional attributes absent, then fine', () => {
    expect(fieldsOf('major-event', {})).toEqual([]);
  });

  it.each<[string, unknown, boolean]>([
    ['n', 3, true],
    ['n', 0, true],
    ['n', -1, false],
    ['n', 1.5, false],
    ['n', '3', false],
    ['n', Number.MAX_SAFE_INTEGER + 2, false],
    ['amount', 9.42, true],
    ['amount', 0, true],
    ['amount', -0.01, false],
    ['amount', Number.NaN, false],
    ['amount', Number.POSITIVE_INFINITY, false],
    ['amount', 2e9, false],
    ['amount', '9.42', false],
    ['text', '匈牙利杰尔市', true],
    ['text', 'x'.repeat(500), true],
    ['text', 'x'.repeat(501), false],
    ['text', 5, false],
    ['flag', false, true],
    ['flag', 'true', false],
    ['flag', 1, false],
    ['kind', 'a', true],
    ['kind', 'c', false],
    ['kind', 'toString', false],
    ['kind', 1, false],
  ])('%s = %p is valid: %p', (name, value, valid) => {
    const errors = validateAttributes(everyType, { [name]: value });

    expect(errors.map((e) => e.field)).toEqual(valid ? [] : [`attributes.${name}`]);
  });

  it.each<[unknown]>([[null], [[]], ['participants=3'], [3]])(
    'given %p instead of an object, then one error on attributes',
    (attributes) => {
      expect(validateAttributes(category('major-event'), attributes)).toEqual([{ field: 'attributes', reason: 'must be an object' }]);
    },
  );

  it('given a category stored with a malformed definition (attributes: [null]), then one 400 error naming the category, no TypeError', () => {
    const broken = { code: 'gala', label: '招待会', attributes: [null] } as unknown as CategorySpec;

    expect(validateAttributes(broken, { participants: 3 })).toEqual([
      { field: 'category', reason: expect.stringContaining('attributes[0]') },
    ]);
  });

  it('given several problems, then all are reported', () => {
    expect(fieldsOf('vehicle', { kind: 'lease', cost: -3, persons: 2 })).toEqual([
      'attributes.cost',
      'attributes.kind',
      'attributes.persons',
    ]);
  });
});
