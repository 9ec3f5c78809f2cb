/**
 * Scenario `submit-exactly-once` (issue 8, point 2): runs whose model asks the IDENTICAL tool
 * call (same name, same arguments) round after round, answered through the HTTP/2 fault proxy
 * that loses Submit responses after the server applied them, resets Listen streams and drops
 * connections. The handler returns a unique content per round; the model records every result
 * it receives, so the scenario counts results applied twice (round k's result applied again,
 * into round k+1), rounds never answered, and calls whose outcome was reported wrongly.
 *
 * Drivers: `run.handleToolCalls(handlers)`, and a manual loop `wait()` → `submitToolResults()`
 * where `submitToolResults` must resolve iff the results were applied and the following `wait()`
 * must give the next round's real state (never the old TOOL_CALLS once the server finished).
 *
 * Target: every result applied exactly once and reported truthfully: 0 double-applied,
 * 0 lost (rounds never answered), 0 wrongly reported, 0 errored, 0 hung.
 *
 * @module
 */
import type { Run, RunResult } from "@yc-assistants/client";
import { type Http2FaultProxyOptions, startHttp2FaultProxy } from "../faults/http2-fault-proxy.js";
import { bounded, type ChaosEnv, codeName, Hung, pool } from "./chaos-env.js";
import type { ChaosModel } from "./chaos-model.js";
import { bump, type ChaosRow, example, type MutableRow, newRow } from "./chaos-row.js";

/** Options of {@link submitExactlyOnce}. */
export interface SubmitExactlyOnceOptions {
  readonly env: ChaosEnv;
  /** Tool rounds in all (runs = rounds / roundsPerRun, rounded up). */
  readonly rounds: number;
  /** Rounds each run asks (default 4). */
  readonly roundsPerRun?: number;
  readonly driver: "handleToolCalls" | "manual";
  readonly seed?: number;
  /** Runs at once on the one client (default 8). */
  readonly concurrency?: number;
  /** Bound of each run (default 30 s); past it the run counts as hung. */
  readonly runTimeoutMs?: number;
  /** The proxy's faults (default {@link DEFAULT_SUBMIT_FAULTS}). */
  readonly faults?: Omit<Http2FaultProxyOptions, "upstream" | "seed">;
}

/**
 * The default faults: a third of Submit responses lost after the server applied them (stream
 * CANCEL, INTERNAL_ERROR, the whole connection destroyed, or gRPC UNAVAILABLE as from a load
 * balancer), one Listen stream in ten reset
 * after 1–2 events, one stream in a hundred met by GOAWAY.
 */
export const DEFAULT_SUBMIT_FAULTS: Omit<Http2FaultProxyOptions, "upstream" | "seed"> = {
  loseResponse: {
    methods: ["RunService/Submit"],
    rate: 0.33,
    modes: ["cancel", "internal", "destroy-session", "unavailable"],
  },
  resetStream: { methods: ["RunService/Listen"], minFrames: 1, maxFrames: 2, rate: 0.1 },
  goaway: { rate: 0.01 },
};

/** Counts double-applied and never-answered rounds of one run from the model's record. */
function auditRun(model: ChaosModel, runId: string, roundsPerRun: number, row: MutableRow): void {
  const applied = model.applied(runId);
  const seen = new Set<string>();
  for (const a of applied) {
    for (const c of a.contents) {
      if (seen.has(c)) {
        bump(row, "doubleApplied");
        example(row, `${runId}: "${c}" applied again in round ${a.round}`, "double");
      }
      seen.add(c);
    }
  }
  bump(row, "lost", Math.max(0, roundsPerRun - applied.length));
}

function recordError(row: MutableRow, e: unknown, what: string): void {
  if (e instanceof Hung) {
    bump(row, "hung");
    example(row, `${what}: hung`, "hung");
    return;
  }
  bump(row, "errored");
  const code = codeName(e);
  row.errors[code] = (row.errors[code] ?? 0) + 1;
  example(row, `${what}: ${code}: ${(e as Error).message}`, code);
}

/** Whether the content reached the model (the Submit was applied). */
function wasApplied(model: ChaosModel, runId: string, content: string): boolean {
  return model.applied(runId).some((a) => a.contents.includes(content));
}

/**
 * A result of `wait()` is truthful when it agrees with the model: TOOL_CALLS only while the
 * model still has rounds to ask, COMPLETED only after it answered the last one.
 */
function truthful(model: ChaosModel, runId: string, result: RunResult): boolean {
  const done = model.answeredAll(runId);
  if (result.status.name === "TOOL_CALLS") return !done;
  if (result.status.name === "COMPLETED") return done;
  return false;
}

