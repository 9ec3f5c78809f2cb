import net from "node:net";
import { AssistantsClient } from "@yc-assistants/client";
import { startEmulator } from "@yc-assistants/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { FRAME_TYPE, Http2FrameCounter } from "./http2-frame-counter.js";
import { startTcpCutProxy, type TcpCutProxy } from "./tcp-cut-proxy.js";

/** A server that sends `size` bytes (0, 1, 2, … mod 256) to every connection, then ends it. */
async function byteServer(size: number): Promise<{ port: number; close: () => Promise<void> }> {
  const payload = Buffer.from(Array.from({ length: size }, (_, i) => i % 256));
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Connects through `proxy` and collects what arrives until the connection ends. */
function receive(port: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1");
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", () => {});
    socket.on("close", () => resolve(Buffer.concat(chunks)));
  });
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function proxyTo(
  port: number,
  options: Omit<Parameters<typeof startTcpCutProxy>[0], "upstream">,
): Promise<TcpCutProxy> {
  const proxy = await startTcpCutProxy({ upstream: { host: "127.0.0.1", port }, ...options });
  cleanup.push(() => proxy.close());
  return proxy;
}

describe("startTcpCutProxy", () => {
  it("pipes every byte when no cut is set, and counts them", async () => {
    const upstream = await byteServer(100_000);
    cleanup.push(upstream.close);
    const proxy = await proxyTo(upstream.port, {});
    const got = await receive(proxy.port);
    expect(got.length).toBe(100_000);
    expect(got[99_999]).toBe(99_999 % 256);
    expect(proxy.counts()).toMatchObject({ connections: 1, bytesToClient: 100_000, cuts: 0 });
  });

  it("cuts after exactly N server → client bytes", async () => {
    const upstream = await byteServer(100_000);
    cleanup.push(upstream.close);
    const proxy = await proxyTo(upstream.port, { cut: { bytes: 1234 } });
    const got = await receive(proxy.port);
    expect(got.length).toBe(1234);
    expect(got[1233]).toBe(1233 % 256);
    expect(proxy.counts()).toMatchObject({ cuts: 1, cutOffsets: [1234] });
  });

  it("draws a fresh seeded offset per connection, the same for the same seed", async () => {
    const upstream = await byteServer(50_000);
    cleanup.push(upstream.close);
    const lengths = async (seed: number) => {
      const proxy = await proxyTo(upstream.port, { cut: { minBytes: 10, maxBytes: 40_000 }, seed });
      const out: number[] = [];
      for (let i = 0; i < 5; i++) out.push((await receive(proxy.port)).length);
      expect(proxy.counts().cutOffsets).toEqual(out);
      return out;
    };
    const a = await lengths(7);
    expect(new Set(a).size).toBeGreaterThan(1);
    for (const n of a) expect(n >= 10 && n <= 40_000).toBe(true);
    expect(await lengths(7)).toEqual(a);
  });

  it("cuts only the first K connections when asked", async () => {
    const upstream = await byteServer(5000);
    cleanup.push(upstream.close);
    const proxy = await proxyTo(upstream.port, {
      cut: { bytes: 100 },
      cutConnections: 2,
      cutMode: "reset",
    });
    const got = [];
    for (let i = 0; i < 4; i++) got.push((await receive(proxy.port)).length);
    expect(got).toEqual([100, 100, 5000, 5000]);
    expect(proxy.counts()).toMatchObject({ connections: 4, cuts: 2 });
  });

  it("fails a gRPC call whose connection is cut, and the next connection works", async () => {
    const emulator = await startEmulator({ chunkDelayMs: 1 });
    cleanup.push(() => emulator.close());
    const port = Number(new URL(emulator.url).port);
    // The first connection dies after its SETTINGS exchange; the second is left alone.
    const proxy = await proxyTo(port, {
      cut: { bytes: 60 },
      cutConnections: 1,
      observeHttp2: true,
    });
    const client = new AssistantsClient({
      endpoint: proxy.url,
      folderId: "b1gfolder",
      auth: { apiKey: "k" },
      env: {},
      retry: { maxAttempts: 3, initialBackoffMs: 5, jitterMs: 1, maxBackoffMs: 10 },
    });
    const first = await client.threads.create().then(
      () => "ok",
      (e: unknown) => e,
    );
    expect(first).not.toBe("ok");
    const thread = await client.threads.create();
    expect(thread.id).not.toBe("");
    const counts = proxy.counts();
    expect(counts).toMatchObject({ connections: 2, cuts: 1 });
    // Both connections spoke HTTP/2: the observer saw SETTINGS and HEADERS both ways.
    expect(counts.http2?.toServer.byType[FRAME_TYPE.HEADERS]).toBeGreaterThanOrEqual(2);
    expect(counts.http2?.toClient.byType[FRAME_TYPE.SETTINGS]).toBeGreaterThanOrEqual(2);
  });
});

describe("Http2FrameCounter", () => {
  const frame = (type: number, payload: number[], stream = 1) =>
    Buffer.from([
      0,
      0,
      payload.length,
      type,
      0,
      (stream >>> 24) & 0xff,
      (stream >>> 16) & 0xff,
      (stream >>> 8) & 0xff,
      stream & 0xff,
      ...payload,
    ]);

  it("counts frames, RST_STREAM and GOAWAY codes across chunk boundaries", () => {
    const bytes = Buffer.concat([
      Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
      frame(FRAME_TYPE.SETTINGS, [], 0),
      frame(FRAME_TYPE.DATA, [1, 2, 3, 4, 5]),
      frame(FRAME_TYPE.RST_STREAM, [0, 0, 0, 8]),
      frame(FRAME_TYPE.GOAWAY, [0, 0, 0, 3, 0, 0, 0, 2], 0),
      frame(FRAME_TYPE.RST_STREAM, [0, 0, 0, 2], 3),
    ]);
    const counter = new Http2FrameCounter({ clientPreface: true });
    // One byte at a time: every boundary falls inside a header or a payload somewhere.
    for (const b of bytes) counter.feed(Buffer.from([b]));
    expect(counter.counts()).toEqual({
      byType: {
        [FRAME_TYPE.SETTINGS]: 1,
        [FRAME_TYPE.DATA]: 1,
        [FRAME_TYPE.RST_STREAM]: 2,
        [FRAME_TYPE.GOAWAY]: 1,
      },
      rstStreamByCode: { 8: 1, 2: 1 },
      goawayByCode: { 2: 1 },
    });
  });
});
