import http from "node:http";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { FileService } from "@yc-assistants/types/files";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "./emulator-options.js";
import { startEmulator } from "./server.js";

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

/** A GET over HTTP/1.1 (node:http), as Python's httpx or plain curl would send it. */
function http1Get(url: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            type: String(res.headers["content-type"]),
          }),
        );
      })
      .on("error", reject);
  });
}

describe("one port, two protocols (issue 9: any SDK downloads unchanged)", () => {
  it("serves a GetUrl download over HTTP/1.1 next to gRPC over HTTP/2", async () => {
    const emulator = await startEmulator();
    emulators.push(emulator);
    const files = createClient(FileService, createGrpcTransport({ baseUrl: emulator.url }));
    const content = new TextEncoder().encode("my secret number is 57");
    const file = await files.create({ folderId: "f", content, mimeType: "text/plain" });
    const { url } = await files.getUrl({ fileId: file.id });
    expect(url.startsWith(`${emulator.url}/`)).toBe(true);
    const got = await http1Get(url);
    expect(got).toMatchObject({ status: 200, body: "my secret number is 57" });
    expect(got.type).toContain("text/plain");
    // Node's fetch speaks HTTP/1.1 to http: URLs too.
    const fetched = await fetch(url);
    expect(await fetched.text()).toBe("my secret number is 57");
    // A tampered signature is refused the same way over HTTP/1.1.
    const tampered = url.replace(
      /signature=(.)/,
      (_m, c: string) => `signature=${c === "0" ? "1" : "0"}`,
    );
    expect(tampered).not.toBe(url);
    expect((await http1Get(tampered)).status).toBe(403);
    // gRPC still works on the same port afterwards.
    expect((await files.get({ fileId: file.id })).id).toBe(file.id);
  });

  it("answers anything but a download over HTTP/1.1 with 505", async () => {
    const emulator = await startEmulator();
    emulators.push(emulator);
    const got = await http1Get(`${emulator.url}/yandex.cloud.ai.files.v1.FileService/Get`);
    expect(got.status).toBe(505);
  });
});
