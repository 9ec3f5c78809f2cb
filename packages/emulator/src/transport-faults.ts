import type http2 from "node:http2";
import type { Socket } from "node:net";
import { HTTP2_ERROR_CODES } from "./check-transport-faults.js";
import type {
  EmulatorOptions,
  EmulatorStats,
  FaultCount,
  Http2ErrorCodeName,
} from "./emulator-options.js";
import { EnvelopeCounter } from "./envelope-counter.js";
import { methodNameOfPath } from "./method-names.js";
import { SeededRandom } from "./seeded-random.js";

type Faults = NonNullable<EmulatorOptions["faults"]>;
type Handler = (request: http2.Http2ServerRequest, response: http2.Http2ServerResponse) => void;

/** What one stream will suffer, drawn when it arrives. */
interface StreamPlan {
  destroyAfterBytes?: number;
  destroyAfterEvents?: number;
  resetAfterEvents?: number;
  lose?: "reset-stream" | "destroy-connection";
}

/** Keeps the fault generator apart from the interceptor's (same seed, other sequence). */
const SEED_SALT = 0x5eed;

/**
 * Transport-level faults and counters on the raw HTTP/2 objects (issue 8,
 * "Fault tooling"): Connect's interceptors never see the socket, so these act
 * on the `http2` server's sessions and streams around the Connect handler.
 * Every random choice comes from one generator seeded with `faults.seed`, drawn
 * as streams arrive, so a test that opens its calls in the same order suffers
 * the same faults on every run.
 *
 * @example
 * const faults = new TransportFaults({ resetStreams: { rate: 0.1 } });
 * faults.observe(server);
 * const server = http2.createServer(faults.wrap(connectNodeAdapter({ routes })));
 */
