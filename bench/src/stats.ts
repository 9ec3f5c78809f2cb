/**
 * The statistics of the bench: medians over repetitions and percentiles over
 * samples (issue 10: "medians and the ratio per pair").
 *
 * @example
 * median([3, 1, 2]); // 2
 * percentile([1, 2, 3, 4], 0.5); // 2.5
 */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/** The `p` quantile (0..1) with linear interpolation; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (at - low);
}

/** Smallest and largest value, for the spread a report states. */
export function spread(values: readonly number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** Runs `gc()` when the bench was started with `--expose-gc`, so one measurement's garbage is not the next one's cost. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** CPU time (user + system) of this process so far, in ms. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
