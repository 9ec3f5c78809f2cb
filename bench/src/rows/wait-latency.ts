import type { BenchContext } from "../bench-context.js";
import { type BenchRow, makeRow } from "../bench-row.js";
import { interleave } from "../interleave.js";
import { median } from "../stats.js";
import { wallNow } from "../wall-clock.js";

/**
 * Issue 10, row "`wait()`: server's final event -> result in hand, p50"
 * (target: <= 1.25x the SDK's bare Listen).
 *
 * How it is timed: every sample is one new streamed run of a short answer (3
 * partials and DONE). The server's final event is the moment the emulator
 * child hands the run's last Listen message (DONE) to HTTP/2
 * (`Http2ServerResponse.write`, see `listen-write-probe.ts`), on its wall
 * clock; the result is in hand when `await run.wait()` resolves (ours) or when
 * the SDK's Listen loop receives DONE (official; it has no wait helper, so its
 * users read Listen), on this process's wall clock. The child's clock offset
 * is measured over IPC before the row (median of the fastest round trips) and
 * subtracted. Samples alternate ours / official / ours `listen()` / ours
 * `wait({ usage: false })`; each repetition's p50 is kept and the row reports
 * their median. `wait()` makes one Get after the final event, because `usage`
 * is only on the Run (the real service's final event has none); the note row
 * `wait({ usage: false })` is the same result without usage and without that
 * round trip, like the SDK's bare Listen.
 */
export async function measureWaitLatency(ctx: BenchContext): Promise<BenchRow[]> {
  const { config } = ctx;
  ctx.log(`wait: ${config.waitSamples} runs per contender and repetition`);
  const [oursThread, listenThread, officialThread, quickThread] = await ctx.raw.threads(4, "short");
  const offset = await ctx.emulator.clockOffsetMs();

  const serverFinal = async (): Promise<number> => {
    const { at, writes } = await ctx.emulator.lastListenWrite();
    if (writes === 0 || Number.isNaN(at)) {
      throw new Error("the emulator child saw no Listen write: its write probe does not fit");
    }
    return at - offset;
  };

  const oursWait = async () => {
    const run = await ctx.ours.runs.create({
      assistant: ctx.assistantId,
      thread: oursThread as string,
      stream: true,
    });
    await run.wait();
    const inHand = wallNow();
    return inHand - (await serverFinal());
  };
  const oursNoUsage = async () => {
    const run = await ctx.ours.runs.create({
      assistant: ctx.assistantId,
      thread: quickThread as string,
      stream: true,
    });
    await run.wait({ usage: false });
    const inHand = wallNow();
    return inHand - (await serverFinal());
  };
  const oursListen = async () => {
    const run = await ctx.ours.runs.create({
      assistant: ctx.assistantId,
      thread: listenThread as string,
      stream: true,
    });
    let inHand = Number.NaN;
    for await (const _event of run.listen()) inHand = wallNow();
    return inHand - (await serverFinal());
  };
  const officialListen = async () => {
    const run = await ctx.official.create(ctx.assistantId, officialThread as string);
    let inHand = Number.NaN;
    await ctx.official.listen(run.id, () => {
      inHand = wallNow();
    });
    return inHand - (await serverFinal());
  };

  const samples = {
    ours: [] as number[],
    listen: [] as number[],
    official: [] as number[],
    noUsage: [] as number[],
  };
  const p50 = async (sample: () => Promise<number>, into: number[]) => {
    const values: number[] = [];
    for (let i = 0; i < config.waitSamples; i++) values.push(await sample());
    into.push(...values);
    return median(values);
  };
  const [ours, official, listen, noUsage] = await interleave(config.reps, config.warmups, [
    () => p50(oursWait, samples.ours),
    () => p50(officialListen, samples.official),
    () => p50(oursListen, samples.listen),
    () => p50(oursNoUsage, samples.noUsage),
  ]);
  return [
    makeRow(
      {
        id: "wait",
        path: "wait(): server's final event -> result in hand, p50 (official: bare Listen)",
        unit: "ms",
        target: "<= 1.25x",
        holds: (r) => r.ratio <= 1.25,
      },
      ours as number[],
      official as number[],
      {
        "ours bare listen() p50 ms": median(listen as number[]),
        "ours wait({ usage: false }) p50 ms": median(noUsage as number[]),
        "clock offset of the emulator child ms": offset,
      },
    ),
  ];
}
