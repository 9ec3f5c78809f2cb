import type { BenchContext } from "../bench-context.js";
import { type BenchRow, makeRow } from "../bench-row.js";
import { interleave } from "../interleave.js";
import { median } from "../stats.js";
import { wallNow } from "../wall-clock.js";

/**
 * Issue 10, row "`wait()`: server's final event -> result in hand, p50"
 * (target: <= 1.25x the SDK's bare Listen), and its companion row
 * `wait-usage` (the same wait when the result must carry token usage).
 *
 * How it is timed: every sample is one new streamed run of a short answer (3
 * partials and DONE). The server's final event is the moment the emulator
 * child hands the run's last Listen message (DONE) to HTTP/2
 * (`Http2ServerResponse.write`, see `listen-write-probe.ts`), on its wall
 * clock; the result is in hand when the contender's call resolves, on this
 * process's wall clock. The child's clock offset is measured over IPC before
 * the row (median of the fastest round trips) and subtracted.
 *
 * Apples to apples (spec/runs.md: usage is only on the Run, never on a
 * Listen event):
 * - `wait`: ours `run.wait({ usage: false })` (the outcome in hand at the
 *   final event, no usage) against the SDK's bare Listen loop receiving DONE:
 *   the same information, one Listen each;
 * - `wait-usage`: ours `run.wait()` (its one Get for the usage after the final
 *   event) against the SDK doing what its user who wants usage writes: Listen
 *   to DONE, then one `Get`; target <= 1.25x too.
 * Samples alternate the contenders one run at a time, the order flipping every
 * sample (ours bare `listen()` as a note); each repetition's p50 is kept and the rows report their median.
 */
export async function measureWaitLatency(ctx: BenchContext): Promise<BenchRow[]> {
  const { config } = ctx;
  ctx.log(`wait: ${config.waitSamples} runs per contender and repetition`);
  const [usageThread, listenThread, officialThread, quickThread, officialGetThread] =
    await ctx.raw.threads(5, "short");
  const offset = await ctx.emulator.clockOffsetMs();

  const serverFinal = async (): Promise<number> => {
    const { at, writes } = await ctx.emulator.lastListenWrite();
    if (writes === 0 || Number.isNaN(at)) {
      throw new Error("the emulator child saw no Listen write: its write probe does not fit");
    }
    return at - offset;
  };

  const oursWait = (thread: string, usage: boolean) => async () => {
    const run = await ctx.ours.runs.create({ assistant: ctx.assistantId, thread, stream: true });
    await run.wait({ usage });
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
  const officialListen = (thread: string, thenGet: boolean) => async () => {
    const run = await ctx.official.create(ctx.assistantId, thread);
    let inHand = Number.NaN;
    await ctx.official.listen(run.id, () => {
      inHand = wallNow();
    });
    if (thenGet) {
      await ctx.official.get(run.id);
      inHand = wallNow();
    }
    return inHand - (await serverFinal());
  };

  const contenders = [
    oursWait(quickThread as string, false),
    officialListen(officialThread as string, false),
    oursWait(usageThread as string, true),
    officialListen(officialGetThread as string, true),
    oursListen,
  ];
  // One step samples every contender once per round, so they alternate run by run.
  const [noUsage, official, usage, officialGet, listen] = contenders.map(() => [] as number[]);
  const lists = [noUsage, official, usage, officialGet, listen] as number[][];
  await interleave(config.reps, config.warmups, [
    async () => {
      const values = contenders.map(() => [] as number[]);
      for (let i = 0; i < config.waitSamples; i++) {
        // The order flips every sample, so no contender always follows the same one.
        for (let k = 0; k < contenders.length; k++) {
          const c = i % 2 === 0 ? k : contenders.length - 1 - k;
          (values[c] as number[]).push(await (contenders[c] as () => Promise<number>)());
        }
      }
      values.forEach((v, c) => {
        (lists[c] as number[]).push(median(v));
      });
      return 0;
    },
  ]);
  // interleave() discards warm-ups only from its own results: drop them here too.
  for (const list of lists) list.splice(0, config.warmups);
  const notes = {
    "ours bare listen() p50 ms": median(listen as number[]),
    "clock offset of the emulator child ms": offset,
  };
  return [
    makeRow(
      {
        id: "wait",
        path: "wait({ usage: false }): server's final event -> result in hand, p50 (official: bare Listen)",
        unit: "ms",
        target: "<= 1.25x",
        holds: (r) => r.ratio <= 1.25,
      },
      noUsage as number[],
      official as number[],
      { ...notes, "ours wait() with usage p50 ms": median(usage as number[]) },
    ),
    makeRow(
      {
        id: "wait-usage",
        path: "wait() with usage: server's final event -> result in hand, p50 (official: Listen, then Get)",
        unit: "ms",
        target: "<= 1.25x",
        holds: (r) => r.ratio <= 1.25,
      },
      usage as number[],
      officialGet as number[],
      { "official bare Listen p50 ms": median(official as number[]) },
    ),
  ];
}
