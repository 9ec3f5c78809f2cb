/**
 * A TCP proxy on 127.0.0.1 that cuts connections after N bytes of the server → client
 * direction: the "dropped connection" of issue 8, point 1 (a socket reset, a proxy that dies
 * mid-stream), below HTTP/2, so the client's transport sees exactly what a real network
 * blip does. It can also count the HTTP/2 frames each way without touching them.
 *
 * @module
 */
import net from "node:net";
import { Http2FrameCounter, type Http2FrameCounts } from "./http2-frame-counter.js";
import { randomInt, seededRandom } from "./seeded-random.js";

/**
 * Where to cut: after exactly `bytes`, or after a seeded-random offset in `[minBytes,
 * maxBytes]` drawn afresh for every connection.
 */
export type CutAt =
  | { readonly bytes: number }
  | { readonly minBytes: number; readonly maxBytes: number };

/** Options of {@link startTcpCutProxy}. */
export interface TcpCutProxyOptions {
  /** The server: `http://host:port` or `{ host, port }`. */
  readonly upstream: string | { readonly host: string; readonly port: number };
  /** Cut connections after this many server → client bytes; absent: never cut. */
  readonly cut?: CutAt;
  /** Cut only the first K connections (default: every connection). */
  readonly cutConnections?: number;
  /** `destroy` (default: the bytes up to the offset, then FIN) or `reset` (TCP RST). */
  readonly cutMode?: "destroy" | "reset";
  /** Seed of the random offsets (default 1). */
  readonly seed?: number;
  /** Count HTTP/2 frames in both directions (see {@link TcpProxyCounts.http2}). */
  readonly observeHttp2?: boolean;
}

/** What a {@link TcpCutProxy} did so far. */
export interface TcpProxyCounts {
  /** Connections accepted. */
  readonly connections: number;
  /** Bytes forwarded client → server. */
  readonly bytesToServer: number;
  /** Bytes forwarded server → client. */
  readonly bytesToClient: number;
  /** Connections cut by the proxy. */
  readonly cuts: number;
  /** The offsets (server → client bytes delivered) at which connections were cut, in order. */
  readonly cutOffsets: readonly number[];
  /** With `observeHttp2`: frames the client sent and frames the server sent, summed over connections. */
  readonly http2?: { readonly toServer: Http2FrameCounts; readonly toClient: Http2FrameCounts };
}

/** A running proxy. */
export interface TcpCutProxy {
  /** `http://127.0.0.1:PORT`: give it to the client as its endpoint. */
  readonly url: string;
  readonly port: number;
  counts(): TcpProxyCounts;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

function upstreamAddress(upstream: TcpCutProxyOptions["upstream"]): { host: string; port: number } {
  if (typeof upstream !== "string") return { host: upstream.host, port: upstream.port };
  const url = new URL(upstream);
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port) };
}

function sumCounts(list: readonly Http2FrameCounts[]): Http2FrameCounts {
  const add = (into: Record<number, number>, from: Readonly<Record<number, number>>) => {
    for (const [k, v] of Object.entries(from)) into[Number(k)] = (into[Number(k)] ?? 0) + v;
  };
  const byType: Record<number, number> = {};
  const rstStreamByCode: Record<number, number> = {};
  const goawayByCode: Record<number, number> = {};
  for (const c of list) {
    add(byType, c.byType);
    add(rstStreamByCode, c.rstStreamByCode);
    add(goawayByCode, c.goawayByCode);
  }
  return { byType, rstStreamByCode, goawayByCode };
}

/**
 * Starts the proxy on a free loopback port. Both directions are piped with backpressure; a
 * connection chosen for a cut delivers exactly its offset's bytes to the client, then both
 * sockets are destroyed (or reset).
 *
 * @example
 * const proxy = await startTcpCutProxy({
 *   upstream: emulator.url,
 *   cut: { minBytes: 1, maxBytes: 4000 }, // a fresh random offset per connection
 *   cutConnections: 1,                    // only the first connection
 *   seed: 7,
 * });
 * const client = new AssistantsClient({ endpoint: proxy.url, folderId, auth: { apiKey } });
 */
export async function startTcpCutProxy(options: TcpCutProxyOptions): Promise<TcpCutProxy> {
  const target = upstreamAddress(options.upstream);
  const random = seededRandom(options.seed ?? 1);
  const sockets = new Set<net.Socket>();
  const observers: { toServer: Http2FrameCounter; toClient: Http2FrameCounter }[] = [];
  let connections = 0;
  let bytesToServer = 0;
  let bytesToClient = 0;
  const cutOffsets: number[] = [];

  const pickCut = (index: number): number | undefined => {
    const cut = options.cut;
    if (cut === undefined) return undefined;
    if (options.cutConnections !== undefined && index >= options.cutConnections) return undefined;
    return "bytes" in cut ? cut.bytes : randomInt(random, cut.minBytes, cut.maxBytes);
  };

  const server = net.createServer((client) => {
    const index = connections++;
    const cutAt = pickCut(index);
    const upstream = net.connect(target.port, target.host);
    // No Nagle delay: small HTTP/2 frames would otherwise wait for delayed ACKs (about 40 ms
    // per round trip on loopback), and the proxy must not slow the client down.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const observer = options.observeHttp2
      ? {
          toServer: new Http2FrameCounter({ clientPreface: true }),
          toClient: new Http2FrameCounter(),
        }
      : undefined;
    if (observer) observers.push(observer);
    let delivered = 0;
    let cut = false;
    const kill = (socket: net.Socket) => {
      if (options.cutMode === "reset" && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
    };
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", () => {
      sockets.delete(client);
      if (!upstream.destroyed) upstream.end();
    });
    upstream.on("close", () => {
      sockets.delete(upstream);
      if (!client.destroyed && !cut) client.end();
    });
    client.on("error", end);
    upstream.on("error", end);
    client.on("data", (chunk: Buffer) => {
      if (cut) return;
      bytesToServer += chunk.length;
      observer?.toServer.feed(chunk);
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once("drain", () => client.resume());
      }
    });
    upstream.on("data", (chunk: Buffer) => {
      if (cut) return;
      let data = chunk;
      if (cutAt !== undefined && delivered + chunk.length >= cutAt) {
        data = chunk.subarray(0, cutAt - delivered);
        cut = true;
      }
      delivered += data.length;
      bytesToClient += data.length;
      observer?.toClient.feed(data);
      if (cut) {
        cutOffsets.push(delivered);
        upstream.destroy();
        if (data.length === 0) kill(client);
        else client.write(data, () => kill(client));
        return;
      }
      if (!client.write(data)) {
        upstream.pause();
        client.once("drain", () => upstream.resume());
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
  const port = (server.address() as net.AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts: () => ({
      connections,
      bytesToServer,
      bytesToClient,
      cuts: cutOffsets.length,
      cutOffsets: [...cutOffsets],
      ...(options.observeHttp2
        ? {
            http2: {
              toServer: sumCounts(observers.map((o) => o.toServer.counts())),
              toClient: sumCounts(observers.map((o) => o.toClient.counts())),
            },
          }
        : {}),
    }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
