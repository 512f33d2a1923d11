import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categoryProblems } from '../domain/catalog';
import { isCalendarDate } from '../domain/dates';
import type { FieldError } from '../domain/errors';
import { refusal } from '../../test/domain';
import { DATASET_FORMAT, entryCommandId, entryUuid, parseDataset } from './dataset';

const refusalOf = (text: string) => refusal(() => parseDataset(text));
const fields = (errors: FieldError[]) => errors.map((e) => e.field);

const header = `format: ${DATASET_FORMAT}
department: { code: wh-fao, name: 武汉市外办 }
year: 2023
`;
const activity = (key: string, extra = '') => `  - key: ${key}
    category: exchange-project
    title: 项目 ${key}
    occurredOn: 2023-05-01
    role: 主办
${extra}`;

describe('parseDataset', () => {
  it('given a minimal file, then defaults fill the lists and the catalog', () => {
    const dataset = parseDataset(header);

    expect(dataset).toMatchObject({
      format: DATASET_FORMAT,
      department: { code: 'wh-fao', name: '武汉市外办' },
      year: 2023,
      catalog: 'foreign-affairs-office',
      measures: [],
      activities: [],
      measurements: [],
      adjustments: [],
      budgets: {},
      plans: { keyWork: [], departmentGoals: [], projects: [] },
    });
  });

  it('given unquoted YAML dates, then they stay the same strings (no Date, no time-zone shift)', () => {
    const dataset = parseDataset(`${header}activities:
${activity('a1')}measurements:
  - measure: awareness-rate
    value: 100
    measuredOn: 2023-12-31
`);

    expect(dataset.activities[0].occurredOn).toBe('2023-05-01');
    expect(dataset.measurements[0].measuredOn).toBe('2023-12-31');
    expect(typeof dataset.activities[0].occurredOn).toBe('string');
  });

  it('given a parent listed after its part, then accepted', () => {
    const dataset = parseDataset(`${header}activities:
${activity('part', '    parent: project\n')}${activity('project')}`);

    expect(dataset.activities.map((a) => [a.key, a.parent])).toEqual([
      ['part', 'project'],
      ['project', undefined],
    ]);
  });

  it('given duplicate keys, then refused naming the later entry', () => {
    const errors = refusalOf(`${header}activities:
${activity('a1')}${activity('a2')}${activity('a1')}`);

    expect(errors).toEqual([{ field: 'activities[2].key', reason: 'duplicate key a1' }]);
  });

  it('given a parent that no activity has as key, then refused naming the entry’s parent field', () => {
    const errors = refusalOf(`${header}activities:
${activity('a1')}${activity('a2', '    parent: gyor-project\n')}`);

    expect(errors).toEqual([{ field: 'activities[1].parent', reason: 'no activity with key gyor-project' }]);
  });

  it('given a U+0000 (which PostgreSQL cannot store) in an entry, then refused naming it before any command', () => {
    const errors = refusalOf(`${header}activities:
${activity('a1')}${activity('a2', '    notes: "a\\u0000b"\n')}`);

    expect(errors).toEqual([{ field: 'activities[1].notes', reason: 'must not contain the character U+0000' }]);
  });

  it('given a missing key, then refused on it', () => {
    expect(fields(refusalOf(`${header}activities:\n  - title: 无键\n`))).toEqual(['activities[0].key']);
  });

  it('given every header wrong, then all are reported at once', () => {
    expect(fields(refusalOf('format: other/v0\nyear: 二〇二三\nmeasures: {}\n'))).toEqual([
      'format',
      'department.code',
      'year',
      'measures',
    ]);
  });

  it.each<[string, string]>([
    ['activities as a mapping', 'activities: { a1: { key: a1 } }\n'],
    ['activities as text', 'activities: none\n'],
    ['activities as a number', 'activities: 3\n'],
  ])('given %s, then refused on activities (never a TypeError)', (_, body) => {
    expect(fields(refusalOf(`${header}${body}`))).toEqual(['activities']);
  });

  it.each<[string, string]>([
    ['text that is not YAML', 'format: [unclosed\n'],
    ['a scalar', 'just words\n'],
    ['an empty file', ''],
  ])('given %s, then refused on file', (_, text) => {
    expect(fields(refusalOf(text))).toEqual(['file']);
  });

  it('given categories, then they are kept as defined', () => {
    const dataset = parseDataset(`${header}categories:
  - code: gala
    label: 招待会
    attributes:
      - { name: guests, label: 来宾人数, type: integer, required: true }
      - { name: level, label: 层级, type: enum, options: { municipal: 市级 } }
`);

    expect(dataset.categories).toEqual([
      {
        code: 'gala',
        label: '招待会',
        attributes: [
          { name: 'guests', label: '来宾人数', type: 'integer', required: true },
          { name: 'level', label: '层级', type: 'enum', options: { municipal: '市级' } },
        ],
      },
    ]);
    expect(parseDataset(header).categories).toEqual([]);
  });

  it('given a category with attributes: [null], then refused naming the entry’s attribute, as defineCategory would', () => {
    const errors = refusalOf(`${header}categories:
  - { code: gala, label: 招待会, attributes: [] }
  - code: dinner
    label: 宴请
    attributes: [null]
`);

    expect(errors).toEqual(categoryProblems({ code: 'dinner', label: '宴请', attributes: [null] }, 'categories[1]'));
    expect(errors).toEqual([{ field: 'categories[1].attributes[0]', reason: expect.stringMatching(/属性定义/) }]);
  });

  it('given malformed categories, then every problem is named at once', () => {
    const errors = refusalOf(`${header}categories:
  - code: gala
    label: 招待会
    attributes:
      - { label: 无键, type: integer }
      - { name: kind, label: 类型, type: enum }
      - { name: when, label: 日期, type: date }
      - { name: kind, label: 类型, type: text }
  - null
  - { code: gala, label: 重复, attributes: [] }
`);

    expect(fields(errors)).toEqual([
      'categories[0].attributes[0].name',
      'categories[0].attributes[1].options',
      'categories[0].attributes[2].type',
      'categories[0].attributes[3].name',
      'categories[1]',
    ]);
    expect(fields(refusalOf(`${header}categories: { gala: 招待会 }\n`))).toEqual(['categories']);
  });

  it('given two valid categories with one code, then the later is refused', () => {
    const errors = refusalOf(`${header}categories:
  - { code: gala, label: 招待会, attributes: [] }
  - { code: gala, label: 重复, attributes: [] }
`);

    expect(fields(errors)).toEqual(['categories[1].code']);
  });

  it('parses the shipped 2023 dataset: unique keys, known parents, real dates', () => {
    const dataset = parseDataset(readFileSync(join(process.cwd(), 'datasets', 'wuhan-fao-2023.yaml'), 'utf8'));
    const keys = new Set(dataset.activities.map((a) => a.key));

    expect(dataset.year).toBe(2023);
    expect(keys.size).toBe(dataset.activities.length);
    expect(dataset.activities.filter((a) => a.parent !== undefined && !keys.has(a.parent))).toEqual([]);
    expect(dataset.activities.filter((a) => !isCalendarDate(a.occurredOn)).map((a) => a.key)).toEqual([]);
    expect(dataset.measurements.filter((m) => !isCalendarDate(m.measuredOn))).toEqual([]);
  });
});

