/**
 * An HTTP/2 (h2c) proxy on 127.0.0.1 that forwards gRPC streams faithfully (headers, data,
 * trailers, RST_STREAM, GOAWAY) and injects the faults of issue 8 at the HTTP/2 layer: the
 * response of chosen methods lost after the server applied the call (point 2: "a Submit
 * whose response is lost after the server applied it"), streams reset after N response
 * DATA frames, GOAWAY on the client's connection; and it counts the RST_STREAMs the client
 * sends (point 3: "every run sends RST_STREAM(CANCEL)").
 *
 * Each client connection gets its own upstream connection, so a GOAWAY of the server is
 * forwarded to the client whose streams caused it.
 *
 * @module
 */
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { GrpcMessageCounter } from "./grpc-message-counter.js";
import { randomInt, seededRandom } from "./seeded-random.js";

const { NGHTTP2_CANCEL, NGHTTP2_INTERNAL_ERROR, NGHTTP2_NO_ERROR, NGHTTP2_REFUSED_STREAM } =
  http2.constants;
const END_STREAM_FLAG = 0x1;

/** How a lost response is dropped. */
export type LoseMode = "cancel" | "internal" | "destroy-session" | "unavailable";

/** Options of {@link startHttp2FaultProxy}. */
export interface Http2FaultProxyOptions {
  /** The server, `http://host:port`. */
  readonly upstream: string;
  /** Seed of every random choice (default 1). */
  readonly seed?: number;
  /**
   * Lose the response of calls to these methods (`Submit`, or `RunService/Submit`: matched
   * against the end of the `:path`) at `rate` (0..1, default 1): the request is forwarded,
   * the server applies it and answers in full, then the answer is dropped — the client's
   * stream is reset with CANCEL or INTERNAL_ERROR, or its whole connection destroyed, or it is
   * answered with gRPC UNAVAILABLE (as a load balancer does when its upstream went away).
   * `modes` are picked at random per lost response (default `["cancel"]`).
   */
  readonly loseResponse?: {
    readonly methods: readonly string[];
    readonly rate?: number;
    readonly modes?: readonly LoseMode[];
  };
  /**
   * Reset response streams of `methods` (default: all) after N response messages (gRPC
   * length-prefixed messages, each of which the server sends as its own DATA frame; the bytes up
   * to the end of the N-th are delivered, then RST_STREAM), N seeded-random
   * in `[minFrames, maxFrames]` per stream, with `code` (default INTERNAL_ERROR), at `rate`
   * (default 1), and only for the first `streams` matching streams (default: all).
   */
  readonly resetStream?: {
    readonly methods?: readonly string[];
    readonly minFrames: number;
    readonly maxFrames: number;
    readonly code?: number;
    readonly rate?: number;
    readonly streams?: number;
  };
  /**
   * Send GOAWAY(`code`, default INTERNAL_ERROR) on the client's connection and destroy it,
   * after every `afterStreams` streams of one connection and/or on each new stream at `rate`;
   * at most `times` GOAWAYs in all (default: unbounded).
   */
  /** Receives one line per stream event (`#3 RunService/Submit lost (cancel)`), for debugging. */
  readonly log?: (line: string) => void;
  readonly goaway?: {
    readonly afterStreams?: number;
    readonly rate?: number;
    readonly code?: number;
    readonly times?: number;
  };
}

/** What an {@link Http2FaultProxy} did and saw so far. */
export interface Http2ProxyCounts {
  readonly sessions: number;
  readonly streams: number;
  /** Client streams that ended in RST_STREAM sent by the client (any code but NO_ERROR). */
  readonly clientResets: number;
  /** …of them, before the response had ended (the client cancelled a live response). */
  readonly clientResetsBeforeEnd: number;
  /** Client RST_STREAMs by error code (8 = CANCEL). */
  readonly clientResetsByCode: Readonly<Record<number, number>>;
  /** Responses applied upstream and then dropped (`loseResponse`). */
  readonly lostResponses: number;
  /** Streams the proxy reset after N DATA frames (`resetStream`). */
  readonly streamResets: number;
  /** GOAWAYs the proxy sent on its own (`goaway`). */
  readonly goawaysSent: number;
  /** GOAWAYs the server sent (forwarded to the client). */
  readonly upstreamGoaways: number;
  /** Streams by method (`Service/Method`). */
  readonly byMethod: Readonly<Record<string, number>>;
}

