import { connect, createServer, type Server } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { type Emulator, startEmulator } from "@yc-assistants/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssistantsClient } from "../assistants-client.js";

// issue 12, point 1 ("A bad endpoint fails cryptically"): `https://` against the plaintext
// emulator used to fail with `[unavailable] … SSL routines … wrong version number`, retried as
// a network fault. It is the caller's endpoint: one InvalidArgument naming it and what to write.
describe("an https:// endpoint that meets a plaintext server", () => {
  let emulator: Emulator;
  let counter: Server;
  let connections = 0;
  let origin = "";
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, log: () => {} });
    const target = new URL(emulator.url);
    // A TCP relay in front of the emulator that counts the client's connections.
    counter = createServer((socket) => {
      connections++;
      const upstream = connect(Number(target.port), "127.0.0.1");
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    await new Promise<void>((resolve) => counter.listen(0, "127.0.0.1", resolve));
    const address = counter.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    origin = `https://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => counter?.close(resolve));
    await emulator?.close();
  });

  it("fails once with InvalidArgument suggesting http://, not retried", async () => {
    const client = new AssistantsClient({
      endpoint: origin,
      folderId: "b1gtls",
      auth: { apiKey: "k" },
    });
    const error = await client.threads.create().then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(error?.code).toBe(Code.InvalidArgument);
    expect(error?.rawMessage).toContain(`endpoint ${origin} does not speak TLS`);
    expect(error?.rawMessage).toContain(`write ${origin.replace("https:", "http:")}`);
    expect(connections).toBe(1);
  });
});
