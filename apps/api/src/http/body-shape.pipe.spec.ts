import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import { jsonShapeProblem, MAX_JSON_DEPTH } from '@app/tracking';
import { BodyShapePipe } from './body-shape.pipe';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('jsonShapeProblem', () => {
  it('accepts ordinary bodies, control characters other than U+0000 included', () => {
    expect(jsonShapeProblem({ title: '举办“湖北武汉香港周”\t\n', attributes: { participants: 40, list: ['a', null, 1] } })).toBeNull();
    expect(jsonShapeProblem(nested(MAX_JSON_DEPTH))).toBeNull();
  });

  it('refuses nesting deeper than the limit, without recursion', () => {
    expect(jsonShapeProblem(nested(MAX_JSON_DEPTH + 1))).toEqual({ field: 'body', reason: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    expect(jsonShapeProblem(nested(100_000))?.field).toBe('body');
  });

  it('names the field whose text holds U+0000, at any depth', () => {
    expect(jsonShapeProblem({ title: 'a\u0000b' })).toEqual({ field: 'title', reason: 'must not contain the character U+0000' });
    expect(jsonShapeProblem({ attributes: { city: ['ok', '\u0000'] } })?.field).toBe('attributes.city[1]');
    expect(jsonShapeProblem('\u0000')?.field).toBe('body');
    expect(jsonShapeProblem({ ['x\u0000']: 1 })).toEqual({
      field: 'x\\u0000',
      reason: 'a field name must not contain the character U+0000',
    });
  });
});

describe('BodyShapePipe', () => {
  const pipe = new BodyShapePipe();

  it('answers 400 with the field and the reason, for a body, a query or a path parameter', () => {
    for (const type of ['body', 'query', 'param'] as const) {
      try {
        pipe.transform({ q: '\u0000' }, { type });
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(BadRequestException);
        expect((error as BadRequestException).getResponse()).toMatchObject({
          errors: [{ field: 'q', reason: 'must not contain the character U+0000' }],
        });
      }
    }
  });

  it('passes a valid value through unchanged', () => {
    const body = { title: '一场活动' };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
  });
});
