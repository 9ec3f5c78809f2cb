import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { collect, expectCode, FOLDER, inProcess } from "../../test/support/clients.js";
import { requestsOf } from "../../test/support/request-queue.js";

const content = (text: string) => ({
  content: [{ PartType: { case: "text" as const, value: { content: text } } }],
});

describe("limits.maxMessageBytes", () => {
  it("answers RESOURCE_EXHAUSTED for a larger request and changes nothing", async () => {
    const c = inProcess({ limits: { maxMessageBytes: 200 } });
    const thread = await c.threads.create({ folderId: FOLDER });
    await c.messages.create({ threadId: thread.id, content: content("small") });
    await expectCode(
      c.messages.create({ threadId: thread.id, content: content("x".repeat(500)) }),
      Code.ResourceExhausted,
      /more than the limit of 200 bytes/,
    );
    expect(await collect(c.messages.list({ threadId: thread.id }))).toHaveLength(1);
  });

  it("checks every message of a client stream", async () => {
    const c = inProcess({ limits: { maxMessageBytes: 100 } });
    await expectCode(
      c.runs.attach(requestsOf({ runId: "r".repeat(200) })),
      Code.ResourceExhausted,
      /bytes/,
    );
  });
});
