/**
 * TLS by default (spec/runs.md: TLS on by default; issue 3: "TLS by default"). A raw TCP
 * server records the first bytes the client sends: a TLS handshake record starts with 0x16,
 * a cleartext HTTP/2 connection with the preface "PRI * HTTP/2.0". No certificate is
 * needed: the server hangs up after the first bytes and the call fails, which is expected.
 */
import { createServer, type Server, type Socket } from "node:net";
import { createClient } from "@connectrpc/connect";
import { RunService } from "@yc-assistants/types/runs";
import { afterEach, describe, expect, it } from "vitest";
import { resolveClientConfig } from "./resolve-client-config.js";

const servers: Server[] = [];
const sockets = new Set<Socket>();

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
  );
});

async function firstBytesServer() {
  let resolveFirst: (bytes: Buffer) => void = () => {};
  const first = new Promise<Buffer>((resolve) => {
    resolveFirst = resolve;
  });
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("data", (bytes: Buffer) => {
      resolveFirst(bytes);
      socket.destroy();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { port: address.port, first };
}

async function firstBytesFor(endpoint: (port: number) => string): Promise<Buffer> {
  const server = await firstBytesServer();
  const config = resolveClientConfig({
    folderId: "f",
    auth: { apiKey: "tls-key-1" },
    env: {},
    endpoint: endpoint(server.port),
    retry: false,
    timeoutMs: 10_000,
  });
  const call = createClient(RunService, config.transport)
    .get({ runId: "r" })
    .catch(() => undefined);
  const bytes = await server.first;
  await call;
  return bytes;
}

describe("TLS policy on the wire", () => {
  it("https:// to a loopback IP opens with a TLS handshake", async () => {
    const bytes = await firstBytesFor((port) => `https://127.0.0.1:${port}`);
    expect(bytes[0]).toBe(0x16);
  });

  it("https:// URLs use TLS", async () => {
    const bytes = await firstBytesFor((port) => `https://localhost:${port}`);
    expect(bytes[0]).toBe(0x16);
  });

  it("http:// to a loopback host speaks cleartext HTTP/2", async () => {
    const bytes = await firstBytesFor((port) => `http://127.0.0.1:${port}`);
    expect(bytes.subarray(0, 14).toString("latin1")).toBe("PRI * HTTP/2.0");
  });
});
