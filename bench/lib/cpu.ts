import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { sleep } from './stats';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux everywhere). */
const TICK_MS = 10;

/** The user + system ticks of one /proc stat line (fields 14 and 15, counted after the command's closing parenthesis). */
function ticksOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process or thread ended between the listing and the read
  }
}

/** CPU time (user + system) a process has used so far, ms. */
export function cpuMs(pid: number): number {
  const stat = readOrNull(`/proc/${pid}/stat`);
  return stat === null ? 0 : ticksOf(stat) * TICK_MS;
}

/**
 * CPU time per thread name (ms): the main thread as `main`, the others by their name (V8's
 * platform workers `node`, libuv's pool `libuv-worker`, …), added up per name. Where a process's
 * CPU per request grows outside every JavaScript function of a profile, this says which thread.
 */
export function threadCpuMs(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const stat = readOrNull(`/proc/${pid}/task/${task}/stat`);
    if (stat === null) continue;
    const name = task === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    byName.set(name, (byName.get(name) ?? 0) + ticksOf(stat) * TICK_MS);
  }
  return byName;
}

/** CPU time (ms) used so far by each live process named `name` (PostgreSQL's backends: `postgres`), by pid. */
export function cpuMsOfProcessesNamed(name: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || readOrNull(`/proc/${pid}/comm`)?.trim() !== name) continue;
    byPid.set(Number(pid), cpuMs(Number(pid)));
  }
  return byPid;
}

/** A Node process by what it runs: this benchmark, or the script it was started with (node api-server, node worker). */
function nodeRole(pid: number): string {
  if (pid === process.pid) return 'node (this benchmark)';
  const script = (readOrNull(`/proc/${pid}/cmdline`) ?? '').split('\0').find((arg) => /\.[cm]?[jt]s$/.test(arg));
  return script
    ? `node ${script
        .split('/')
        .pop()!
        .replace(/\.[cm]?[jt]s$/, '')}`
    : 'node';
}

/** CPU time (ms) used so far by every live process, added up by command name (node, postgres, chromium by process type, …). */
export function cpuMsByCommand(): Map<string, number> {
  const byCommand = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const command = readOrNull(`/proc/${pid}/comm`)?.trim();
    if (!command) continue;
    // Chromium's processes by their role (--type=renderer, gpu-process, utility; none is the browser).
    const type = command === 'chromium' ? (/--type=([a-z-]+)/.exec(readOrNull(`/proc/${pid}/cmdline`) ?? '')?.[1] ?? 'browser') : null;
    const name = type ? `${command} ${type}` : command === 'node' ? nodeRole(Number(pid)) : command;
    byCommand.set(name, (byCommand.get(name) ?? 0) + cpuMs(Number(pid)));
  }
  return byCommand;
}

/** The machine's busy CPU time so far (ms, all cores): everything but idle and iowait. */
export function machineBusyMs(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user + nice + system + irq + softirq + steal) * TICK_MS;
}

/** Where the machine's CPU went while a load ran: the server under test, this process (the load generator), PostgreSQL, the rest. */
export interface CpuBudget {
  at: number;
  server: number;
  driver: number;
  /** By backend: a backend that exits takes its CPU time out of any sum (see describeBudget). */
  postgres: Map<number, number>;
  machine: number;
}

/** A reading of the CPU budget now, the server under test being `serverPid`. */
export function cpuBudget(serverPid: number): CpuBudget {
  const self = process.cpuUsage();
  return {
    at: performance.now(),
    server: cpuMs(serverPid),
    driver: (self.user + self.system) / 1000,
    postgres: cpuMsOfProcessesNamed('postgres'),
    machine: machineBusyMs(),
  };
}

/**
 * The CPU each answered request cost between two readings, per part, and how busy the machine's
 * `cores` were: `api 0.62 + load generator 0.31 + PostgreSQL 0.12 + rest 0.05 ms; machine 97 % busy`.
 * With the machine near 100 %, latency at a fixed number of connections is queueing for the cores
 * (Little's law: mean latency = connections / throughput), whatever one part costs alone.
 */
export function describeBudget(before: CpuBudget, after: CpuBudget, requests: number, cores: number): string {
  const per = (ms: number) => ms / Math.max(1, requests);
  // Backends alive at the end: what they used since the first reading (all of it, if they started since).
  // One that ended in between is missed (a pool's idle connection closing, not the answers' own).
  let postgres = 0;
  for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0);
  const server = after.server - before.server;
  const driver = after.driver - before.driver;
  const machine = after.machine - before.machine;
  const rest = Math.max(0, machine - server - driver - postgres);
  const busy = machine / (cores * (after.at - before.at));
  return (
    `api ${per(server).toFixed(3)} + load generator ${per(driver).toFixed(3)} + PostgreSQL ${per(postgres).toFixed(3)}` +
    ` + rest ${per(rest).toFixed(3)} ms CPU per request; machine ${Math.round(100 * busy)} % busy`
  );
}

/** The machine's CPU at a moment: each command's time so far, the busy time, and when. */
export interface MachineCpu {
  byCommand: Map<string, number>;
  busy: number;
  at: number;
}

export const machineCpu = (): MachineCpu => ({ byCommand: cpuMsByCommand(), busy: machineBusyMs(), at: performance.now() });

/** Where the machine's CPU went since `before`: the busy share of all cores, then ms by command, largest first. */
export function describeMachineCpuSince(before: MachineCpu): string {
  const wall = performance.now() - before.at;
  const used = [...cpuMsByCommand()]
    .map(([command, ms]) => [command, ms - (before.byCommand.get(command) ?? 0)] as const)
    .filter(([, ms]) => ms >= 10)
    .sort((a, b) => b[1] - a[1]);
  const busy = machineBusyMs() - before.busy;
  return `${Math.round(wall)} ms wall, machine ${Math.round((100 * busy) / (wall * availableParallelism()))} % busy: ${used.map(([c, ms]) => `${c} ${ms}`).join(', ')}`;
}

/**
 * Waits until the machine is quiet: less than `share` of all cores busy over `windowMs`, at most
 * `maxMs`. Returns how long that took and whether it went quiet.
 */
export async function waitForQuietMachine({ windowMs = 250, share = 0.2, maxMs = 10_000 } = {}): Promise<{
  waitedMs: number;
  quiet: boolean;
}> {
  const started = performance.now();
  for (;;) {
    const before = machineBusyMs();
    const at = performance.now();
    await sleep(windowMs);
    const busy = (machineBusyMs() - before) / ((performance.now() - at) * availableParallelism());
    const waitedMs = performance.now() - started;
    if (busy < share) return { waitedMs, quiet: true };
    if (waitedMs >= maxMs) return { waitedMs, quiet: false };
  }
}
