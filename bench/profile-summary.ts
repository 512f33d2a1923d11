/**
 * Summarises a V8 CPU profile (from `node --cpu-prof`, or from a bench server started with
 * BENCH_CPU_PROFILE=<file>): self time by function and by file, the first thing to read before
 * optimising anything.
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

export function summarise(profile: Profile, rows = 30): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const short = (url: string) => url.replace(/.*\/(node_modules\/(@[^/]+\/)?[^/]+)/, '$1').replace(/.*\/(apps|libs|bench)\//, '$1/');
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const fn = `${functionName || '(anonymous)'} ${short(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
    const file = url ? short(url).replace(/^(node_modules\/(@[^/]+\/)?[^/]+).*/, '$1') : functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + micros);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `total ${(total / 1000).toFixed(0)} ms\n-- self time by function\n${top(byFunction, rows)}\n-- self time by file or package\n${top(byFile, 15)}`;
}

if (require.main === module) {
  const [file, rows] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [rows]');
  process.stdout.write(`${summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(rows ?? 30))}\n`);
}
