import { createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AssistantService } from "@yc-assistants/types/assistants";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "./emulator-options.js";
import { startEmulator } from "./server.js";

/** The grpc-encoding of every response a client sees (it accepts gzip, as connect-node does). */
function encodings(seen: string[]): Interceptor {
  return (next) => async (req) => {
    const res = await next(req);
    seen.push(res.header.get("grpc-encoding") ?? "identity");
    return res;
  };
}

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

async function bigAnswer(options: Parameters<typeof startEmulator>[0]): Promise<string[]> {
  const emulator = await startEmulator(options);
  emulators.push(emulator);
  const seen: string[] = [];
  const assistants = createClient(
    AssistantService,
    createGrpcTransport({ baseUrl: emulator.url, interceptors: [encodings(seen)] }),
  );
  // An instruction of 8 KiB makes every answer about the assistant larger than 1 KiB.
  const created = await assistants.create({
    folderId: "f",
    modelUri: "gpt://f/yandexgpt/latest",
    instruction: "x".repeat(8192),
  });
  await assistants.get({ assistantId: created.id });
  return seen;
}

describe("compression (issue 10: a knob, off by default)", () => {
  it("answers uncompressed by default, even to a client that accepts gzip", async () => {
    expect(await bigAnswer({})).toEqual(["identity", "identity"]);
  });

  it("gzips large answers with compression: gzip", async () => {
    expect(await bigAnswer({ compression: "gzip" })).toEqual(["gzip", "gzip"]);
  });

  it("refuses an unknown compression", async () => {
    await expect(startEmulator({ compression: "brotli" as "gzip" })).rejects.toThrow(/compression/);
  });
});
