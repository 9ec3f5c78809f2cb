import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { installListenWriteProbe } from "./listen-write-probe.js";
import { wallNow } from "./wall-clock.js";

function post(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const stream = session.request({ ":method": "POST", ":path": path });
    let body = "";
    stream.setEncoding("utf8").on("data", (chunk: string) => {
      body += chunk;
    });
    stream.on("error", reject);
    stream.on("end", () => {
      session.close();
      resolve(body);
    });
    stream.end();
  });
}

describe("installListenWriteProbe", () => {
  it("times writes to Listen responses only, and passes every byte through", async () => {
    const probe = installListenWriteProbe();
    const server = http2.createServer((_request, response) => {
      response.write("a");
      response.end("b");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const before = wallNow();
      expect(await post(port, "/yandex.cloud.ai.assistants.v1.runs.RunService/Get")).toBe("ab");
      expect(probe.listenWrites()).toBe(0);
      expect(await post(port, "/yandex.cloud.ai.assistants.v1.runs.RunService/Listen")).toBe("ab");
      // `end(chunk)` writes its chunk through `write` too.
      expect(probe.listenWrites()).toBe(2);
      expect(probe.lastListenWriteAt()).toBeGreaterThanOrEqual(before);
      expect(probe.lastListenWriteAt()).toBeLessThanOrEqual(wallNow());
    } finally {
      server.close();
    }
  });
});
