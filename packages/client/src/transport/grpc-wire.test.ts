/**
 * The transport over real gRPC framing on HTTP/2 (issue 3: errors keep their gRPC code and
 * metadata whether the server failed before or after sending headers, and retries behave
 * the same in both cases). The server is a raw `node:http2` server that writes the gRPC
 * wire format by hand, so both failure shapes are produced exactly:
 * - trailers-only: one HEADERS frame with `:status`, `grpc-status` and metadata, END_STREAM;
 * - headers, then trailers: response HEADERS first, later a trailing HEADERS frame with
 *   `grpc-status`, `grpc-message` and more metadata.
 */
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { GetRunRequestSchema, RunSchema, RunService } from "@yc-assistants/types/runs";
import { afterEach, describe, expect, it } from "vitest";
import { resolveClientConfig } from "./resolve-client-config.js";
import type { RetryPolicy } from "./retry-policy.js";

type Shape = "trailers-only" | "headers-then-trailers";
type Reply = { ok: string } | { code: Code; message: string; shape: Shape } | { hang: true };

interface Received {
  path: string;
  headers: http2.IncomingHttpHeaders;
  runId: string;
}

function frame(bytes: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + bytes.length);
  out.writeUInt8(0, 0);
  out.writeUInt32BE(bytes.length, 1);
  out.set(bytes, 5);
  return out;
}

function unframe(body: Buffer): Uint8Array {
  const length = body.readUInt32BE(1);
  return body.subarray(5, 5 + length);
}