async function manualLoop(
  env: ChaosEnv,
  run: Run,
  signal: AbortSignal,
  row: MutableRow,
  maxRounds: number,
): Promise<void> {
  let result: RunResult;
  try {
    result = await run.wait({ signal });
  } catch (e) {
    // The run's bound passed (it is counted as hung, once, by the caller): the Canceled this
    // wait() then rejects with is the bound's abort, not a failure of the client.
    if (signal.aborted) throw e;
    recordError(row, e, `${run.id}: first wait()`);
    return;
  }
  for (let k = 1; result.status.name === "TOOL_CALLS" && k <= maxRounds * 2; k++) {
    const content = `${run.id}#${k}`;
    const calls = result.toolCalls ?? [];
    let resolved = true;
    try {
      await run.submitToolResults(
        calls.map((c) => ({ name: c.name, content })),
        { signal },
      );
    } catch (e) {
      resolved = false;
      if (e instanceof Hung || signal.aborted) throw e;
      recordError(row, e, `${run.id}: submitToolResults (round ${k})`);
    }
    if (resolved !== wasApplied(env.model, run.id, content)) {
      bump(row, "wronglyReported");
      example(
        row,
        `${run.id}: submitToolResults ${resolved ? "resolved but was not applied" : "rejected but was applied"} (round ${k})`,
        "wrong",
      );
    }
    try {
      result = await run.wait({ signal });
    } catch (e) {
      if (signal.aborted) throw e;
      recordError(row, e, `${run.id}: wait() after round ${k}`);
      return;
    }
    if (!truthful(env.model, run.id, result)) {
      bump(row, "wronglyReported");
      example(
        row,
        `${run.id}: wait() after round ${k} gave ${result.status.name}, the server is ${env.model.answeredAll(run.id) ? "COMPLETED" : "in TOOL_CALLS"}`,
        "wrong",
      );
      return; // a user would act on the wrong state: stop here
    }
  }
}

/**
 * Runs the scenario and returns its row (`submit-exactly-once/<driver>`, counted in rounds).
 *
 * @example
 * const row = await submitExactlyOnce({ env, rounds: 50, driver: "manual", seed: 1 });
 */
export async function submitExactlyOnce(options: SubmitExactlyOnceOptions): Promise<ChaosRow> {
  const started = performance.now();
  const { env } = options;
  const perRun = options.roundsPerRun ?? 4;
  const runs = Math.ceil(options.rounds / perRun);
  const runTimeoutMs = options.runTimeoutMs ?? 30_000;
  const measured = [
    "lost",
    "doubleApplied",
    "wronglyReported",
    "errored",
    "hung",
    "goaway",
    "clientResets",
  ] as const;
  const row = newRow(`submit-exactly-once/${options.driver}`, "rounds", measured, [
    "lost",
    "doubleApplied",
    "wronglyReported",
    "errored",
    "hung",
  ]);
  const proxy = await startHttp2FaultProxy({
    upstream: env.emulator.url,
    seed: options.seed ?? 1,
    ...(options.faults ?? DEFAULT_SUBMIT_FAULTS),
  });
  try {
    const client = env.client(proxy.url);
    await pool(runs, options.concurrency ?? 8, async () => {
      const created = await env.createRun(`tools ${perRun}`, { tools: true });
      row.runs += perRun;
      const rounds = new Map<string, number>();
      await bounded(runTimeoutMs, async (signal) => {
        const run = await client.runs.get(created.id, { signal });
        if (options.driver === "manual") {
          await manualLoop(env, run, signal, row, perRun);
          return;
        }
        const result = await run.handleToolCalls(
          {
            // A unique content per handler call: a resubmitted old result is visible.
            lookup: () => {
              const k = (rounds.get(run.id) ?? 0) + 1;
              rounds.set(run.id, k);
              return `${run.id}#${k}`;
            },
          },
          { signal, maxRounds: perRun + 2 },
        );
        if (!truthful(env.model, run.id, result)) {
          bump(row, "wronglyReported");
          example(row, `${run.id}: handleToolCalls gave ${result.status.name}`, "wrong");
        }
      }).catch((e: unknown) => recordError(row, e, `${created.id}: ${options.driver}`));
      // The model's record is complete once the run has finished (or given up on).
      auditRun(env.model, created.id, perRun, row);
    });
  } finally {
    await proxy.close();
    const c = proxy.counts();
    row.faults["lostResponses"] = c.lostResponses;
    row.faults["streamResets"] = c.streamResets;
    row.faults["goawaysSent"] = c.goawaysSent;
    row.faults["submits"] = c.byMethod["RunService/Submit"] ?? 0;
    bump(row, "goaway", c.upstreamGoaways);
    bump(row, "clientResets", c.clientResets);
    for (const [code, n] of Object.entries(c.clientResetsByCode))
      row.faults[`clientResets(code ${code})`] = n;
  }
  row.durationMs = performance.now() - started;
  return row;
}
