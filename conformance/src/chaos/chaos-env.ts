/**
 * What every chaos scenario shares: an emulator on a free loopback port with the
 * {@link ChaosModel}, a DIRECT client that creates runs, a raw Connect client for ground
 * truth, and helpers to bound each run in time and to name errors.
 *
 * @module
 */
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  type Assistant,
  AssistantsClient,
  functionTool,
  type RetryPolicy,
  type Run,
} from "@yc-assistants/client";
import { type Emulator, startEmulator } from "@yc-assistants/emulator";
import { RunService, type StreamEvent } from "@yc-assistants/types/runs";
import { ChaosModel } from "./chaos-model.js";

/** The folder every chaos client uses (any folder works on the emulator). */
export const CHAOS_FOLDER = "b1gchaos";
/** The API key every chaos client sends. */
export const CHAOS_API_KEY = "chaos-key";

/**
 * The retry policy of the clients under test: the default number of attempts, short backoffs
 * so thousands of faulted runs finish in minutes. Which errors are retried or resumed is the
 * client's own decision; only the pauses are shorter.
 */
export const CHAOS_RETRY: RetryPolicy = Object.freeze({
  initialBackoffMs: 20,
  multiplier: 1.5,
  maxBackoffMs: 200,
  jitterMs: 20,
});

/** The running emulator and its helpers. */
export interface ChaosEnv {
  readonly emulator: Emulator;
  readonly model: ChaosModel;
  /** Creates runs and resources; never behind a fault. */
  readonly direct: AssistantsClient;
  /** Raw Connect RunService straight to the emulator (ground truth). */
  readonly raw: ReturnType<typeof createClient<typeof RunService>>;
  /** A client with the chaos retry policy to `endpoint` (a proxy, or the emulator). */
  client(endpoint: string): AssistantsClient;
  /** A new streamed run over a new thread with the given last message (`text 20`, `tools 4`). */
  createRun(prompt: string, options?: { tools?: boolean; stream?: boolean }): Promise<Run>;
  /** Every event of a run, read from index 0 to the stream's end on the raw client. */
  truth(runId: string): Promise<StreamEvent[]>;
  close(): Promise<void>;
}

/**
 * Starts the chaos emulator (chunk delay 1 ms unless given).
 *
 * @example
 * const env = await startChaosEnv();
 * const run = await env.createRun("text 20");
 * await env.close();
 */
export async function startChaosEnv(options: { chunkDelayMs?: number } = {}): Promise<ChaosEnv> {
  const model = new ChaosModel();
  const emulator = await startEmulator({ model, chunkDelayMs: options.chunkDelayMs ?? 1 });
  const client = (endpoint: string) =>
    new AssistantsClient({
      endpoint,
      folderId: CHAOS_FOLDER,
      auth: { apiKey: CHAOS_API_KEY },
      retry: CHAOS_RETRY,
      env: {},
    });
  const direct = client(emulator.url);
  const raw = createClient(RunService, createGrpcTransport({ baseUrl: emulator.url }));
  let plain: Promise<Assistant> | undefined;
  let withTools: Promise<Assistant> | undefined;
  const assistant = (tools: boolean) => {
    if (tools) {
      withTools ??= direct.assistants.create({
        model: "yandexgpt",
        tools: [functionTool({ name: "lookup" })],
      });
      return withTools;
    }
    plain ??= direct.assistants.create({ model: "yandexgpt" });
    return plain;
  };
  return {
    emulator,
    model,
    direct,
    raw,
    client,
    async createRun(prompt, o = {}) {
      const a = await assistant(o.tools === true);
      const thread = await direct.threads.create();
      await thread.write(prompt);
      return o.stream === false ? a.run(thread) : a.runStream(thread);
    },
    async truth(runId) {
      const events: StreamEvent[] = [];
      for await (const e of raw.listen({ runId, eventsStartIdx: 0n })) events.push(e);
      return events;
    },
    close: () => emulator.close(),
  };
}

/** The `Code` name of any error (`Canceled`, `Internal`, …). */
export function codeName(e: unknown): string {
  return Code[ConnectError.from(e).code] ?? String(ConnectError.from(e).code);
}

/** Marks a run that gave no result in time. */
export class Hung extends Error {}

/**
 * Runs `body` with an abort signal that fires after `timeoutMs`; rejects with {@link Hung}
 * when the time is up, whatever `body` does with the signal.
 */
export async function bounded<T>(
  timeoutMs: number,
  body: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Hung(`no result within ${timeoutMs} ms`));
      controller.abort();
    }, timeoutMs);
  });
  try {
    return await Promise.race([body(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `fn(i)` for i in `[0, count)`, `concurrency` at a time.
 *
 * @example
 * await pool(1000, 16, async (i) => { ... });
 */
export async function pool(
  count: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await fn(i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}
