import { startEmulator } from "@yc-assistants/emulator";
import { describe, expect, it } from "vitest";
import { notApplicableCases, probeAnonymous } from "./applicability.js";
import type { LoadedCase } from "./case-loader.js";

const remote = { url: "http://127.0.0.1:1", credentials: { apiKey: "K" }, folderId: "b1g" };
const authCase = {
  id: "errors/unauthenticated-api-key",
  suite: "errors",
  spec: {
    name: "unauthenticated-api-key",
    modes: ["client", "server"],
    requires: ["authentication"],
  },
} as unknown as LoadedCase;
const otherCase = {
  id: "errors/other",
  suite: "errors",
  spec: { name: "other", modes: ["client", "server"] },
} as unknown as LoadedCase;

describe("applicability", () => {
  it("probes a real emulator: anonymous without auth, not anonymous with a key", async () => {
    const open = await startEmulator({ model: "echo" });
    const locked = await startEmulator({ model: "echo", auth: { apiKey: "K" } });
    try {
      expect((await probeAnonymous({ url: open.url, folderId: "b1g" })).anonymous).toBe(true);
      const probe = await probeAnonymous({ url: locked.url, folderId: "b1g" });
      expect(probe.anonymous).toBe(false);
      expect(probe.detail).toContain("UNAUTHENTICATED");
    } finally {
      await open.close();
      await locked.close();
    }
  });

  it("marks only the authentication cases, only for an anonymous remote server", async () => {
    let probes = 0;
    const anonymous = async () => {
      probes++;
      return { anonymous: true, detail: "AssistantService.List without credentials succeeded" };
    };
    const na = await notApplicableCases([authCase, otherCase], "server", remote, anonymous);
    expect([...na.keys()]).toEqual(["errors/unauthenticated-api-key"]);
    expect(na.get("errors/unauthenticated-api-key")).toMatch(/^not applicable: .*--api-key/);
    expect(probes).toBe(1);
    const locked = async () => ({ anonymous: false, detail: "UNAUTHENTICATED" });
    expect((await notApplicableCases([authCase], "server", remote, locked)).size).toBe(0);
    expect((await notApplicableCases([authCase], "client", remote, anonymous)).size).toBe(0);
    expect((await notApplicableCases([authCase], "server", undefined, anonymous)).size).toBe(0);
    expect((await notApplicableCases([otherCase], "server", remote, anonymous)).size).toBe(0);
    expect(probes).toBe(1);
  });
});