/** A running proxy. */
export interface Http2FaultProxy {
  /** `http://127.0.0.1:PORT`: give it to the client as its endpoint. */
  readonly url: string;
  counts(): Http2ProxyCounts;
  /** Stops listening and destroys every session, both sides. */
  close(): Promise<void>;
}

function methodOf(path: string): string {
  const parts = path.split("/").filter((p) => p !== "");
  const service = (parts[0] ?? "").split(".").pop() ?? "";
  return `${service}/${parts[1] ?? ""}`;
}

function matches(method: string, patterns: readonly string[] | undefined): boolean {
  if (patterns === undefined) return true;
  return patterns.some((p) => method === p || method.endsWith(`/${p}`) || p.endsWith(`/${method}`));
}

/** Request headers the upstream may receive: pseudo-headers kept, the authority rewritten. */
function requestHeaders(
  headers: http2.IncomingHttpHeaders,
  authority: string,
): http2.OutgoingHttpHeaders {
  const out: http2.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = v;
  out[":authority"] = authority;
  return out;
}

/** Response headers and trailers for `respond()` / `sendTrailers()`: no pseudo-headers but `:status`. */
function responseHeaders(
  headers: http2.IncomingHttpHeaders,
  keepStatus: boolean,
): http2.OutgoingHttpHeaders {
  const out: http2.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    if (k.startsWith(":") && !(keepStatus && k === ":status")) continue;
    out[k] = v;
  }
  return out;
}

/**
 * Starts the proxy on a free loopback port.
 *
 * @example
 * const proxy = await startHttp2FaultProxy({
 *   upstream: emulator.url,
 *   loseResponse: { methods: ["Submit"], rate: 0.3, modes: ["cancel", "internal", "destroy-session"] },
 *   seed: 7,
 * });
 * const client = new AssistantsClient({ endpoint: proxy.url, folderId, auth: { apiKey } });
 * // … proxy.counts().lostResponses
 */
