/**
 * Scenario `listen-cut` (issue 8, point 1): runs created through a DIRECT client are consumed
 * through a client behind a fault proxy — a TCP proxy that cuts the connection at a random
 * byte offset, or the HTTP/2 proxy resetting the Listen stream after a random number of
 * events or sending GOAWAY — with `run.listen()` (every event) or `run.wait()` (the final
 * result). Ground truth: a direct Listen from index 0 read to its end on a raw client.
 *
 * Target: 0 errored, 0 lost, 0 duplicated, 0 out of order, 0 hung.
 *
 * @module
 */
import http2 from "node:http2";
import { RunStreamEvent } from "@yc-assistants/client";
import { type Http2FaultProxyOptions, startHttp2FaultProxy } from "../faults/http2-fault-proxy.js";
import { randomInt, seededRandom } from "../faults/seeded-random.js";
import { startTcpCutProxy } from "../faults/tcp-cut-proxy.js";
import { bounded, type ChaosEnv, codeName, Hung, pool } from "./chaos-env.js";
import { bump, type ChaosRow, example, newRow } from "./chaos-row.js";

/** Options of {@link listenCut}. */
export interface ListenCutOptions {
  readonly env: ChaosEnv;
  readonly runs: number;
  readonly seed?: number;
  /** Runs consumed at once (default 8). */
  readonly concurrency?: number;
  /** `tcp`: connections cut at random byte offsets; `http2`: stream resets and GOAWAY. */
  readonly via: "tcp" | "http2";
  /** `listen`: collect every event; `wait`: the final result. */
  readonly consume: "listen" | "wait";
  /** Partial events per run before DONE (default 20). */
  readonly events?: number;
  /** TCP: connections cut per run (default 1: each run's first connection). */
  readonly cutsPerRun?: number;
  /** Bound of each run (default 30 s); past it the run counts as hung. */
  readonly runTimeoutMs?: number;
}

interface Observed {
  readonly idx: number;
  readonly key: string;
}

function keyOf(type: number, text: string | undefined): string {
  return `${type}:${text ?? ""}`;
}

/** Compares what a listener got with the truth: lost, duplicated and out-of-order events. */
export function compareEvents(
  truth: readonly Observed[],
  got: readonly Observed[],
): { lost: number; duplicated: number; outOfOrder: number } {
  const want = new Map(truth.map((e) => [e.idx, e.key]));
  const seen = new Set<number>();
  let duplicated = 0;
  let outOfOrder = 0;
  let last = -1;
  for (const e of got) {
    if (seen.has(e.idx)) {
      duplicated++;
      continue;
    }
    seen.add(e.idx);
    if (e.idx < last) outOfOrder++;
    last = Math.max(e.idx, last);
  }
  let lost = 0;
  for (const [idx, key] of want) {
    const first = got.find((e) => e.idx === idx);
    if (first === undefined || first.key !== key) lost++;
  }
  return { lost, duplicated, outOfOrder };
}

/** Server → client bytes of one consumption of a run through a proxy that does not cut. */
async function calibrate(options: ListenCutOptions): Promise<number> {
  const { env } = options;
  const proxy = await startTcpCutProxy({ upstream: env.emulator.url });
  const run = await env.createRun(`text ${options.events ?? 20}`);
  try {
    const consumer = await env.client(proxy.url).runs.get(run.id);
    if (options.consume === "listen") for await (const _ of consumer.listen());
    else await consumer.wait();
    return proxy.counts().bytesToClient;
  } finally {
    await proxy.close();
  }
}

/** The HTTP/2 fault of run `i`: reset Listen (INTERNAL_ERROR or CANCEL) or GOAWAY. */
function http2Fault(
  i: number,
  events: number,
  seed: number,
): Omit<Http2FaultProxyOptions, "upstream"> {
  const kind = i % 3;
  if (kind === 2) return { seed, goaway: { afterStreams: 1, times: 1 } };
  return {
    seed,
    resetStream: {
      methods: ["Listen"],
      minFrames: 1,
      maxFrames: events,
      streams: 1,
      code: kind === 0 ? http2.constants.NGHTTP2_INTERNAL_ERROR : http2.constants.NGHTTP2_CANCEL,
    },
  };
}

/**
 * Runs the scenario and returns its row (`listen-cut/<via>/<consume>`).
 *
 * @example
 * const row = await listenCut({ env, runs: 50, via: "tcp", consume: "listen", seed: 1 });
 */
