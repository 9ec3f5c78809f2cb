/**
 * The replay server: answers calls from a script of exchanges (a recorded
 * fixture and/or a case's own exchanges) through real Connect routes of every
 * service in @yc-assistants/types, and notes where the client's requests
 * differ from the recorded ones.
 */
import type { DescMethod, Message } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  createRouterTransport,
  type HandlerContext,
  type Interceptor,
  type Transport,
} from "@connectrpc/connect";
import { startHost, withInterceptors } from "./host.js";
import { type ReplayExchange, rpcName, SERVICES } from "./replay-script.js";
import { compareRequests } from "./request-compare.js";

/** Options of a replay server. */
export interface ReplayOptions {
  /** What to answer, in order per RPC; the last exchange of an RPC repeats when used up. */
  readonly exchanges: readonly ReplayExchange[];
  /** Compare requests with the exchanges' recorded requests (default true). */
  readonly checkRequests?: boolean;
  /** `Message.field` names left out of request comparison. */
  readonly ignoreRequestFields?: readonly string[];
}

/** What happened on a replay server: the calls it answered and what did not match. */
export class ReplayState {
  /** Requests that differ from the recorded ones, one line each. */
  readonly mismatches: string[] = [];
  /** Calls the script had no exchange for. */
  readonly unexpected: string[] = [];
  /**
   * Listen calls of a script that never listens (a recording of a client that polls Get):
   * a client that reads the run's event log to decide the fate of a Submit (ours, issue 8)
   * asks it too; they are answered UNIMPLEMENTED and counted here, not as unexpected.
   */
  readonly logProbes: string[] = [];
  private readonly queues = new Map<string, ReplayExchange[]>();
  private readonly used = new Map<string, number>();

  constructor(readonly options: ReplayOptions) {
    for (const x of options.exchanges) {
      const key = rpcName(x.method);
      const q = this.queues.get(key) ?? [];
      q.push(x);
      this.queues.set(key, q);
    }
  }

  /** Whether the script holds any exchange of `method`. */
  scripts(method: DescMethod): boolean {
    return (this.queues.get(rpcName(method))?.length ?? 0) > 0;
  }

  /** Picks the exchange answering the next call of `method`, or `undefined` when there is none. */
  next(method: DescMethod): { exchange: ReplayExchange; call: number } | undefined {
    const key = rpcName(method);
    const q = this.queues.get(key);
    if (!q || q.length === 0) return undefined;
    const call = this.used.get(key) ?? 0;
    this.used.set(key, call + 1);
    let n = call;
    for (const x of q) {
      if (n < x.times) return { exchange: x, call };
      n -= x.times;
    }
    return { exchange: q[q.length - 1] as ReplayExchange, call };
  }

  /** Notes a difference between a received request and the exchange's recorded one. */
  check(exchange: ReplayExchange, call: number, request: Message): void {
    if (this.options.checkRequests === false || !exchange.request) return;
    const diffs = compareRequests(
      exchange.method.input,
      exchange.request,
      request,
      this.options.ignoreRequestFields,
    );
    if (diffs.length > 0) {
      this.mismatches.push(
        `${rpcName(exchange.method)} call #${call + 1} (${exchange.source}): request differs: ${diffs.join("; ")}`,
      );
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(ConnectError.from(signal.reason ?? new Error("aborted"), Code.Canceled));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(ConnectError.from(signal.reason ?? new Error("aborted"), Code.Canceled));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function toError(x: ReplayExchange): ConnectError {
  const e = x.error as NonNullable<ReplayExchange["error"]>;
  return new ConnectError(e.message, e.code, e.metadata);
}

/**
 * Connect routes answering every method of every service from `state`'s
 * script. Use with `createRouterTransport` (in process) or
 * `connectNodeAdapter` (HTTP/2), see {@link startReplayServer}.
 */
export function createReplayRoutes(state: ReplayState): (router: ConnectRouter) => void {
  const pick = (method: DescMethod) => {
    const found = state.next(method);
    if (!found) {
      const line = `${rpcName(method)}: no exchange in the script`;
      const logProbe =
        method.parent.typeName === "yandex.cloud.ai.assistants.v1.runs.RunService" &&
        method.name === "Listen" &&
        !state.scripts(method);
      (logProbe ? state.logProbes : state.unexpected).push(line);
      throw new ConnectError(`replay: ${line}`, Code.Unimplemented);
    }
    return found;
  };
  return (router) => {
    for (const service of SERVICES) {
      for (const method of service.methods) {
        switch (method.methodKind) {
          case "unary":
            router.rpc(method, (async (request: Message, ctx: HandlerContext) => {
              const { exchange, call } = pick(method);
              state.check(exchange, call, request);
              await sleep(exchange.delayMs, ctx.signal);
              if (exchange.error) throw toError(exchange);
              return exchange.response;
            }) as never);
            break;
          case "server_streaming":
            router.rpc(method, async function* (request: Message, ctx: HandlerContext) {
              const { exchange, call } = pick(method);
              state.check(exchange, call, request);
              await sleep(exchange.delayMs, ctx.signal);
              for (const m of exchange.stream ?? []) yield m;
              if (exchange.error) throw toError(exchange);
            } as never);
            break;
          case "bidi_streaming":
          case "client_streaming":
            router.rpc(method, async function* (
              requests: AsyncIterable<Message>,
              ctx: HandlerContext,
            ) {
              const it = requests[Symbol.asyncIterator]();
              const first = await it.next();
              const { exchange, call } = pick(method);
              if (!first.done) state.check(exchange, call, first.value);
              // Keep reading what the client sends (tool results on Attach) so the
              // stream stays healthy; the wire log records it.
              void (async () => {
                try {
                  for (let r = await it.next(); !r.done; r = await it.next()) {
                    /* drained */
                  }
                } catch {
                  /* the call ended */
                }
              })();
              await sleep(exchange.delayMs, ctx.signal);
              for (const m of exchange.stream ?? []) yield m;
              if (exchange.error) throw toError(exchange);
            } as never);
            break;
        }
      }
    }
  };
}

/** A replay server on a real HTTP/2 port. */
export interface ReplayServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly state: ReplayState;
  close(): Promise<void>;
}

/**
 * Starts a replay server over HTTP/2 cleartext on a free loopback port
 * (gRPC, Connect and gRPC-web), optionally with server-side interceptors
 * (the runner's wire log).
 *
 * @example
 * const server = await startReplayServer({ exchanges });
 * const client = new AssistantsClient({ endpoint: server.url, auth: { apiKey: "k" }, folderId: "f" });
 */
export async function startReplayServer(
  options: ReplayOptions,
  interceptors: Interceptor[] = [],
): Promise<ReplayServer> {
  const state = new ReplayState(options);
  const host = await startHost(createReplayRoutes(state), { interceptors });
  return { url: host.url, state, close: () => host.close() };
}

/**
 * A replay server inside this process: a Connect transport that calls the
 * routes directly, for unit tests that need no network.
 */
export function createReplayTransport(
  options: ReplayOptions,
  interceptors: Interceptor[] = [],
): { transport: Transport; state: ReplayState } {
  const state = new ReplayState(options);
  const transport = createRouterTransport(
    withInterceptors(createReplayRoutes(state), interceptors),
  );
  return { transport, state };
}