export async function startHttp2FaultProxy(
  options: Http2FaultProxyOptions,
): Promise<Http2FaultProxy> {
  const upstreamUrl = new URL(options.upstream);
  const random = seededRandom(options.seed ?? 1);
  const sessions = new Set<http2.Http2Session>();
  const counts = {
    sessions: 0,
    streams: 0,
    clientResets: 0,
    clientResetsBeforeEnd: 0,
    lostResponses: 0,
    streamResets: 0,
    goawaysSent: 0,
    upstreamGoaways: 0,
  };
  const clientResetsByCode: Record<number, number> = {};
  const byMethod: Record<string, number> = {};
  let resetCandidates = 0;
  const upstreamOf = new WeakMap<http2.ServerHttp2Session, http2.ClientHttp2Session>();
  const streamsOf = new WeakMap<http2.ServerHttp2Session, number>();

  // Sessions the proxy is ending (its own GOAWAY, a forwarded one, a destroyed connection):
  // their streams close with codes the proxy's own HTTP/2 stack chose (REFUSED_STREAM, ...),
  // which are not resets sent by the client.
  const ending = new WeakSet<http2.ServerHttp2Session>();
  const goAway = (down: http2.ServerHttp2Session, code: number) => {
    if (down.destroyed || down.closed) return;
    ending.add(down);
    counts.goawaysSent++;
    down.goaway(code);
    // A GOAWAY with an error ends the connection (as nghttp2 does after its own GOAWAY).
    setImmediate(() => down.destroy());
  };

  const server = http2.createServer();
  server.on("session", (down) => {
    counts.sessions++;
    sessions.add(down);
    const up = http2.connect(upstreamUrl);
    sessions.add(up);
    upstreamOf.set(down, up);
    streamsOf.set(down, 0);
    up.on("goaway", (errorCode) => {
      counts.upstreamGoaways++;
      ending.add(down);
      if (!down.destroyed && !down.closed) down.goaway(errorCode);
    });
    up.on("error", () => down.destroy());
    up.on("close", () => {
      sessions.delete(up);
      if (!down.destroyed) down.close();
    });
    down.on("error", () => {});
    down.on("close", () => {
      sessions.delete(down);
      if (!up.destroyed) up.close();
    });
  });

  server.on("stream", (downStream, headers) => {
    // First of all: a stream the proxy refuses or ends below (GOAWAY, no upstream) closes with
    // an error, which must not crash the process.
    downStream.on("error", () => {});
    const down = downStream.session as http2.ServerHttp2Session;
    const up = upstreamOf.get(down);
    counts.streams++;
    const method = methodOf(String(headers[":path"] ?? ""));
    const streamNo = counts.streams;
    const log = (what: string) => options.log?.(`#${streamNo} ${method} ${what}`);
    log(
      `open (session ${counts.sessions}, request id ${String(headers["x-client-request-id"] ?? "-")})`,
    );
    byMethod[method] = (byMethod[method] ?? 0) + 1;
    if (up === undefined || up.destroyed) {
      downStream.close(NGHTTP2_INTERNAL_ERROR);
      return;
    }
    const g = options.goaway;
    const n = (streamsOf.get(down) ?? 0) + 1;
    streamsOf.set(down, n);
    const goawayAllowed =
      g !== undefined && (g.times === undefined || counts.goawaysSent < g.times);
    if (
      goawayAllowed &&
      ((g.afterStreams !== undefined && n > g.afterStreams) ||
        (g.rate !== undefined && random() < g.rate))
    ) {
      // The stream arrived after the GOAWAY decision: the client must retry it elsewhere.
      log("GOAWAY");
      goAway(down, g.code ?? NGHTTP2_INTERNAL_ERROR);
      return;
    }

    const lose =
      options.loseResponse !== undefined &&
      matches(method, options.loseResponse.methods) &&
      random() < (options.loseResponse.rate ?? 1);
    const loseModes = options.loseResponse?.modes ?? ["cancel"];
    const rs = options.resetStream;
    let resetAfter: number | undefined;
    if (rs !== undefined && matches(method, rs.methods)) {
      if ((rs.streams === undefined || resetCandidates < rs.streams) && random() < (rs.rate ?? 1)) {
        resetAfter = randomInt(random, rs.minFrames, rs.maxFrames);
      }
      resetCandidates++;
    }

    let upStream: http2.ClientHttp2Stream;
    try {
      upStream = up.request(requestHeaders(headers, upstreamUrl.host), { endStream: false });
    } catch {
      downStream.close(NGHTTP2_INTERNAL_ERROR);
      return;
    }
    let responseEnded = false;
    let proxyClosed = false;
    const messages = new GrpcMessageCounter();
    let trailers: http2.OutgoingHttpHeaders | undefined;
    const proxyReset = (code: number) => {
      proxyClosed = true;
      if (!downStream.destroyed) downStream.close(code);
      if (!upStream.destroyed) upStream.close(NGHTTP2_CANCEL);
    };

    // Request body: client → server.
    downStream.pipe(upStream);
    upStream.on("error", () => {});

    downStream.on("close", () => {
      const code = downStream.rstCode ?? NGHTTP2_NO_ERROR;
      log(`client side closed (code ${code}${proxyClosed ? ", by the proxy" : ""})`);
      if (
        !proxyClosed &&
        !ending.has(down) &&
        code !== NGHTTP2_NO_ERROR &&
        code !== NGHTTP2_REFUSED_STREAM
      ) {
        counts.clientResets++;
        clientResetsByCode[code] = (clientResetsByCode[code] ?? 0) + 1;
        if (!responseEnded) counts.clientResetsBeforeEnd++;
      }
      if (!upStream.destroyed && !upStream.closed)
        upStream.close(code === NGHTTP2_NO_ERROR ? NGHTTP2_CANCEL : code);
    });

    if (lose) {
      // Let the server apply the call and answer in full, then drop the answer.
      upStream.resume();
      upStream.on("close", () => {
        if (downStream.destroyed || downStream.closed) return;
        counts.lostResponses++;
        const mode = loseModes[randomInt(random, 0, loseModes.length - 1)] ?? "cancel";
        log(`response lost (${mode})`);
        if (mode === "unavailable") {
          proxyClosed = true;
          responseEnded = true;
          downStream.respond(
            {
              ":status": 200,
              "content-type": "application/grpc",
              "grpc-status": "14",
              "grpc-message": "upstream connection reset (fault proxy)",
            },
            { endStream: true },
          );
        } else if (mode === "destroy-session") {
          proxyClosed = true;
          ending.add(down);
          down.destroy();
        } else proxyReset(mode === "internal" ? NGHTTP2_INTERNAL_ERROR : NGHTTP2_CANCEL);
      });
      return;
    }

    upStream.on("response", (h, flags) => {
      if (downStream.destroyed || downStream.closed) return;
      if ((flags & END_STREAM_FLAG) !== 0) {
        // Trailers-only response (a gRPC error before any message).
        responseEnded = true;
        downStream.respond(responseHeaders(h, true), { endStream: true });
        return;
      }
      downStream.respond(responseHeaders(h, true), { waitForTrailers: true });
    });
    upStream.on("trailers", (t) => {
      trailers = responseHeaders(t, false);
    });
    downStream.on("wantTrailers", () => {
      responseEnded = true;
      downStream.sendTrailers(trailers ?? {});
    });
    upStream.on("data", (chunk: Buffer) => {
      if (proxyClosed || downStream.destroyed || downStream.closed || !downStream.headersSent) {
        return;
      }
      let data = chunk;
      let reset = false;
      if (resetAfter !== undefined) {
        const cut = messages.feed(chunk, resetAfter);
        if (cut !== undefined) {
          data = chunk.subarray(0, cut);
          reset = true;
        }
      }
      if (reset) {
        proxyClosed = true;
        upStream.pause();
        const resetNow = () => {
          log(`reset after ${resetAfter} messages`);
          counts.streamResets++;
          proxyReset(rs?.code ?? NGHTTP2_INTERNAL_ERROR);
        };
        if (data.length === 0) resetNow();
        else downStream.write(data, resetNow);
        return;
      }
      if (!downStream.write(data)) {
        upStream.pause();
        downStream.once("drain", () => upStream.resume());
      }
    });
    upStream.on("end", () => {
      if (!proxyClosed && !downStream.destroyed && !downStream.closed && downStream.headersSent) {
        if (!responseEnded) downStream.end();
      }
    });
    upStream.on("close", () => {
      // The server reset the stream (or its connection died): pass the code on.
      if (proxyClosed || downStream.destroyed || downStream.closed) return;
      const code = upStream.rstCode ?? NGHTTP2_NO_ERROR;
      if (code !== NGHTTP2_NO_ERROR || !downStream.headersSent) {
        proxyClosed = true;
        downStream.close(code === NGHTTP2_NO_ERROR ? NGHTTP2_INTERNAL_ERROR : code);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({
      ...counts,
      clientResetsByCode: { ...clientResetsByCode },
      byMethod: { ...byMethod },
    }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.destroy();
      });
      return closing;
    },
  };
}
