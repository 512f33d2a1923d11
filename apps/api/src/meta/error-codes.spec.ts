import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ERROR_CODES } from './error-codes';
import { META } from './meta.controller';

/** The sources an answer's `error` code can come from (tests excluded). */
const ROOTS = ['apps/api/src', 'apps/worker/src', 'libs'];
/** A quoted code of the api's form: `'ACTIVITY.NOT_FOUND'`, `"AUTH.FORBIDDEN"`. */
const CODE = /['"`]([A-Z][A-Z_]*\.[A-Z][A-Z_]*)['"`]/g;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test') yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
      yield path;
    }
  }
}

describe('ERROR_CODES', () => {
  it('names every code the sources throw, so the web app has words for each', () => {
    const thrown = new Set<string>();
    for (const root of ROOTS)
      for (const file of sources(join(process.cwd(), root))) for (const m of readFileSync(file, 'utf8').matchAll(CODE)) thrown.add(m[1]);
    const known = new Set<string>(ERROR_CODES);
    expect([...thrown].filter((code) => !known.has(code)).sort()).toEqual([]);
  });

  it('is served by GET /api/meta, each code once', () => {
    expect(META.errorCodes).toEqual([...ERROR_CODES]);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
