/**
 * The download paths, each against a tiny local server on 127.0.0.1 (a free port): HTTP/2
 * cleartext (how the emulator serves GetUrl's URL) through node:http2, and HTTP/1.1 through
 * fetch (the fallback when the server is not an HTTP/2 server; also the code path of https).
 * No request may carry credentials.
 */
import http, { type IncomingHttpHeaders } from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeRetrieval } from "../test/fake-retrieval.js";
import { API_KEY, clientOver } from "../test/support.js";
import { codeOfHttpStatus, downloadBytes } from "./file-download.js";

const CONTENT = new TextEncoder().encode("my secret number is 57");

interface Seen {
  path: string;
  headers: IncomingHttpHeaders | http2.IncomingHttpHeaders;
}

let h2: http2.Http2Server;
let h1: http.Server;
let h2Url: string;
let h1Url: string;
const seen: Seen[] = [];

function answer(path: string): { status: number; body: Uint8Array } {
  if (path.startsWith("/files/ok")) return { status: 200, body: CONTENT };
  if (path.startsWith("/files/slow")) return { status: 0, body: CONTENT };
  return { status: 404, body: new Uint8Array() };
}

beforeAll(async () => {
  h2 = http2.createServer();
  h2.on("stream", (stream, headers) => {
    const path = String(headers[":path"]);
    seen.push({ path, headers });
    const { status, body } = answer(path);
    if (status === 0) return; // never answers
    stream.respond({ ":status": status, "content-type": "application/octet-stream" });
    stream.end(body);
  });
  h1 = http.createServer((req, res) => {
    const path = req.url ?? "";
    seen.push({ path, headers: req.headers });
    if (path.startsWith("/files/redirect")) {
      // `.invalid` never resolves: a followed redirect would fail elsewhere, not reach a host.
      res.writeHead(302, { location: "http://assistants.invalid/files/ok" });
      res.end();
      return;
    }
    const { status, body } = answer(path);
    if (status === 0) return;
    res.writeHead(status, { "content-type": "application/octet-stream" });
    res.end(body);
  });
  await new Promise<void>((resolve) => h2.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => h1.listen(0, "127.0.0.1", resolve));
  h2Url = `http://127.0.0.1:${(h2.address() as AddressInfo).port}`;
  h1Url = `http://127.0.0.1:${(h1.address() as AddressInfo).port}`;
});

afterAll(async () => {
  h1.closeAllConnections();
  await new Promise((resolve) => h2.close(resolve));
  await new Promise((resolve) => h1.close(resolve));
});

async function codeOf(promise: Promise<unknown>): Promise<ConnectError | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
}

describe("downloadBytes", () => {
  it("HTTP/2 cleartext (the emulator's URL): bytes over node:http2, query kept", async () => {
    const bytes = await downloadBytes(`${h2Url}/files/ok?token=signed-123`);
    expect(new TextDecoder().decode(bytes)).toBe("my secret number is 57");
    expect(seen.at(-1)?.path).toBe("/files/ok?token=signed-123");
    expect(seen.at(-1)?.headers[":method"]).toBe("GET");
  });

  it("an HTTP/1.1-only server: falls back to fetch", async () => {
    const before = seen.length;
    const bytes = await downloadBytes(`${h1Url}/files/ok?sig=abc`);
    expect(new TextDecoder().decode(bytes)).toBe("my secret number is 57");
    const last = seen.at(-1);
    expect(seen.length).toBeGreaterThan(before);
    expect(last?.path).toBe("/files/ok?sig=abc");
    // fetch's own user agent: the request went over HTTP/1.1 through fetch.
    expect(last?.headers["user-agent"]).toBeDefined();
  });

  it("refuses to follow a redirect (it could lead to plaintext http elsewhere)", async () => {
    const before = seen.length;
    const error = await codeOf(downloadBytes(`${h1Url}/files/redirect?sig=abc`));
    expect(error).toBeDefined();
    expect(error?.message).not.toContain("sig=abc");
    expect(seen.slice(before).map((s) => s.path)).toEqual(["/files/redirect?sig=abc"]);
  });

  it("HTTP errors become codes; messages never hold the signed query", async () => {
    for (const base of [h2Url, h1Url]) {
      const error = await codeOf(downloadBytes(`${base}/files/gone?X-Signature=very-secret`));
      expect(error?.code).toBe(Code.NotFound);
      expect(error?.message).toContain("/files/gone");
      expect(error?.message).not.toContain("very-secret");
    }
    expect(codeOfHttpStatus(403)).toBe(Code.PermissionDenied);
    expect(codeOfHttpStatus(503)).toBe(Code.Unavailable);
  });

  it("refuses plaintext http to a host that is not loopback nor the client's endpoint", async () => {
    const error = await codeOf(downloadBytes("http://files.example.com/f?sig=1"));
    expect(error?.code).toBe(Code.PermissionDenied);
    expect(error?.message).not.toContain("sig=1");
    const other = await codeOf(downloadBytes("ftp://127.0.0.1/f"));
    expect(other?.code).toBe(Code.Unimplemented);
  });

  it("a refused connection is Unavailable; timeoutMs and signal stop a slow download", async () => {
    const closed = http2.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await codeOf(downloadBytes(`http://127.0.0.1:${port}/x`)))?.code).toBe(
      Code.Unavailable,
    );
    for (const base of [h2Url, h1Url]) {
      const timedOut = await codeOf(downloadBytes(`${base}/files/slow`, { timeoutMs: 50 }));
      expect(timedOut?.code).toBe(Code.DeadlineExceeded);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      const aborted = await codeOf(
        downloadBytes(`${base}/files/slow`, { signal: controller.signal }),
      );
      expect(aborted?.code).toBe(Code.Canceled);
    }
  });
});

describe("file.download()", () => {
  it("GetUrl with the client's credentials, then the URL without them", async () => {
    const fake = new FakeRetrieval();
    fake.downloadUrl = (id) => `${h2Url}/files/ok/${id}?token=t`;
    const client = clientOver(fake.routes());
    const file = await client.files.upload("my secret number is 57");
    const url = await file.downloadUrl();
    expect(url).toBe(`${h2Url}/files/ok/${file.id}?token=t`);
    const before = seen.length;
    const bytes = await file.download();
    expect(new TextDecoder().decode(bytes)).toBe("my secret number is 57");
    // A `/files/slow` request of the test above may reach the server late (it was aborted on
    // the client side first): only this test's downloads count.
    const downloads = seen.slice(before).filter((r) => !r.path.startsWith("/files/slow"));
    expect(downloads).toHaveLength(1);
    for (const request of downloads) {
      expect(request.headers.authorization).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(API_KEY);
    }
    // The gRPC calls did carry the credential (so the download's lack of it is a choice).
    expect(fake.getUrlAuthorization).toBe(`Api-Key ${API_KEY}`);
    fake.downloadUrl = (id) => `${h1Url}/files/ok/${id}`;
    expect(new TextDecoder().decode(await file.download())).toBe("my secret number is 57");
  });
});
