import type { BenchContext } from "../bench-context.js";
import { type BenchRow, makeRow } from "../bench-row.js";
import { interleave } from "../interleave.js";
import { median, percentile } from "../stats.js";

/**
 * Issue 10, row "one unary Get on loopback against the emulator, p50 / p99"
 * (targets p50 <= 0.5 ms, p99 <= 3 ms): `RunService.Get` of one finished run,
 * one call at a time on a warm connection, each call timed with
 * `performance.now()` around it. Within a repetition the contenders take
 * turns call by call (ours, raw Connect, official, …); each repetition gives
 * a p50 and a p99 per contender, and the rows report their medians.
 */
export async function measureUnaryGet(ctx: BenchContext): Promise<BenchRow[]> {
  const { config } = ctx;
  ctx.log(`unary: ${config.unaryCalls} Gets per contender and repetition`);
  const thread = await ctx.raw.thread("short");
  const { id } = await ctx.raw.finishedRun(ctx.assistantId, thread);
  const calls = [
    () => ctx.ours.runs.get(id),
    () => ctx.raw.runs.get({ runId: id }),
    () => ctx.official.get(id),
  ];
  const p50 = { ours: [] as number[], raw: [] as number[], official: [] as number[] };
  const p99 = { ours: [] as number[], raw: [] as number[], official: [] as number[] };
  // One interleaved "step" runs all three contenders call by call, so the A B A B
  // alternation is per call here; interleave() supplies warm-up and repetitions.
  await interleave(config.reps, config.warmups, [
    async () => {
      const times = calls.map(() => [] as number[]);
      for (let i = 0; i < config.unaryCalls; i++) {
        for (let c = 0; c < calls.length; c++) {
          const t0 = performance.now();
          await (calls[c] as () => Promise<unknown>)();
          (times[c] as number[]).push(performance.now() - t0);
        }
      }
      const [ours, raw, official] = times as [number[], number[], number[]];
      p50.ours.push(percentile(ours, 0.5));
      p50.raw.push(percentile(raw, 0.5));
      p50.official.push(percentile(official, 0.5));
      p99.ours.push(percentile(ours, 0.99));
      p99.raw.push(percentile(raw, 0.99));
      p99.official.push(percentile(official, 0.99));
      return 0;
    },
  ]);
  // interleave() discards warm-ups only from its own results: drop them here too.
  for (const list of [...Object.values(p50), ...Object.values(p99)]) {
    list.splice(0, config.warmups);
  }
  return [
    makeRow(
      {
        id: "unary-p50",
        path: "one unary Get on loopback, p50",
        unit: "ms",
        target: "p50 <= 0.5 ms",
        holds: (r) => r.ours <= 0.5,
      },
      p50.ours,
      p50.official,
      { "raw Connect p50 ms": median(p50.raw) },
    ),
    makeRow(
      {
        id: "unary-p99",
        path: "one unary Get on loopback, p99",
        unit: "ms",
        target: "p99 <= 3 ms",
        holds: (r) => r.ours <= 3,
      },
      p99.ours,
      p99.official,
      { "raw Connect p99 ms": median(p99.raw) },
    ),
  ];
}
