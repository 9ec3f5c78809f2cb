import type { BenchContext } from "../bench-context.js";
import { type BenchRow, makeRow } from "../bench-row.js";
import { interleave } from "../interleave.js";
import { collectGarbage, cpuMs, median } from "../stats.js";

/**
 * Issue 10, row "1,000–2,000 concurrent streamed runs: client CPU per run"
 * (target <= 1.5x official): a batch starts `concurrentRuns` streamed runs at
 * once, each on its own thread, and holds every result. Both sides make the
 * same two RPCs per run for the same information (the outcome, no usage:
 * spec/runs.md puts usage only on the Run): ours `runs.create({ stream: true })`
 * + `run.wait({ usage: false })` (Create, then Listen read to its end); official
 * `Create` + its bare Listen read to the end. (`wait()` with usage adds one Get
 * per run, which the SDK side would have to add too; the `wait-usage` row
 * compares that path.) The figure is this process's CPU time
 * (`process.cpuUsage()`, user + system, after a forced GC when `--expose-gc`
 * is on) over the batch divided by the runs. Batches alternate ours /
 * official.
 */
export async function measureConcurrentRuns(ctx: BenchContext): Promise<BenchRow[]> {
  const { config } = ctx;
  const n = config.concurrentRuns;
  ctx.log(`concurrent: ${n} runs per batch`);
  const threads = await ctx.raw.threads(n, "short");
  const wall = { ours: [] as number[], official: [] as number[] };
  const emulatorCpu = { ours: [] as number[], official: [] as number[] };

  const batch = async (name: "ours" | "official", one: (thread: string) => Promise<unknown>) => {
    collectGarbage();
    const emulator0 = await ctx.emulator.cpuMs();
    const cpu0 = cpuMs();
    const t0 = performance.now();
    await Promise.all(threads.map(one));
    const elapsed = performance.now() - t0;
    const cpu = cpuMs() - cpu0;
    emulatorCpu[name].push(((await ctx.emulator.cpuMs()) - emulator0) / n);
    wall[name].push(elapsed);
    return cpu / n;
  };
  const [ours, official] = await interleave(config.reps, config.warmups, [
    () =>
      batch("ours", async (thread) => {
        const run = await ctx.ours.runs.create({
          assistant: ctx.assistantId,
          thread,
          stream: true,
        });
        await run.wait({ usage: false });
      }),
    () =>
      batch("official", async (thread) => {
        const run = await ctx.official.create(ctx.assistantId, thread);
        await ctx.official.listen(run.id);
      }),
  ]);
  for (const list of [wall.ours, wall.official, emulatorCpu.ours, emulatorCpu.official]) {
    list.splice(0, config.warmups);
  }
  return [
    makeRow(
      {
        id: "concurrent",
        path: `${n.toLocaleString("en")} concurrent streamed runs: client CPU per run`,
        unit: "ms",
        target: "<= 1.5x",
        holds: (r) => r.ratio <= 1.5,
      },
      ours as number[],
      official as number[],
      {
        "ours per run":
          "Create + Listen to the end (runs.create({ stream: true }) + wait({ usage: false }))",
        "official per run": "Create + Listen to the end (RunServiceClient.create + listen)",
        "ours batch wall ms": median(wall.ours),
        "official batch wall ms": median(wall.official),
        "ours emulator CPU ms/run": median(emulatorCpu.ours),
        "official emulator CPU ms/run": median(emulatorCpu.official),
      },
    ),
  ];
}
