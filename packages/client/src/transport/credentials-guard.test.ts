import { Code, ConnectError } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, test } from "vitest";
import { API_KEY, FOLDER } from "../../test/support.js";
import { AssistantsClient } from "../assistants-client.js";
import { credentialsGuardInterceptor, refusesCredentials } from "./credentials-guard.js";

// `.invalid` never resolves (RFC 6761): should a guard fail, nothing leaves the machine.
const REMOTE = "http://assistants.invalid:8080";

describe("refusesCredentials", () => {
  test("plaintext to a remote host is refused, loopback and https are not", () => {
    expect(refusesCredentials(`${REMOTE}/x.Y/Get`, false)).toBe(true);
    expect(refusesCredentials("http://127.0.0.1:1/x", false)).toBe(false);
    expect(refusesCredentials("http://[::1]:1/x", false)).toBe(false);
    expect(refusesCredentials("https://assistants.invalid/x", false)).toBe(false);
    expect(refusesCredentials(`${REMOTE}/x`, true)).toBe(false);
  });
});

describe("a user-supplied transport", () => {
  test("to a remote http:// host never gets the key when it carries the guard", async () => {
    const transport = createGrpcTransport({
      baseUrl: REMOTE,
      interceptors: [credentialsGuardInterceptor()],
    });
    const client = new AssistantsClient({
      folderId: FOLDER,
      auth: { apiKey: API_KEY },
      env: {},
      retry: false,
      transport,
    });
    const err = await client.runs.get("run-1").then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.rawMessage).toContain("assistants.invalid:8080");
    expect(err?.rawMessage).toContain("allowInsecure");
    expect(err?.message).not.toContain(API_KEY);
  });

  test("a call without credentials is let through (the guard guards credentials only)", async () => {
    const guard = credentialsGuardInterceptor();
    const next = async () => ({}) as never;
    const req = { url: `${REMOTE}/a.B/C`, header: new Headers() } as never;
    await expect(guard(next)(req)).resolves.toBeDefined();
  });
});
