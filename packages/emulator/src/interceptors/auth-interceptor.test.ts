import { inspect } from "node:util";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { expectCode, FOLDER, inProcessWithAuth } from "../../test/support/clients.js";

const API_KEY = "AQVN-secret-api-key-1234";
const IAM_TOKEN = "t1.secret-iam-token-5678";

describe("auth", () => {
  it("accepts `Api-Key <key>` and `Bearer <token>` when both are configured", async () => {
    const auth = { apiKey: API_KEY, iamToken: IAM_TOKEN };
    for (const header of [`Api-Key ${API_KEY}`, `Bearer ${IAM_TOKEN}`]) {
      const c = inProcessWithAuth({ auth }, header);
      expect((await c.threads.list({ folderId: FOLDER })).threads).toEqual([]);
    }
  });

  it("answers UNAUTHENTICATED without the right header, and never echoes a secret", async () => {
    const lines: string[] = [];
    const options = { auth: { apiKey: API_KEY }, log: (line: string) => lines.push(line) };
    const cases = [
      undefined,
      "",
      `Bearer ${API_KEY}`,
      `Api-Key ${API_KEY}x`,
      `api-key ${API_KEY}`,
      `Api-Key ${API_KEY.slice(0, -1)}`,
    ];
    for (const header of cases) {
      const c = inProcessWithAuth(options, header);
      const error = await expectCode(c.threads.create({ folderId: FOLDER }), Code.Unauthenticated);
      expect(error.message).not.toContain(API_KEY.slice(5));
      expect(inspect(error)).not.toContain(API_KEY.slice(5));
    }
    // Nothing was created by the rejected calls.
    const ok = inProcessWithAuth(options, `Api-Key ${API_KEY}`);
    expect((await ok.threads.list({ folderId: FOLDER })).threads).toEqual([]);
    expect(lines.filter((l) => l.includes("UNAUTHENTICATED"))).toHaveLength(cases.length);
    expect(lines.join("\n")).not.toContain(API_KEY.slice(5));
  });

  it("guards streams too", async () => {
    const c = inProcessWithAuth({ auth: { iamToken: IAM_TOKEN } }, `Api-Key ${IAM_TOKEN}`);
    await expectCode(c.messages.list({ threadId: "t" }), Code.Unauthenticated);
    await expectCode(c.runs.listen({ runId: "r" }), Code.Unauthenticated);
  });

  it("is off unless a key or token is given", async () => {
    const c = inProcessWithAuth({ auth: {} }, undefined);
    expect((await c.threads.create({ folderId: FOLDER })).folderId).toBe(FOLDER);
  });
});