export class TransportFaults {
  readonly #faults: Faults;
  readonly #random: SeededRandom;
  readonly #stats: EmulatorStats = {
    streams: 0,
    streamsResetByClient: 0,
    streamsResetByFaults: 0,
    goAwaysSent: 0,
    connectionsDestroyed: 0,
    responsesLost: 0,
  };
  /** Streams the server itself reset or dropped, which the client did not reset. */
  readonly #ours = new WeakSet<http2.Http2Stream>();
  readonly #sockets = new Map<string, Socket>();
  readonly #sessionStreams = new WeakMap<http2.Http2Session, number>();

  constructor(faults: Faults = {}) {
    this.#faults = faults;
    this.#random = new SeededRandom((faults.seed ?? 1) + SEED_SALT);
  }

  /** Counters so far (a copy). */
  stats(): EmulatorStats {
    return { ...this.#stats };
  }

  /** Tracks the server's connections and streams for the counters and for socket faults. */
  observe(server: http2.Http2Server): void {
    server.on("connection", (socket: Socket) => {
      const key = socketKey(socket);
      this.#sockets.set(key, socket);
      socket.once("close", () => this.#sockets.delete(key));
    });
    server.on("stream", (stream) => {
      this.#stats.streams++;
      const session = stream.session;
      stream.once("close", () => {
        // A stream closed with an error code that the server did not send, on a
        // connection that is still up, was reset by the client.
        const connectionUp = session !== undefined && !session.destroyed;
        if (stream.rstCode !== 0 && !this.#ours.has(stream) && connectionUp) {
          this.#stats.streamsResetByClient++;
        }
      });
    });
  }

  /** The Connect handler with the faults around it. */
  wrap(handler: Handler): Handler {
    return (request, response) => {
      const method = methodNameOfPath(request.url ?? "");
      const stream = response.stream;
      const reset = this.#faults.resetStreams;
      if (
        method !== undefined &&
        reset?.rate !== undefined &&
        hits(reset.methods, method) &&
        this.#random.next() < reset.rate
      ) {
        // Before the handler runs: the call changes nothing.
        this.#resetStream(stream, reset.code ?? "INTERNAL_ERROR");
        return;
      }
      const plan = method === undefined ? {} : this.#plan(method);
      if (plan.lose !== undefined) this.#loseResponse(response, plan.lose);
      if (
        plan.destroyAfterBytes !== undefined ||
        plan.destroyAfterEvents !== undefined ||
        plan.resetAfterEvents !== undefined
      ) {
        this.#cutResponse(response, plan);
      }
      handler(request, response);
      if (method !== undefined) this.#maybeGoAway(stream);
    };
  }

  #plan(method: string): StreamPlan {
    const f = this.#faults;
    const plan: StreamPlan = {};
    const lose = f.loseResponse;
    if (
      lose !== undefined &&
      hits(lose.methods, method) &&
      this.#random.next() < (lose.rate ?? 1)
    ) {
      plan.lose = lose.how ?? "reset-stream";
    }
    if (hits(f.destroyConnectionMethods, method)) {
      plan.destroyAfterBytes = this.#draw(f.destroyConnectionAfterBytes);
      plan.destroyAfterEvents = this.#draw(f.destroyConnectionAfterEvents);
    }
    const reset = f.resetStreams;
    if (reset !== undefined && hits(reset.methods, method)) {
      plan.resetAfterEvents = this.#draw(reset.afterEvents);
    }
    return plan;
  }

  #draw(count: FaultCount | undefined): number | undefined {
    if (count === undefined || typeof count === "number") return count;
    return count.min + Math.floor(this.#random.next() * (count.max - count.min + 1));
  }

  /** The response is withheld once the handler has produced it (Connect writes headers then). */
  #loseResponse(response: http2.Http2ServerResponse, how: "reset-stream" | "destroy-connection") {
    const writeHead = response.writeHead;
    let lost = false;
    response.writeHead = ((...args: Parameters<typeof writeHead>) => {
      if (!lost) {
        lost = true;
        this.#stats.responsesLost++;
        if (how === "destroy-connection") this.#destroyConnection(response.stream);
        else this.#resetStream(response.stream, this.#faults.loseResponse?.code ?? "CANCEL");
      }
      // Connect's writes now fail as on any dead stream, which it takes as an abort.
      return writeHead.apply(response, args);
    }) as typeof writeHead;
  }

  /** Lets the response body through up to the planned byte or message, then faults. */
  #cutResponse(response: http2.Http2ServerResponse, plan: StreamPlan): void {
    const write = response.write.bind(response);
    const counter = new EnvelopeCounter();
    let sent = 0;
    let fired = false;
    response.write = ((chunk: Uint8Array | string, ...rest: unknown[]) => {
      const callback = rest.find((arg) => typeof arg === "function") as
        | ((error?: Error | null) => void)
        | undefined;
      if (fired) {
        // The stream is being cut: nothing more goes out on it.
        if (callback !== undefined) process.nextTick(callback, streamDestroyed());
        return false;
      }
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      let cutAt: number | undefined;
      let action: (() => void) | undefined;
      if (plan.destroyAfterBytes !== undefined && sent + bytes.length >= plan.destroyAfterBytes) {
        cutAt = plan.destroyAfterBytes - sent;
        action = () => this.#destroyConnection(response.stream);
      }
      const before = counter.messages;
      const ends = counter.feed(bytes);
      const after = (limit: number | undefined) =>
        limit === undefined || before + ends.length < limit ? undefined : ends[limit - before - 1];
      const destroyAt = after(plan.destroyAfterEvents);
      if (destroyAt !== undefined && (cutAt === undefined || destroyAt < cutAt)) {
        cutAt = destroyAt;
        action = () => this.#destroyConnection(response.stream);
      }
      const resetAt = after(plan.resetAfterEvents);
      if (resetAt !== undefined && (cutAt === undefined || resetAt < cutAt)) {
        cutAt = resetAt;
        action = () => this.#resetStream(response.stream, this.#faults.resetStreams?.code);
      }
      sent += bytes.length;
      if (cutAt === undefined || action === undefined) {
        return write(chunk as Uint8Array, callback as (error?: Error | null) => void);
      }
      fired = true;
      const fault = action;
      write(bytes.subarray(0, cutAt), () => {
        fault();
        callback?.(streamDestroyed());
      });
      return false;
    }) as typeof response.write;
  }

  #resetStream(stream: http2.ServerHttp2Stream, code: Http2ErrorCodeName | undefined): void {
    if (stream.destroyed || stream.closed) return;
    this.#ours.add(stream);
    this.#stats.streamsResetByFaults++;
    stream.close(HTTP2_ERROR_CODES[code ?? "INTERNAL_ERROR"]);
  }

  /**
   * Drops the TCP connection the way a dying proxy does: what was written is
   * flushed, then the socket closes without GOAWAY.
   */
  #destroyConnection(stream: http2.ServerHttp2Stream): void {
    const session = stream.session;
    if (session === undefined || session.destroyed) return;
    this.#ours.add(stream);
    this.#stats.connectionsDestroyed++;
    const socket = this.#sockets.get(socketKey(session.socket));
    if (socket === undefined) {
      session.destroy();
      return;
    }
    socket.end(() => socket.destroy());
    // A peer that never reads must not keep the socket half-open.
    setTimeout(() => socket.destroy(), 100).unref();
  }

  #maybeGoAway(stream: http2.ServerHttp2Stream): void {
    const goAway = this.#faults.goAway;
    const session = stream.session;
    if (goAway === undefined || session === undefined || session.closed || session.destroyed) {
      return;
    }
    const count = (this.#sessionStreams.get(session) ?? 0) + 1;
    this.#sessionStreams.set(session, count);
    const due =
      (goAway.afterStreams !== undefined && count >= goAway.afterStreams) ||
      (goAway.rate !== undefined && this.#random.next() < goAway.rate);
    if (!due) return;
    this.#stats.goAwaysSent++;
    // Streams up to this one are served to their end; later ones are refused.
    session.goaway(HTTP2_ERROR_CODES[goAway.code ?? "NO_ERROR"], stream.id ?? 0);
    session.close();
  }
}

function hits(methods: readonly string[] | undefined, method: string): boolean {
  return methods === undefined || methods.includes(method);
}

function socketKey(socket: {
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
}) {
  return `${socket.remoteAddress}|${socket.remotePort}`;
}

function streamDestroyed(): Error {
  return Object.assign(new Error("stream cut by an injected transport fault"), {
    code: "ERR_STREAM_DESTROYED",
  });
}
