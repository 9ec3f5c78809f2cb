import type { BenchContext } from "../bench-context.js";
import { type BenchRow, makeRow } from "../bench-row.js";
import { interleave } from "../interleave.js";
import { collectGarbage, cpuMs, median } from "../stats.js";

/** One timed read of a whole finished run: events per second and CPU per event. */
interface Read {
  eventsPerSecond: number;
  clientCpuUsPerEvent: number;
  emulatorCpuUsPerEvent: number;
}

/**
 * Times one Listen of a finished run read to its end: wall time from the call
 * to the end of the stream, this process's CPU, and the emulator child's CPU.
 * Every read must see every event (else the row would flatter a client that
 * stopped early).
 */
async function timedRead(
  ctx: BenchContext,
  expected: number,
  prepare: () => Promise<() => Promise<number>>,
  into: Read[],
): Promise<number> {
  const read = await prepare();
  collectGarbage();
  const emulator0 = await ctx.emulator.cpuMs();
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const events = await read();
  const elapsed = performance.now() - t0;
  const cpu = cpuMs() - cpu0;
  const emulator = (await ctx.emulator.cpuMs()) - emulator0;
  if (events !== expected) throw new Error(`a Listen read ${events} events, not ${expected}`);
  const result = {
    eventsPerSecond: (events * 1000) / elapsed,
    clientCpuUsPerEvent: (cpu * 1000) / events,
    emulatorCpuUsPerEvent: (emulator * 1000) / events,
  };
  into.push(result);
  return result.eventsPerSecond;
}

/**
 * The three readers of one finished run: `run.listen()` (on a handle from a
 * Get made before the clock starts), raw Connect, the official SDK.
 */
function readers(ctx: BenchContext, runId: string) {
  return {
    ours: async () => {
      const run = await ctx.ours.runs.get(runId);
      return async () => {
        let events = 0;
        for await (const _event of run.listen({ fromIndex: 0 })) events++;
        return events;
      };
    },
    raw: async () => () => ctx.raw.listen(runId),
    official: async () => () => ctx.official.listen(runId),
  };
}

function cpuNotes(name: string, reads: Read[]): Record<string, number> {
  return {
    [`${name} client CPU µs/event`]: median(reads.map((r) => r.clientCpuUsPerEvent)),
    [`${name} emulator CPU µs/event`]: median(reads.map((r) => r.emulatorCpuUsPerEvent)),
  };
}

/**
 * Issue 10, rows "Listen, 10,000 small events: events/s" (>= 1.0x official,
 * and `run.listen()` within 10% of raw Connect) and "Listen, 5,000 cumulative
 * partials of ~10 KB" (>= 1.2x official): one finished run each, replayed from
 * event 0 by every contender in turns. A replay is paced only by the server
 * and the client (a finished run's events are all in its log), so it
 * measures reading, not the model's pauses.
 */
export async function measureListenThroughput(ctx: BenchContext): Promise<BenchRow[]> {
  const { config } = ctx;
  ctx.log(`listen: preparing runs of ${config.smallEvents} and ${config.cumulativeEvents} events`);
  const [smallThread, bigThread] = await Promise.all([
    ctx.raw.thread(`small ${config.smallEvents}`),
    ctx.raw.thread(`cumulative ${config.cumulativeEvents} ${config.cumulativeBytes}`),
  ]);
  const [small, big] = await Promise.all([
    ctx.raw.finishedRun(ctx.assistantId, smallThread),
    ctx.raw.finishedRun(ctx.assistantId, bigThread),
  ]);

  const rows: BenchRow[] = [];
  for (const [kind, run] of [
    ["small", small],
    ["cumulative", big],
  ] as const) {
    ctx.log(`listen: ${kind}, ${run.events} events`);
    const read = readers(ctx, run.id);
    const reads = { ours: [] as Read[], raw: [] as Read[], official: [] as Read[] };
    const reps = kind === "small" ? config.listenSmallReps : config.reps;
    const [ours, raw, official] = await interleave(reps, config.warmups, [
      () => timedRead(ctx, run.events, read.ours, reads.ours),
      () => timedRead(ctx, run.events, read.raw, reads.raw),
      () => timedRead(ctx, run.events, read.official, reads.official),
    ]);
    const notes = {
      "raw Connect events/s": median(raw as number[]),
      ...cpuNotes("ours", reads.ours),
      ...cpuNotes("raw Connect", reads.raw),
      ...cpuNotes("official", reads.official),
    };
    if (kind === "small") {
      rows.push(
        makeRow(
          {
            id: "listen-small",
            path: `Listen, ${run.events.toLocaleString("en")} small events: events/s`,
            unit: "events/s",
            target: ">= 1.0x",
            holds: (r) => r.ratio >= 1,
          },
          ours as number[],
          official as number[],
          notes,
        ),
        makeRow(
          {
            id: "listen-small-raw",
            path: `Listen, ${run.events.toLocaleString("en")} small events: run.listen() vs raw Connect`,
            unit: "events/s",
            peer: "raw Connect",
            target: ">= 0.9x",
            holds: (r) => r.ratio >= 0.9,
          },
          ours as number[],
          raw as number[],
        ),
      );
    } else {
      rows.push(
        makeRow(
          {
            id: "listen-cumulative",
            path: `Listen, ${run.events.toLocaleString("en")} cumulative partials of ~${Math.round(config.cumulativeBytes / 1024)} KB: events/s`,
            unit: "events/s",
            target: ">= 1.2x",
            holds: (r) => r.ratio >= 1.2,
          },
          ours as number[],
          official as number[],
          notes,
        ),
      );
    }
  }
  return rows;
}
