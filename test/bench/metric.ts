/** One benchmark result, printed as one JSON line on stdout (DESIGN.md §6). */
export interface Metric {
  metric: string;
  value: number;
  unit: 'ms' | 'x' | 'MB' | 'ops/s' | 'count';
  budget?: number;
  better: 'lower' | 'higher';
}

export interface Benchmark {
  /** Metric names this benchmark prints; `npm run bench -- <prefix>` selects by them. */
  metrics: string[];
  run(emit: (metric: Metric) => void): Promise<void>;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Progress goes to stderr so stdout stays one JSON object per line. */
export const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);
