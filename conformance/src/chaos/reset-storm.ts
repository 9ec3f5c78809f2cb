/**
 * Scenario `reset-storm` (issue 8, point 3): many runs on ONE client, sequential or
 * concurrent, each followed with `run.wait()` or `run.listen()`. The client talks to the
 * emulator through a transparent TCP proxy that only counts HTTP/2 frames: the RST_STREAMs
 * the client sends and the GOAWAYs it receives. A client that cancels every Listen stream
 * after its final event instead of reading it to its end sends one RST_STREAM per run, and
 * Node's HTTP/2 server answers a burst of them with GOAWAY.
 *
 * Target: 0 GOAWAY, 0 failures, 0 RST_STREAM sent by the client.
 *
 * @module
 */
import { startTcpCutProxy } from "../faults/tcp-cut-proxy.js";
import { bounded, type ChaosEnv, codeName, Hung, pool } from "./chaos-env.js";
import { bump, type ChaosRow, example, newRow } from "./chaos-row.js";

/** Options of {@link resetStorm}. */
export interface ResetStormOptions {
  readonly env: ChaosEnv;
  readonly runs: number;
  /** 1: sequential; more: that many runs at once on the one client. */
  readonly concurrency: number;
  /** Bound of each run (default 30 s). */
  readonly runTimeoutMs?: number;
}

/**
 * Runs the scenario and returns its row (`reset-storm/sequential` or `reset-storm/concurrent`).
 * Even runs are followed with `wait()`, odd ones with `listen()` to the end.
 *
 * @example
 * const row = await resetStorm({ env, runs: 5000, concurrency: 1 });
 */
export async function resetStorm(options: ResetStormOptions): Promise<ChaosRow> {
  const started = performance.now();
  const { env } = options;
  const measured = ["errored", "hung", "goaway", "clientResets"] as const;
  const row = newRow(
    `reset-storm/${options.concurrency === 1 ? "sequential" : "concurrent"}`,
    "runs",
    measured,
    measured,
  );
  const proxy = await startTcpCutProxy({ upstream: env.emulator.url, observeHttp2: true });
  try {
    const client = env.client(proxy.url);
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    await pool(options.runs, options.concurrency, async (i) => {
      row.runs++;
      await bounded(options.runTimeoutMs ?? 30_000, async (signal) => {
        // A thread per run: one long thread would make every run slower than the last.
        const t = await client.threads.create({ signal });
        await t.write("text 3", { signal });
        const run = await assistant.runStream(t, { signal });
        if (i % 2 === 0) {
          const result = await run.wait({ signal });
          if (!result.status.isSucceeded) throw new Error(`run ended ${result.status.name}`);
        } else {
          for await (const _ of run.listen({ signal }));
        }
      }).catch((e: unknown) => {
        if (e instanceof Hung) {
          bump(row, "hung");
          example(row, `run ${i}: hung`, "hung");
          return;
        }
        bump(row, "errored");
        const code = codeName(e);
        row.errors[code] = (row.errors[code] ?? 0) + 1;
        example(row, `run ${i}: ${code}: ${(e as Error).message}`, code);
      });
    });
  } finally {
    await proxy.close();
    const h2 = proxy.counts().http2;
    const rst = h2?.toServer.rstStreamByCode ?? {};
    const goaway = h2?.toClient.goawayByCode ?? {};
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
    for (const [code, n] of Object.entries(rst)) row.faults[`clientResets(code ${code})`] = n;
    for (const [code, n] of Object.entries(goaway)) row.faults[`goaway(code ${code})`] = n;
    row.faults["connections"] = proxy.counts().connections;
  }
  row.durationMs = performance.now() - started;
  return row;
}