describe('entryUuid', () => {
  const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('is a UUID v5-shaped string (version 5, RFC 4122 variant)', () => {
    for (const key of ['exchange-01', 'exchange-03-2', 'city-1', '', '家在武汉-1']) {
      expect(entryUuid('wh-fao', key)).toMatch(UUID_V5);
    }
  });

  it('is stable: the same department and key give the same id, today and in any later import', () => {
    expect(entryUuid('wh-fao', 'exchange-01')).toBe(entryUuid('wh-fao', 'exchange-01'));
    // Pinned: a change of derivation would make a re-import address different activity streams.
    expect(entryUuid('wh-fao', 'exchange-01')).toBe('d59ce918-6ecf-5292-9081-014bed8144b4');
  });

  it('differs by key and by department', () => {
    const ids = new Set([entryUuid('wh-fao', 'a'), entryUuid('wh-fao', 'b'), entryUuid('other', 'a')]);
    expect(ids.size).toBe(3);
  });
});

describe('entryCommandId', () => {
  it('changes when the content changes and not otherwise', () => {
    const a = entryCommandId('wh-fao', 2023, 'activity', { title: 'x' });
    expect(entryCommandId('wh-fao', 2023, 'activity', { title: 'x' })).toBe(a);
    expect(entryCommandId('wh-fao', 2023, 'activity', { title: 'y' })).not.toBe(a);
    expect(a).toMatch(/^import:wh-fao:2023:activity:[0-9a-f]{20}$/);
  });
});
