import { summarize, type Summary } from './stats';

export type Better = 'higher' | 'lower';

export interface Metric {
  key: string;
  label: string;
  unit: string;
  better: Better;
  summary: Summary;
  /** The metric's baseline, measured in the same run, alternating with it. */
  baseline?: string;
  /** metric / baseline per alternating pair (so a drift of the machine hits both sides). */
  ratio?: Summary;
}

export interface Target {
  label: string;
  metric: string;
  /** Compare the metric's median ('value') or its ratio to the baseline ('ratio'). */
  of: 'value' | 'ratio';
  op: '>=' | '<=';
  threshold: number;
  actual: number;
  met: boolean;
  /** How far from the threshold, as a signed percentage of it (negative: missed by that much). */
  marginPct: number;
}

/** A correctness check: a failed one fails the run, whatever the timings. */
export interface Check {
  label: string;
  ok: boolean;
  detail: string;
}

export interface BenchResult {
  name: string;
  title: string;
  quick: boolean;
  startedAt: string;
  durationMs: number;
  parameters: Record<string, unknown>;
  metrics: Metric[];
  targets: Target[];
  checks: Check[];
  notes: string[];
}

/** Collects one benchmark's samples, targets, checks and notes. */
export class Recorder {
  private readonly samples = new Map<string, { label: string; unit: string; better: Better; runs: number[]; baseline?: string }>();
  private readonly targetSpecs: Omit<Target, 'actual' | 'met' | 'marginPct'>[] = [];
  readonly checks: Check[] = [];
  readonly notes: string[] = [];
  readonly parameters: Record<string, unknown> = {};
  private readonly started = Date.now();

  constructor(
    readonly name: string,
    readonly title: string,
    readonly quick: boolean,
  ) {}

  metric(key: string, label: string, unit: string, better: Better, baseline?: string): void {
    if (!this.samples.has(key)) this.samples.set(key, { label, unit, better, runs: [], baseline });
  }

  add(key: string, value: number): void {
    const metric = this.samples.get(key);
    if (!metric) throw new Error(`unknown metric ${key}`);
    metric.runs.push(value);
  }

  target(label: string, metric: string, of: 'value' | 'ratio', op: '>=' | '<=', threshold: number): void {
    this.targetSpecs.push({ label, metric, of, op, threshold });
  }

  check(label: string, ok: boolean, detail = ''): boolean {
    this.checks.push({ label, ok, detail });
    const mark = ok ? 'ok  ' : 'FAIL';
    process.stderr.write(`  [${mark}] ${label}${detail ? `: ${detail}` : ''}\n`);
    return ok;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  result(): BenchResult {
    const metrics: Metric[] = [...this.samples].map(([key, m]) => {
      const summary = summarize(m.runs);
      const base = m.baseline ? this.samples.get(m.baseline) : undefined;
      const ratio = base ? summarize(m.runs.slice(0, base.runs.length).map((v, i) => ratioOf(m.better, v, base.runs[i]))) : undefined;
      return { key, label: m.label, unit: m.unit, better: m.better, summary, baseline: m.baseline, ratio };
    });
    const targets = this.targetSpecs.map((t): Target => {
      const metric = metrics.find((m) => m.key === t.metric);
      const actual = (t.of === 'ratio' ? metric?.ratio?.median : metric?.summary.median) ?? NaN;
      const met = t.op === '>=' ? actual >= t.threshold : actual <= t.threshold;
      const marginPct = ((t.op === '>=' ? actual - t.threshold : t.threshold - actual) / t.threshold) * 100;
      return { ...t, actual, met, marginPct };
    });
    return {
      name: this.name,
      title: this.title,
      quick: this.quick,
      startedAt: new Date(this.started).toISOString(),
      durationMs: Date.now() - this.started,
      parameters: this.parameters,
      metrics,
      targets,
      checks: this.checks,
      notes: this.notes,
    };
  }
}

/** Throughput ratios are metric/baseline; for times (lower is better) baseline/metric, so > 1 is always "faster". */
function ratioOf(better: Better, value: number, baseline: number): number {
  return better === 'higher' ? value / baseline : baseline / value;
}
