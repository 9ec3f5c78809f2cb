import { describe, expect, it } from "vitest";
import {
  collect,
  conversation,
  eventText,
  functionTool,
  inProcess,
} from "../../test/support/clients.js";
import { toolResults } from "../../test/support/request-queue.js";
import type { Model, ModelContext } from "./model.js";

const text = (content: string) => ({
  content: { content: [{ PartType: { case: "text" as const, value: { content } } }] },
});

describe("the custom model's context (issue 12)", () => {
  it("holds plain messages, tools, calls and results, with the protos on raw", async () => {
    const seen: ModelContext[] = [];
    const model: Model = {
      respond(ctx) {
        seen.push(ctx);
        if (ctx.round === 0)
          return { toolCalls: [{ name: "add", arguments: { numbers: [2, 40] } }] };
        return { text: ctx.toolResults.map((r) => `${r.name} said ${r.content}`).join(", ") };
      },
    };
    const c = inProcess({ model });
    const { assistant, thread } = await conversation(c, "Add 2 and 40", {
      tools: [functionTool("add")],
    });
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await collect(c.runs.listen({ runId: run.id }));
    await c.runs.submit({ runId: run.id, Event: toolResults(["add", "42"]) });
    const done = (await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 1n }))).at(-1);
    expect(eventText(done!)).toBe("add said 42");

    const [start, afterSubmit] = seen;
    expect(start?.messages).toEqual([
      { id: expect.any(String), role: "USER", text: "Add 2 and 40", authorId: expect.any(String) },
    ]);
    expect(start?.tools).toEqual([
      {
        type: "function",
        name: "add",
        description: "Tool add",
        parameters: { type: "object", properties: { numbers: { type: "array" } } },
      },
    ]);
    expect(start?.toolCalls).toEqual([]);
    expect(afterSubmit?.toolCalls).toEqual([{ name: "add", arguments: { numbers: [2, 40] } }]);
    expect(afterSubmit?.toolResults).toEqual([{ name: "add", content: "42" }]);
    // The protos stay reachable.
    expect(afterSubmit?.raw.toolResults[0]?.ContentType).toEqual({ case: "content", value: "42" });
    expect(afterSubmit?.raw.messages[0]?.$typeName).toBe(
      "yandex.cloud.ai.assistants.v1.threads.Message",
    );
    expect(afterSubmit?.raw.tools[0]?.ToolType.case).toBe("function");
    expect(afterSubmit?.raw.toolCalls[0]?.name).toBe("add");
  });

  it("sees a run's additional_messages in the thread, and so does the next run (issue 12)", async () => {
    // The API reference: additional messages "will be written to the thread before the run
    // starts" (no recording sends them); the client's RunOptions.additionalMessages says so too.
    const seen: string[][] = [];
    const model: Model = {
      respond: (ctx) => {
        seen.push(ctx.messages.map((m) => `${m.role}: ${m.text}`));
        return { text: `Echo: ${ctx.lastUserMessage}` };
      },
    };
    const c = inProcess({ model });
    const { assistant, thread } = await conversation(c, "first");
    const withExtra = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      additionalMessages: [text("second")],
    });
    await collect(c.runs.listen({ runId: withExtra.id }));
    const next = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await collect(c.runs.listen({ runId: next.id }));
    expect(seen).toEqual([
      ["USER: first", "USER: second"],
      ["USER: first", "USER: second", "ASSISTANT: Echo: second"],
    ]);
  });
});
