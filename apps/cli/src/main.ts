import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { CodedError, EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import { CommandBus } from '@nestjs/cqrs';
import {
  CopyPlan,
  DomainValidationError,
  parseDataset,
  DatasetImporter,
  Streams,
  TRACKING_PROJECTIONS,
  TrackingQueries,
} from '@app/tracking';
import { parseArgs } from './args';
import { CliModule } from './cli.module';
import { renderProgressTable } from './progress-table';
import { isSpreadsheetFile, runSpreadsheetImport } from './spreadsheet-command';
import { runReportCommand } from './report-command';
import { AppConfig } from '@app/config';
import { runUsersCommand, USERS_USAGE, UsersUsageError } from '@app/accounts';

const USAGE = `Usage:
  npm run import -- <dataset.yaml>
  npm run import -- <file.xlsx|.csv> --department <code> --year <yyyy> [--category <code>] [--dry-run]
  npm run progress -- --department <code> --year <yyyy> [--as-of YYYY-MM-DD] [--known-at ISO-time] [--json]
  npm run report -- --department <code> --year <yyyy> [--as-of YYYY-MM-DD] [--format json|xlsx|html] [--out <file>]
  npm run plan -- copy --department <code> --from <yyyy> --to <yyyy>
  npm run projections:rebuild -- <projection-name>|--all
${USERS_USAGE}`;

/**
 * Catches the projections up in this process (harmless beside a running worker: a projection
 * another process holds is skipped) and waits until they have seen everything committed.
 */
async function catchUp(app: INestApplicationContext, timeoutMs: number): Promise<void> {
  const pool = app.get(Pool);
  const runner = new ProjectionRunner(pool, app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await catchUpProjections(pool, runner, { timeoutMs });
}

async function run(app: INestApplicationContext, argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const args = parseArgs(rest);
  switch (command) {
    case 'import': {
      const file = args._[0];
      if (!file) throw new UsageError('import needs a dataset file');
      if (isSpreadsheetFile(file)) {
        const department = args.department;
        const year = Number(args.year);
        if (typeof department !== 'string' || !Number.isInteger(year))
          throw new UsageError('import of a spreadsheet needs --department and --year');
        if (args.category !== undefined && typeof args.category !== 'string') throw new UsageError('--category needs a category code');
        const print = (line: string) => process.stdout.write(`${line}\n`);
        const options = {
          file,
          department,
          year,
          category: (args.category as string | undefined) ?? null,
          dryRun: args['dry-run'] === true,
        };
        if (await runSpreadsheetImport(app, options, print)) await catchUp(app, 30_000);
        return;
      }
      const summary = await app.get(DatasetImporter).import(parseDataset(readFileSync(file, 'utf8')));
      await catchUp(app, 30_000);
      process.stdout.write(
        `Imported ${file}: ${summary.department} ${summary.year}, ${summary.applied} commands applied, ${summary.unchanged} unchanged\n`,
      );
      return;
    }
    case 'progress': {
      const department = args.department;
      const year = Number(args.year);
      if (typeof department !== 'string' || !Number.isInteger(year)) throw new UsageError('progress needs --department and --year');
      await catchUp(app, Number(args.timeout ?? 15_000));
      const view = await app.get(TrackingQueries).progress(department, year, {
        asOf: typeof args['as-of'] === 'string' ? args['as-of'] : undefined,
        knownAt: typeof args['known-at'] === 'string' ? args['known-at'] : undefined,
      });
      process.stdout.write(args.json ? `${JSON.stringify(view, null, 2)}\n` : `${renderProgressTable(view)}\n`);
      return;
    }
    case 'report': {
      const department = args.department;
      const year = Number(args.year);
      const format = (args.format ?? 'json') as string;
      if (typeof department !== 'string' || !Number.isInteger(year)) throw new UsageError('report needs --department and --year');
      if (!['json', 'xlsx', 'html'].includes(format)) throw new UsageError('--format must be json, xlsx or html');
      await catchUp(app, 30_000);
      await runReportCommand(app, {
        department,
        year,
        asOf: typeof args['as-of'] === 'string' ? args['as-of'] : null,
        format: format as 'json' | 'xlsx' | 'html',
        out: typeof args.out === 'string' ? args.out : null,
        timeoutMs: Number(args.timeout ?? 60_000),
      });
      return;
    }
    case 'plan': {
      // plan copy: start a year's plan from another year's; idempotent (a second copy adds nothing).
      const [sub] = args._;
      const department = args.department;
      const from = Number(args.from);
      const to = Number(args.to);
      if (sub !== 'copy') throw new UsageError('plan needs a subcommand: copy');
      if (typeof department !== 'string' || !Number.isInteger(from) || !Number.isInteger(to)) {
        throw new UsageError('plan copy needs --department, --from and --to');
      }
      const streams = app.get(Streams);
      const before = (await streams.plan(department, to)).version;
      const result = await app
        .get(CommandBus)
        .execute(new CopyPlan(department, to, from, { actor: 'cli', correlationId: 'cli:plan-copy' }));
      await catchUp(app, 30_000);
      const name = (await streams.department(department))?.name ?? department;
      const plan = await streams.plan(department, to);
      const pending = plan.targets.filter((t) => t.carriedOver).length;
      process.stdout.write(
        result.duplicate || result.version === before
          ? `${name} ${to} 年度计划已沿用过 ${from} 年度计划，本次没有新增内容（计划版本 ${plan.version}）\n`
          : `已将${name} ${from} 年度的计划沿用到 ${to} 年度（计划版本 ${result.version}）；${pending} 个目标值标为“沿用上年”，待确认或修改\n`,
      );
      return;
    }
    case 'projections:rebuild': {
      // Larger batches than the worker's: a rebuild reads everything, and fewer rounds (each a few
      // round trips per projection) take about an eighth off a million events; memory is no concern here.
      const runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS, { batchSize: 5000 });
      await runner.prepare();
      const names = args.all ? TRACKING_PROJECTIONS.map((p) => p.name) : args._;
      if (names.length === 0) throw new UsageError(`name a projection: ${TRACKING_PROJECTIONS.map((p) => p.name).join(', ')} (or --all)`);
      // One pass over the events for all of them: each batch is read once.
      const started = Date.now();
      const applied = await runner.rebuildAll(names);
      const ms = Date.now() - started;
      for (const [name, count] of applied) process.stdout.write(`Rebuilt ${name}: ${count} events in ${ms} ms\n`);
      return;
    }
    case 'users':
    case 'users:create':
    case 'users:demo': {
      // `npm run users -- create ...` runs `main.js users create ...`; users:create is the same.
      const argv = command === 'users' ? rest : [command.slice('users:'.length), ...rest];
      const print = (line: string) => process.stdout.write(`${line}\n`);
      try {
        await runUsersCommand(app.get(Pool), app.get(AppConfig), argv, print);
      } catch (error) {
        throw error instanceof UsersUsageError ? new UsageError(error.message) : error;
      }
      return;
    }
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  }
}

class UsageError extends Error {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    await run(app, process.argv.slice(2));
  } catch (error) {
    process.exitCode = error instanceof UsageError ? 2 : 1;
    if (error instanceof UsageError) process.stderr.write(`${error.message}\n${USAGE}\n`);
    else if (error instanceof DomainValidationError) {
      process.stderr.write(`Invalid input:\n${error.errors.map((e) => `  ${e.field}: ${e.reason}`).join('\n')}\n`);
    } else if (error instanceof CodedError) process.stderr.write(`${error.code}: ${error.message}\n`);
    else new Logger('cli').error(error instanceof Error ? error.stack : String(error));
  } finally {
    await app.close();
  }
}

void main();
