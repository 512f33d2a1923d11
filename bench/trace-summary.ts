/**
 * What a renderer's main thread did between navigation and the dashboard's first figure, from a
 * Chromium trace written by `BENCH_TRACE=<folder> bench/dashboard-browser.ts`: each task longer
 * than a threshold, in time order (ms since navigation start), with what took its time (the
 * events inside it, by name, their own time) and the scripts it ran; then the totals by name.
 *
 *   TS_NODE_PROJECT=tsconfig.json node -r ts-node/register/transpile-only bench/trace-summary.ts <trace.json> [min-ms]
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  id?: string;
  args?: { name?: string; data?: ProfileData & { url?: string; frame?: string; functionName?: string; startTime?: number } };
}

/** A chunk of V8's sampling profile in a trace (category disabled-by-default-v8.cpu_profiler). */
interface ProfileData {
  cpuProfile?: {
    nodes?: { id: number; parent?: number; callFrame: { functionName: string; url?: string; lineNumber: number } }[];
    samples?: number[];
  };
  timeDeltas?: number[];
}

const MARK = 'dashboard:first-figure';

function main(): void {
  const [file, minArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: trace-summary <trace.json> [min-ms]');
  const minMs = Number(minArg ?? 3);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as TraceEvent[] | { traceEvents: TraceEvent[] };
  const events = Array.isArray(raw) ? raw : raw.traceEvents;

  const mark = events.find((e) => e.name === MARK && (e.ph === 'R' || e.ph === 'I' || e.ph === 'b' || e.ph === 'n'));
  if (!mark) throw new Error(`no ${MARK} mark in the trace`);
  const mainThread = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain',
  );
  const tid = mainThread?.tid ?? mark.tid;
  const navigation = events.find((e) => e.name === 'navigationStart' && e.pid === mark.pid);
  const zero = navigation?.ts ?? mark.ts - 1_000_000;
  const at = (ts: number) => ((ts - zero) / 1000).toFixed(0);
  process.stdout.write(
    `renderer ${mark.pid}: navigation start ${navigation ? 'found' : 'missing (zero = mark − 1 s)'}, first figure at ${at(mark.ts)} ms\n`,
  );

  const slices = events
    .filter((e) => e.pid === mark.pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined && e.ts >= zero && e.ts <= mark.ts)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Top-level tasks: slices not inside an earlier one.
  const tasks: { task: TraceEvent; inside: TraceEvent[] }[] = [];
  for (const slice of slices) {
    const open = tasks.at(-1);
    if (open && slice.ts < open.task.ts + open.task.dur!) open.inside.push(slice);
    else tasks.push({ task: slice, inside: [] });
  }

  const totals = new Map<string, number>();
  let busy = 0;
  for (const { task, inside } of tasks) {
    busy += task.dur!;
    const own = selfTimes(task, inside);
    for (const [name, us] of own) totals.set(name, (totals.get(name) ?? 0) + us);
    if (task.dur! / 1000 < minMs) continue;
    const top = [...own.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`)
      .join(', ');
    const scripts = [
      ...new Set(
        inside
          .map((e) => e.args?.data?.url)
          .filter((u): u is string => !!u)
          .map((u) => u.split('/').pop()),
      ),
    ].slice(0, 8);
    process.stdout.write(
      `${at(task.ts).padStart(5)}–${at(task.ts + task.dur!).padEnd(5)} ${(task.dur! / 1000).toFixed(1).padStart(6)} ms  ${top}` +
        `${scripts.length ? `  [${scripts.join(' ')}]` : ''}\n`,
    );
  }
  process.stdout.write(`\nmain thread busy ${(busy / 1000).toFixed(0)} ms of ${at(mark.ts)} ms; own time by name:\n`);
  for (const [name, us] of [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    process.stdout.write(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${name}\n`);
  }
  jsProfile(events, mark.pid, zero, mark.ts);
}

/**
 * The renderer's JavaScript by function (its own sampled time, ms) before the first figure, and by
 * script: from the V8 sampling profile the trace holds (its Profile and ProfileChunk events).
 */
function jsProfile(events: TraceEvent[], pid: number, from: number, to: number): void {
  const chunks = events.filter((e) => e.pid === pid && e.name === 'ProfileChunk');
  const start = events.find((e) => e.pid === pid && e.name === 'Profile')?.args?.data?.startTime;
  if (!chunks.length || start === undefined) {
    process.stdout.write('\nno V8 profile in the trace\n');
    return;
  }
  const frames = new Map<number, string>();
  const byFunction = new Map<string, number>();
  const byScript = new Map<string, number>();
  let time = start;
  let previous: number | null = null;
  for (const chunk of chunks) {
    const data = chunk.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) {
      const { functionName, url, lineNumber } = node.callFrame;
      frames.set(node.id, `${functionName || '(anonymous)'} ${url?.split('/').pop() ?? ''}:${lineNumber + 1}`);
    }
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    samples.forEach((node, i) => {
      time += deltas[i] ?? 0;
      // A sample's time runs until the next one.
      if (previous !== null && time > from && time <= to) {
        const frame = frames.get(previous) ?? String(previous);
        const spent = deltas[i] ?? 0;
        byFunction.set(frame, (byFunction.get(frame) ?? 0) + spent);
        const script = frame.split(' ').pop()!.split(':')[0] || '(none)';
        byScript.set(script, (byScript.get(script) ?? 0) + spent);
      }
      previous = node;
    });
  }
  const print = (title: string, map: Map<string, number>, count: number) => {
    process.stdout.write(`\n${title}:\n`);
    for (const [name, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      process.stdout.write(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${name}\n`);
    }
  };
  print('JavaScript by function (own sampled time)', byFunction, 30);
  print('by script', byScript, 20);
}

/** Each name's own time inside a task: its slices' durations less those of the slices directly inside them. */
function selfTimes(task: TraceEvent, inside: TraceEvent[]): Map<string, number> {
  const all = [task, ...inside];
  const own = new Map<string, number>();
  const stack: TraceEvent[] = [];
  for (const e of all) {
    while (stack.length && e.ts >= stack.at(-1)!.ts + stack.at(-1)!.dur!) stack.pop();
    const parent = stack.at(-1);
    if (parent) own.set(parent.name, (own.get(parent.name) ?? 0) - e.dur!);
    own.set(e.name, (own.get(e.name) ?? 0) + e.dur!);
    stack.push(e);
  }
  return own;
}

main();
