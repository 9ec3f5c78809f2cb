import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { StatusSchema } from "@yc-assistants/types/operation";
import { afterEach, describe, expect, test } from "vitest";
import { API_KEY, FOLDER, instantRetry } from "../../test/support.js";
import { AssistantsClient } from "../assistants-client.js";
import { sanitizeGrpcStatus } from "./grpc-status-sanitizer.js";

describe("sanitizeGrpcStatus", () => {
  test("a code out of range becomes UNKNOWN (2), keeping the message", () => {
    const h = new Headers({ "grpc-status": "99", "grpc-message": "odd" });
    sanitizeGrpcStatus(h);
    expect(h.get("grpc-status")).toBe("2");
    expect(h.get("grpc-message")).toBe("odd");
    const n = new Headers({ "grpc-status": "abc" });
    sanitizeGrpcStatus(n);
    expect(n.get("grpc-status")).toBe("2");
    expect(decodeURIComponent(n.get("grpc-message") ?? "")).toContain("grpc-status abc");
  });

  test("codes in range and valid details stay as they are", () => {
    const details = Buffer.from(
      toBinary(StatusSchema, {
        $typeName: "google.rpc.Status",
        code: 3,
        message: "m",
        details: [],
      }),
    ).toString("base64");
    const h = new Headers({ "grpc-status": "3", "grpc-status-details-bin": details });
    sanitizeGrpcStatus(h);
    expect(h.get("grpc-status")).toBe("3");
    expect(h.get("grpc-status-details-bin")).toBe(details);
  });

  test("details that decode but say another code than grpc-status are dropped", () => {
    const details = (code: number) =>
      Buffer.from(
        toBinary(StatusSchema, { $typeName: "google.rpc.Status", code, message: "d", details: [] }),
      ).toString("base64");
    for (const code of [0, 1, 99]) {
      const h = new Headers({ "grpc-status": "3", "grpc-status-details-bin": details(code) });
      sanitizeGrpcStatus(h);
      expect(h.get("grpc-status-details-bin"), String(code)).toBeNull();
    }
    const empty = new Headers({ "grpc-status": "3", "grpc-status-details-bin": "" });
    sanitizeGrpcStatus(empty);
    expect(empty.get("grpc-status-details-bin")).toBeNull();
  });

  test("undecodable details are dropped", () => {
    const h = new Headers({ "grpc-status": "3", "grpc-status-details-bin": "////" });
    sanitizeGrpcStatus(h);
    expect(h.get("grpc-status-details-bin")).toBeNull();
    expect(h.get("grpc-status")).toBe("3");
  });
});

/** A raw HTTP/2 server on a free loopback port that answers every call with `respond`. */
async function rawServer(respond: (stream: http2.ServerHttp2Stream) => void) {
  let requests = 0;
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => sessions.add(session));
  server.on("stream", (stream) => {
    requests++;
    stream.on("error", () => {});
    respond(stream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
}

function trailersOnly(stream: http2.ServerHttp2Stream, headers: Record<string, string>) {
  stream.respond(
    { ":status": 200, "content-type": "application/grpc", ...headers },
    {
      endStream: true,
    },
  );
}

describe("over the client's own gRPC transport (real HTTP/2)", () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const client = (url: string) =>
    new AssistantsClient({
      endpoint: url,
      folderId: FOLDER,
      auth: { apiKey: API_KEY },
      env: {},
      retry: instantRetry,
    });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );

  test("grpc-status 99 reaches the caller as Unknown, not Internal", async () => {
    const server = await rawServer((s) => trailersOnly(s, { "grpc-status": "99" }));
    servers.push(server);
    const err = await failure(client(server.url).runs.get("run-1"));
    expect(err?.code).toBe(Code.Unknown);
  });

  test("garbage grpc-status-details-bin keeps the server's code 3 (not DataLoss)", async () => {
    const server = await rawServer((s) =>
      trailersOnly(s, {
        "grpc-status": "3",
        "grpc-message": "bad run id",
        "grpc-status-details-bin": "!!notbase64&&",
      }),
    );
    servers.push(server);
    const err = await failure(client(server.url).runs.get("run-1"));
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.rawMessage).toBe("bad run id");
  });

  test("a response message declared past readMaxBytes fails at once with ResourceExhausted, not retried", async () => {
    const server = await rawServer((s) => {
      s.respond({ ":status": 200, "content-type": "application/grpc" });
      // An envelope header that declares 1 GiB, and nothing after it.
      s.write(Buffer.from([0, 0x40, 0, 0, 0]));
    });
    servers.push(server);
    const small = new AssistantsClient({
      endpoint: server.url,
      folderId: FOLDER,
      auth: { apiKey: API_KEY },
      env: {},
      retry: instantRetry,
      readMaxBytes: 1024,
      timeoutMs: 5000,
    });
    const err = await failure(small.runs.get("run-1"));
    expect(err?.code).toBe(Code.ResourceExhausted);
    expect(err?.rawMessage).toContain("readMaxBytes");
    expect(server.requests()).toBe(1);
  });

  test("readMaxBytes is validated up front", () => {
    expect(
      () =>
        new AssistantsClient({
          folderId: FOLDER,
          auth: { apiKey: API_KEY },
          env: {},
          readMaxBytes: 0,
        }),
    ).toThrow(/readMaxBytes must be an integer/);
  });
});
