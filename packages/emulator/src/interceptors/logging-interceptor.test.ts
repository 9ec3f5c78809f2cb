import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import {
  collect,
  conversation,
  expectCode,
  FOLDER,
  inProcess,
} from "../../test/support/clients.js";

describe("log", () => {
  it("gets one line per call: method, status code, duration", async () => {
    const lines: string[] = [];
    const c = inProcess({ log: (line) => lines.push(line) });
    const { assistant, thread } = await conversation(c, "hi");
    await expectCode(c.threads.get({ threadId: "fvtnope" }), Code.NotFound);
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    await collect(c.runs.listen({ runId: run.id }));
    await expectCode(c.runs.listen({ runId: "fvtnope" }), Code.NotFound);
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).toMatch(/^\w+Service\/\w+ [A-Z_]+ \d+ms$/);
    expect(lines.map((l) => l.replace(/ \d+ms$/, ""))).toEqual([
      "AssistantService/Create OK",
      "ThreadService/Create OK",
      "MessageService/Create OK",
      "ThreadService/Get NOT_FOUND",
      "RunService/Create OK",
      "RunService/Listen OK",
      "RunService/Listen NOT_FOUND",
    ]);
    expect(lines.some((l) => l.includes(FOLDER))).toBe(false);
  });
});
