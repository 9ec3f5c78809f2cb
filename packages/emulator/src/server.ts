import { setMaxListeners } from "node:events";
import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { compressionGzip, connectNodeAdapter } from "@connectrpc/connect-node";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type Emulator,
  type EmulatorOptions,
} from "./emulator-options.js";
import { createFastListen } from "./fast-listen.js";
import { isFileDownload } from "./file-download.js";
import { createProtocolSwitch } from "./protocol-switch.js";
import { requestAuthorityValues } from "./request-authority.js";
import { createEmulatorCore } from "./routes.js";
import { TransportFaults } from "./transport-faults.js";

/** How long `close()` lets open HTTP/2 sessions finish before destroying them. */
const CLOSE_GRACE_MS = 1000;

/**
 * Starts an emulator: gRPC (and Connect, gRPC-web) over HTTP/2 cleartext
 * (h2c) on `host:port` (default 127.0.0.1 and a free port), with a fresh,
 * empty state (contracts, "@yc-assistants/emulator").
 *
 * @example
 * import { createClient } from "@connectrpc/connect";
 * import { createGrpcTransport } from "@connectrpc/connect-node";
 * import { RunService } from "@yc-assistants/types/runs";
 * const emulator = await startEmulator({ model: "echo" });
 * const runs = createClient(RunService, createGrpcTransport({ baseUrl: emulator.url }));
 * // …
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const core = createEmulatorCore(options);
  const shutdown = new AbortController();
  // Every open call adds one abort listener to this shared signal (Connect
  // links it to the call's own signal): its count is the number of calls in
  // flight, not a leak (issue 8, point 6: no MaxListenersExceededWarning).
  setMaxListeners(0, shutdown.signal);
  const compression = options.compression ?? "none";
  if (compression !== "none" && compression !== "gzip") {
    throw new RangeError('compression must be "none" or "gzip"');
  }
  const readMaxBytes = options.limits?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const handler = connectNodeAdapter({
    routes: core.routes,
    shutdownSignal: shutdown.signal,
    // What the emulator may answer with: nothing compressed unless asked (see the option).
    acceptCompression: compression === "gzip" ? [compressionGzip] : [],
    // Refuses a message whose declared length is past the limit as soon as its
    // 5-byte header arrives, before allocating it (issue 8, point 4).
    readMaxBytes,
    // The address each client reached us at names the addresses we hand out (issue 9).
    contextValues: (request) => requestAuthorityValues(request.headers),
  });
  // The plain case of Listen skips Connect (issue 10: the emulator's CPU per event); request
  // logging and injected faults hook into Connect, so with them every call goes through it.
  const fastListen =
    options.log === undefined && options.faults === undefined && compression === "none"
      ? createFastListen({
          context: core.context,
          auth: options.auth,
          readMaxBytes,
          shutdown: shutdown.signal,
        })
      : undefined;
  const transport = new TransportFaults(options.faults);
  // FileService.GetUrl download URLs are plain GETs on the same port (issue 9), over HTTP/2
  // or over HTTP/1.1 (see protocol-switch.ts).
  const server = http2.createServer(
    transport.wrap((request, response) => {
      if (isFileDownload(request)) core.serveFileDownload(request, response);
      else if (fastListen === undefined || !fastListen(request, response))
        handler(request, response);
    }),
  );
  const downloads = http.createServer((request, response) => {
    if (isFileDownload(request)) core.serveFileDownload(request, response);
    else {
      response.writeHead(505, { "content-type": "text/plain; charset=utf-8" });
      response.end("the emulator serves gRPC over HTTP/2; HTTP/1.1 only for file downloads\n");
    }
  });
  const front = createProtocolSwitch(server, downloads);
  transport.observe(server);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  const streams = new Set<http2.ServerHttp2Stream>();
  server.on("stream", (stream) => {
    streams.add(stream);
    stream.on("close", () => streams.delete(stream));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    front.once("error", reject);
    front.listen(options.port ?? 0, host, () => {
      front.off("error", reject);
      resolve();
    });
  });
  const { port } = front.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  core.setAddress(url);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      // Open streams end (their handlers see the abort), runs stop, then the
      // sessions close; stragglers are destroyed after a grace period.
      // UNAVAILABLE, as from a real server going away: clients may retry elsewhere.
      shutdown.abort(new ConnectError("the emulator is shutting down", Code.Unavailable));
      core.stop();
      const sweeper = setInterval(() => {
        // A stream whose response is complete but whose client never closed
        // its side (an abandoned bidi call) would hold its session open.
        for (const stream of streams) if (stream.writableEnded) stream.close();
      }, 5);
      const deadline = setTimeout(() => {
        for (const session of sessions) session.destroy();
        downloads.closeAllConnections();
      }, CLOSE_GRACE_MS);
      // The port closes at once; the callback comes when every connection it accepted closed.
      front.close(() => {
        clearInterval(sweeper);
        clearTimeout(deadline);
        resolve();
      });
      downloads.closeIdleConnections();
      for (const session of sessions) session.close();
    });
    return closing;
  };
  return { url, close, stats: () => transport.stats() };
}