function respond(stream: http2.ServerHttp2Stream, reply: Reply): void {
  if ("hang" in reply) return;
  const contentType = { ":status": 200, "content-type": "application/grpc+proto" };
  if ("ok" in reply) {
    stream.respond(contentType, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    stream.end(frame(toBinary(RunSchema, create(RunSchema, { id: reply.ok }))));
    return;
  }
  const status = {
    "grpc-status": String(reply.code),
    "grpc-message": encodeURIComponent(reply.message),
  };
  if (reply.shape === "trailers-only") {
    stream.respond(
      { ...contentType, ...status, "x-error-origin": "trailers-only" },
      { endStream: true },
    );
    return;
  }
  stream.respond(
    { ...contentType, "x-header-meta": "sent-with-headers" },
    { waitForTrailers: true },
  );
  stream.on("wantTrailers", () =>
    stream.sendTrailers({ ...status, "x-trailer-meta": "sent-with-trailers" }),
  );
  stream.end();
}

const servers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** Starts an h2c gRPC server on 127.0.0.1:0 answering attempt i with `replies[i]`. */
async function startServer(replies: Reply[]) {
  const received: Received[] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createServer();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("stream", (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const request = fromBinary(GetRunRequestSchema, unframe(Buffer.concat(chunks)));
      received.push({ path: String(headers[":path"]), headers, runId: request.runId });
      const reply = replies[received.length - 1] ?? { ok: request.runId };
      respond(stream, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, received };
}

function client(url: string, retry: RetryPolicy | false) {
  const sleeps: number[] = [];
  const config = resolveClientConfig({
    folderId: "folder-1",
    auth: { apiKey: "wire-key-1" },
    env: {},
    endpoint: url,
    timeoutMs: 10_000,
    retry:
      retry === false
        ? false
        : {
            random: () => 0,
            sleep: async (ms) => {
              sleeps.push(ms);
            },
            ...retry,
          },
  });
  return { runs: createClient(RunService, config.transport), sleeps };
}

async function failure(promise: Promise<unknown>): Promise<ConnectError> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => ConnectError.from(e),
  );
}

describe("gRPC over HTTP/2: success", () => {
  it("sends a gRPC request with our headers and decodes the answer", async () => {
    const server = await startServer([]);
    const { runs } = client(server.url, false);
    const run = await runs.get({ runId: "run-42" });
    expect(run.id).toBe("run-42");
    const [request] = server.received;
    expect(request?.path).toBe("/yandex.cloud.ai.assistants.v1.runs.RunService/Get");
    expect(request?.headers["authorization"]).toBe("Api-Key wire-key-1");
    expect(request?.headers["x-client-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(request?.headers["grpc-timeout"]).toMatch(/^\d+m$/);
    expect(request?.headers["content-type"]).toBe("application/grpc+proto");
  });
});

describe("gRPC over HTTP/2: failures keep code and metadata", () => {
  it("trailers-only (failed before sending headers)", async () => {
    const server = await startServer([
      { code: Code.NotFound, message: "run r1 not found", shape: "trailers-only" },
    ]);
    const error = await failure(client(server.url, false).runs.get({ runId: "r1" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe("run r1 not found");
    expect(error.metadata.get("x-error-origin")).toBe("trailers-only");
  });

  it("headers, then trailers (failed after sending headers)", async () => {
    const server = await startServer([
      { code: Code.NotFound, message: "run r1 not found", shape: "headers-then-trailers" },
    ]);
    const error = await failure(client(server.url, false).runs.get({ runId: "r1" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe("run r1 not found");
    expect(error.metadata.get("x-header-meta")).toBe("sent-with-headers");
    expect(error.metadata.get("x-trailer-meta")).toBe("sent-with-trailers");
  });
});

describe("gRPC over HTTP/2: deadline and abort", () => {
  it("a server that never answers ends in DeadlineExceeded, sent as grpc-timeout", async () => {
    const server = await startServer([{ hang: true }]);
    const error = await failure(
      // Long enough for a first connection on a loaded machine to reach the server.
      client(server.url, false).runs.get({ runId: "r1" }, { timeoutMs: 500 }),
    );
    expect(error.code).toBe(Code.DeadlineExceeded);
    const sent = String(server.received[0]?.headers["grpc-timeout"]);
    expect(sent).toMatch(/^\d+m$/);
    expect(Number.parseInt(sent, 10)).toBeLessThanOrEqual(500);
  });

  it("every retry sends the time left of the call's deadline as grpc-timeout", async () => {
    // issue 3: retries are capped by the call's deadline; issue 10: the client's transport runs
    // its interceptors itself, so grpc-timeout is rewritten per attempt (grpcTimeoutInterceptor).
    const server = await startServer([
      { code: Code.Unavailable, message: "try again", shape: "trailers-only" },
      { code: Code.Unavailable, message: "try again", shape: "trailers-only" },
    ]);
    const config = resolveClientConfig({
      folderId: "folder-1",
      auth: { apiKey: "wire-key-1" },
      env: {},
      endpoint: server.url,
      timeoutMs: 10_000,
      retry: { random: () => 0, sleep: () => new Promise((r) => setTimeout(r, 60)) },
    });
    const run = await createClient(RunService, config.transport).get({ runId: "r9" });
    expect(run.id).toBe("r9");
    const sent = server.received.map((r) => String(r.headers["grpc-timeout"]));
    expect(sent.every((value) => /^\d+m$/.test(value))).toBe(true);
    const left = sent.map((value) => Number.parseInt(value, 10));
    expect(left[0]).toBeLessThanOrEqual(10_000);
    expect(left[1]).toBeLessThanOrEqual((left[0] as number) - 50);
    expect(left[2]).toBeLessThanOrEqual((left[1] as number) - 50);
  });

  it("a call without a deadline (timeoutMs: 0) sends no grpc-timeout", async () => {
    const server = await startServer([]);
    await client(server.url, false).runs.get({ runId: "r1" }, { timeoutMs: 0 });
    expect(server.received[0]?.headers["grpc-timeout"]).toBeUndefined();
  });

  it("aborting the call rejects with Canceled", async () => {
    const server = await startServer([{ hang: true }]);
    const controller = new AbortController();
    const pending = failure(
      client(server.url, false).runs.get({ runId: "r1" }, { signal: controller.signal }),
    );
    await expect.poll(() => server.received.length).toBe(1);
    controller.abort();
    expect((await pending).code).toBe(Code.Canceled);
  });
});

describe.each<Shape>(["trailers-only", "headers-then-trailers"])(
  "gRPC over HTTP/2: retries with %s failures",
  (shape) => {
    it("retries Unavailable and ResourceExhausted, then succeeds", async () => {
      const server = await startServer([
        { code: Code.Unavailable, message: "try again", shape },
        { code: Code.ResourceExhausted, message: "slow down", shape },
      ]);
      const { runs, sleeps } = client(server.url, {});
      const run = await runs.get({ runId: "r7" });
      expect(run.id).toBe("r7");
      expect(server.received).toHaveLength(3);
      expect(sleeps).toEqual([1000, 1500]);
      const headers = server.received.map((r) => r.headers);
      expect(headers.map((h) => h["x-retry-attempt"])).toEqual([undefined, "1", "2"]);
      expect(new Set(headers.map((h) => h["idempotency-key"])).size).toBe(1);
      expect(new Set(headers.map((h) => h["x-client-request-id"])).size).toBe(1);
    });

    it("gives up after maxAttempts with the last error's code", async () => {
      const server = await startServer(
        Array.from({ length: 5 }, () => ({ code: Code.Unavailable, message: "down", shape })),
      );
      const error = await failure(client(server.url, {}).runs.get({ runId: "r7" }));
      expect(error.code).toBe(Code.Unavailable);
      expect(server.received).toHaveLength(5);
    });

    it("does not retry other codes", async () => {
      const server = await startServer([{ code: Code.Internal, message: "boom", shape }]);
      const error = await failure(client(server.url, {}).runs.get({ runId: "r7" }));
      expect(error.code).toBe(Code.Internal);
      expect(server.received).toHaveLength(1);
    });
  },
);
