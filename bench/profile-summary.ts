/**
 * Summarises a V8 CPU profile (from `node --cpu-prof`, or from a bench server started with
 * BENCH_CPU_PROFILE=<file>): self time by function and by file, the first thing to read before
 * optimising anything. A sampling heap profile (BENCH_HEAP_PROFILE=<file>) is summarised the same
 * way, in bytes allocated.
 *
 *   BENCH_CPU_PROFILE=/tmp/api.cpuprofile npm run bench:http-record -- --quick --runs 1
 *   node -r ts-node/register/transpile-only bench/profile-summary.ts /tmp/api.cpuprofile [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface HeapNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children: HeapNode[];
}

/** Each function's and file's `weight` (time or bytes), largest first, the top `rows`. */
function tables(weights: Iterable<[ProfileNode['callFrame'], number]>, unit: (weight: number) => string, rows: number): string {
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  const short = (url: string) => url.replace(/.*\/(node_modules\/(@[^/]+\/)?[^/]+)/, '$1').replace(/.*\/(apps|libs|bench)\//, '$1/');
  for (const [{ functionName, url, lineNumber }, weight] of weights) {
    total += weight;
    const fn = `${functionName || '(anonymous)'} ${short(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + weight);
    const file = url ? short(url).replace(/^(node_modules\/(@[^/]+\/)?[^/]+).*/, '$1') : functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + weight);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, w]) => `${unit(w).padStart(11)} ${((100 * w) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `total ${unit(total)}\n-- self by function\n${top(byFunction, rows)}\n-- self by file or package\n${top(byFile, 15)}`;
}

/** Bytes allocated by each function of a sampling heap profile (its own allocations, not its callees'). */
export function summariseHeap(head: HeapNode, rows = 30): string {
  const weights: [ProfileNode['callFrame'], number][] = [];
  const walk = (node: HeapNode) => {
    if (node.selfSize > 0) weights.push([node.callFrame, node.selfSize]);
    node.children.forEach(walk);
  };
  walk(head);
  return tables(weights, (bytes) => `${(bytes / 1e6).toFixed(1)} MB`, rows);
}

export function summarise(profile: Profile, rows = 30): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return tables(
    [...self].map(([id, micros]) => [byId.get(id)!.callFrame, micros]),
    (micros) => `${(micros / 1000).toFixed(0)} ms`,
    rows,
  );
}

if (require.main === module) {
  const [file, rows] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile|file.heapprofile> [rows]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile | { head: HeapNode };
  const text = 'head' in profile ? summariseHeap(profile.head, Number(rows ?? 30)) : summarise(profile, Number(rows ?? 30));
  process.stdout.write(`${text}\n`);
}