export async function listenCut(options: ListenCutOptions): Promise<ChaosRow> {
  const started = performance.now();
  const { env } = options;
  const seed = options.seed ?? 1;
  const events = options.events ?? 20;
  const runTimeoutMs = options.runTimeoutMs ?? 30_000;
  const row = newRow(
    `listen-cut/${options.via}/${options.consume}`,
    "runs",
    options.consume === "listen"
      ? ["lost", "duplicated", "outOfOrder", "errored", "hung", "clientResets", "goaway"]
      : ["wronglyReported", "errored", "hung", "clientResets", "goaway"],
    options.consume === "listen"
      ? ["lost", "duplicated", "outOfOrder", "errored", "hung"]
      : ["wronglyReported", "errored", "hung"],
  );
  const maxBytes = options.via === "tcp" ? await calibrate(options) : 0;
  row.faults["calibratedBytes"] = maxBytes;
  const random = seededRandom(seed);
  const seeds = Array.from({ length: options.runs }, () => randomInt(random, 1, 2 ** 31 - 1));
  const fault = (name: string, n: number) => {
    row.faults[name] = (row.faults[name] ?? 0) + n;
  };

  await pool(options.runs, options.concurrency ?? 8, async (i) => {
    const proxy =
      options.via === "tcp"
        ? await startTcpCutProxy({
            upstream: env.emulator.url,
            cut: { minBytes: 1, maxBytes: Math.max(1, maxBytes) },
            cutConnections: options.cutsPerRun ?? 1,
            observeHttp2: true,
            seed: seeds[i] as number,
          })
        : await startHttp2FaultProxy({
            upstream: env.emulator.url,
            ...http2Fault(i, events, seeds[i] as number),
          });
    row.runs++;
    try {
      // Consumed live, while the run streams; the truth is read once it has finished.
      const created = await env.createRun(`text ${events}`);
      const consumer = env.client(proxy.url);
      const got: Observed[] = [];
      const outcome = await bounded(runTimeoutMs, async (signal) => {
        const run = await consumer.runs.get(created.id, { signal });
        if (options.consume === "listen") {
          for await (const ev of run.listen({ signal }))
            got.push({ idx: ev.cursor.currentEventIdx, key: keyOf(ev.rawStatus, ev.text) });
          return undefined;
        }
        return run.wait({ signal });
      }).then(
        (r) => ({ ok: true as const, result: r }),
        (e: unknown) => ({ ok: false as const, error: e }),
      );
      const truthEvents = await env.truth(created.id);
      // RunStreamEvent.fromProto is a pure mapping of the message (no transport involved).
      const truth = truthEvents.map((e) => {
        const ev = RunStreamEvent.fromProto(e);
        return { idx: ev.cursor.currentEventIdx, key: keyOf(ev.rawStatus, ev.text) };
      });
      const finalText = truth.at(-1)?.key.replace(/^\d+:/, "");
      if (!outcome.ok) {
        if (outcome.error instanceof Hung) {
          bump(row, "hung");
          example(row, `run ${i} (${created.id}): hung`, "hung");
        } else {
          bump(row, "errored");
          const code = codeName(outcome.error);
          row.errors[code] = (row.errors[code] ?? 0) + 1;
          example(row, `run ${i}: ${code}: ${(outcome.error as Error).message}`, code);
        }
      } else if (options.consume === "listen") {
        const d = compareEvents(truth, got);
        bump(row, "lost", d.lost);
        bump(row, "duplicated", d.duplicated);
        bump(row, "outOfOrder", d.outOfOrder);
        if (d.lost + d.duplicated + d.outOfOrder > 0) {
          example(
            row,
            `run ${i}: got cursors ${got.map((e) => e.idx).join(",")} of ${truth.length}`,
            "events",
          );
        }
      } else {
        const result = outcome.result;
        if (result?.status.name !== "COMPLETED" || result.text !== finalText) {
          bump(row, "wronglyReported");
          example(row, `run ${i}: wait() gave ${result?.status.name} "${result?.text}"`, "wrong");
        }
      }
    } finally {
      await proxy.close();
      const counts = proxy.counts();
      if ("cuts" in counts) {
        fault("cuts", counts.cuts);
        const rst = counts.http2?.toServer.rstStreamByCode ?? {};
        const goaway = counts.http2?.toClient.goawayByCode ?? {};
        bump(
          row,
          "clientResets",
          Object.values(rst).reduce((a, b) => a + b, 0),
        );
        bump(
          row,
          "goaway",
          Object.values(goaway).reduce((a, b) => a + b, 0),
        );
        for (const [code, n] of Object.entries(rst)) fault(`clientResets(code ${code})`, n);
      } else {
        fault("streamResets", counts.streamResets);
        fault("goawaysSent", counts.goawaysSent);
        bump(row, "goaway", counts.upstreamGoaways);
        bump(row, "clientResets", counts.clientResets);
        for (const [code, n] of Object.entries(counts.clientResetsByCode))
          fault(`clientResets(code ${code})`, n);
      }
    }
  });
  row.durationMs = performance.now() - started;
  return row;
}
