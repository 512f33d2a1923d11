import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';

/** Lints `code` as if it stood at `file` (the file need not exist) and returns the boundary messages. */
function boundaryErrors(file: string, code: string): string[] {
  const run = spawnSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '--stdin', '--stdin-filename', file, '--format', 'json'], {
    input: code,
    encoding: 'utf8',
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the import boundaries (eslint.config.mjs)', () => {
  it('refuses an app importing another app', () => {
    expect(boundaryErrors('apps/cli/src/example.ts', "import { createApp } from '../../api/src/bootstrap';\nvoid createApp;\n")).toEqual([
      expect.stringContaining('never imports another app'),
    ]);
  });

  it('refuses a library importing an app, tests included', () => {
    expect(
      boundaryErrors(
        'libs/tracking/src/import/example.int-spec.ts',
        "import { CliModule } from '../../../../apps/cli/src/cli.module';\nvoid CliModule;\n",
      ),
    ).toEqual([expect.stringContaining('never imports an app')]);
  });

  it('refuses a deep path into a library, by alias or by relative path', () => {
    expect(
      boundaryErrors('apps/api/src/example.ts', "import { EventStore } from '@app/event-store/event-store';\nvoid EventStore;\n"),
    ).toEqual([expect.stringContaining('entry point')]);
    expect(
      boundaryErrors('bench/example.ts', "import { EventStore } from '../libs/event-store/src/event-store';\nvoid EventStore;\n"),
    ).toEqual([expect.stringContaining('entry point')]);
  });

  it('refuses the event store importing the domain, and production code importing the test helpers', () => {
    expect(
      boundaryErrors(
        'libs/event-store/src/example.int-spec.ts',
        "import { TRACKING_PROJECTIONS } from '@app/tracking';\nvoid TRACKING_PROJECTIONS;\n",
      ),
    ).toEqual([expect.stringContaining('libs/event-store may import only')]);
    expect(
      boundaryErrors('apps/api/src/example.ts', "import { createTestDatabase } from '@app/testing';\nvoid createTestDatabase;\n"),
    ).toEqual([expect.stringContaining('test helpers')]);
  });

  it('allows the entry points in the direction of the layers', () => {
    expect(
      boundaryErrors(
        'apps/api/src/example.ts',
        "import { EventStore } from '@app/event-store';\nimport { ReportingModule } from '@app/reporting/jobs';\nvoid EventStore;\nvoid ReportingModule;\n",
      ),
    ).toEqual([]);
    expect(
      boundaryErrors(
        'libs/reporting/src/example.ts',
        "import { TRACKING_PROJECTIONS } from '@app/tracking';\nvoid TRACKING_PROJECTIONS;\n",
      ),
    ).toEqual([]);
  });
});
