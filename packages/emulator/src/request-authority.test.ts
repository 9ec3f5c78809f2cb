import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ApiEndpointService } from "@yc-assistants/types/endpoint";
import { FileService } from "@yc-assistants/types/files";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "./emulator-options.js";
import { kRequestAuthority, requestAuthorityValues } from "./request-authority.js";
import { startEmulator } from "./server.js";

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

describe("requestAuthorityValues", () => {
  it("keeps a plain host:port and drops anything else", () => {
    const of = (authority: string) =>
      requestAuthorityValues({ ":authority": authority }).get(kRequestAuthority);
    expect(of("127.0.0.1:8080")).toBe("127.0.0.1:8080");
    expect(of("emulator.local")).toBe("emulator.local");
    expect(of("[::1]:9000")).toBe("[::1]:9000");
    expect(of("evil.example/x?y")).toBeUndefined();
    expect(of("a b")).toBeUndefined();
    expect(requestAuthorityValues({ host: "h:1" }).get(kRequestAuthority)).toBe("h:1");
  });
});

describe("addresses handed out (issue 9)", () => {
  it("bound to every interface, it names the address the client reached it at", async () => {
    // Listening on 0.0.0.0 (as in a container); the client connects over loopback only.
    const emulator = await startEmulator({ host: "0.0.0.0" });
    emulators.push(emulator);
    const port = new URL(emulator.url).port;
    const transport = createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` });
    const endpoints = await createClient(ApiEndpointService, transport).list({});
    expect(new Set(endpoints.endpoints.map((e) => e.address))).toEqual(
      new Set([`127.0.0.1:${port}`]),
    );
    const files = createClient(FileService, transport);
    const file = await files.create({ folderId: "f", content: new TextEncoder().encode("x") });
    const { url } = await files.getUrl({ fileId: file.id });
    expect(url.startsWith(`http://127.0.0.1:${port}/`)).toBe(true);
    expect(await (await fetch(url)).text()).toBe("x");
  });
});
