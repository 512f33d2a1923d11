import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from '@app/testing';

const ROOT = join(__dirname, '..', '..');
const DEFAULT_BUILD = join(ROOT, 'bench', 'results', '.build');

/**
 * The servers and the worker run as compiled JavaScript (tsc without type checking), not under
 * ts-node: the worker's peak RSS must not include the TypeScript compiler, and start-up is
 * faster. The orchestrator compiles once and passes BENCH_BUILD_DIR to every benchmark.
 */
export function ensureBuild(log: (line: string) => void = () => undefined): string {
  const given = process.env.BENCH_BUILD_DIR;
  if (given && existsSync(join(given, '.stamp'))) return given;
  const stamp = sourceStamp();
  const stampFile = join(DEFAULT_BUILD, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    process.env.BENCH_BUILD_DIR = DEFAULT_BUILD;
    return DEFAULT_BUILD;
  }
  const started = Date.now();
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'bench', 'tsconfig.build.json'), '--noCheck', '--outDir', DEFAULT_BUILD],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (tsc.status !== 0) throw new Error(`compiling the bench servers failed:\n${tsc.stdout}${tsc.stderr}`);
  // The code's one path alias (@app/<lib>) as packages beside the compiled code.
  for (const lib of readdirSync(join(DEFAULT_BUILD, 'libs'))) {
    const dir = join(DEFAULT_BUILD, 'node_modules', '@app', lib);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.js'), `module.exports = require('../../../libs/${lib}/src');\n`);
    // A second entry point of a library (@app/reporting/jobs) is a folder of src with an index.
    for (const sub of readdirSync(join(DEFAULT_BUILD, 'libs', lib, 'src'), { withFileTypes: true })) {
      if (!sub.isDirectory() || !existsSync(join(DEFAULT_BUILD, 'libs', lib, 'src', sub.name, 'index.js'))) continue;
      mkdirSync(join(dir, sub.name), { recursive: true });
      writeFileSync(join(dir, sub.name, 'index.js'), `module.exports = require('../../../../libs/${lib}/src/${sub.name}');\n`);
    }
  }
  writeFileSync(stampFile, stamp);
  log(`  compiled the servers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.env.BENCH_BUILD_DIR = DEFAULT_BUILD;
  return DEFAULT_BUILD;
}

/** Paths, sizes and times of every source file: unchanged sources reuse the last build. */
function sourceStamp(): string {
  const hash = createHash('sha1');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'results' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const s = statSync(path);
        hash.update(`${path}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ['apps', 'libs', 'bench']) walk(join(ROOT, dir));
  return hash.digest('hex');
}

export interface Child<R = unknown> {
  pid: number;
  /** The child's first message with `ready`. */
  ready: Promise<Record<string, unknown>>;
  /** The child's first message with `result`. */
  result: Promise<R>;
  /** Peak resident set size so far (VmHWM), MB, while the child runs. */
  peakRssMB(): number | null;
  /** SIGTERM, then SIGKILL after a grace period; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines it wrote, for error messages. */
  tail(): string;
}

/**
 * Starts a compiled bench server (e.g. 'bench/servers/api-server.js') with this environment. Its
 * stdout and stderr go to a log file (as in production; a pipe read by the busy load generator
 * would block the server's logger), its messages come over IPC.
 */
export function startChild<R = unknown>(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
  nodeArgs: string[] = [],
  cwd: string = ROOT,
): Child<R> {
  const build = ensureBuild();
  const logDir = join(ROOT, 'bench', 'results', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${entry.split('/').pop()!.replace(/\.js$/, '')}-${process.pid}-${++started}.log`);
  const logFd = openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(build, entry), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  closeSync(logFd);
  let resolveReady!: (v: Record<string, unknown>) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<Record<string, unknown>>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  let resolveResult!: (v: R) => void;
  let rejectResult!: (e: Error) => void;
  const result = new Promise<R>((res, rej) => {
    resolveResult = res;
    rejectResult = rej;
  });
  result.catch(() => undefined);
  ready.catch(() => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const tail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '';
    }
  };
  child.on('message', (message: Record<string, unknown>) => {
    if (message.ready) resolveReady(message);
    if (message.result !== undefined) resolveResult(message.result as R);
  });
  child.once('exit', (code, signal) => {
    const error = new Error(`${entry} exited (${signal ?? code}) before answering; its log ${logFile} ends:\n${tail()}`);
    rejectReady(error);
    rejectResult(error);
  });
  return {
    pid: child.pid!,
    ready,
    result,
    tail,
    peakRssMB() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
        return kb ? kb / 1024 : null;
      } catch {
        return null;
      }
    },
    stop: (graceMs = 10_000) => stopChild(child, exited, graceMs),
  };
}

let started = 0;

export interface CommandRun {
  code: number | null;
  elapsedMs: number;
  output: string;
}

/** Runs a compiled command (e.g. the CLI) to its end; its output goes to a log file and is returned. */
export async function runCompiled(entry: string, args: string[], env: Record<string, string>): Promise<CommandRun> {
  const build = ensureBuild();
  const logDir = join(ROOT, 'bench', 'results', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${entry.split('/').pop()!.replace(/\.js$/, '')}-${process.pid}-${++started}.log`);
  const logFd = openSync(logFile, 'w');
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(build, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, elapsedMs: performance.now() - t0, output: readFileSync(logFile, 'utf8') };
}
