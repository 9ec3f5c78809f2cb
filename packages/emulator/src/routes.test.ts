import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { collect, conversation, cursorOf, expectCode, inProcess } from "../test/support/clients.js";
import { toolResults } from "../test/support/request-queue.js";
import { createEmulatorRoutes } from "./routes.js";

describe("createEmulatorRoutes options", () => {
  it("rejects bad knobs at once", () => {
    expect(() => createEmulatorRoutes({ chunkDelayMs: -1 })).toThrow(/chunkDelayMs/);
    expect(() => createEmulatorRoutes({ faults: { unavailableRate: 2 } })).toThrow(
      /unavailableRate/,
    );
    expect(() => createEmulatorRoutes({ faults: { cutStreamAfterEvents: 0 } })).toThrow(
      /cutStreamAfterEvents/,
    );
    expect(() => createEmulatorRoutes({ faults: { delayMs: -5 } })).toThrow(/delayMs/);
    expect(() => createEmulatorRoutes({ model: { turns: [{}] } as never })).toThrow(/exactly one/);
    expect(() => createEmulatorRoutes({ model: { respond: 3 } as never })).toThrow(/respond/);
    expect(() => createEmulatorRoutes({ scriptFile: "/nonexistent/script.yaml" })).toThrow(
      /ENOENT/,
    );
  });

  it("accepts any folder id (folders are implicit)", async () => {
    const c = inProcess({ folderId: "ignored" });
    expect((await c.threads.create({ folderId: "b1g-anything" })).folderId).toBe("b1g-anything");
  });
});

describe("quirks (deliberate bugs for conformance mutation tests)", () => {
  it("submitInAnyState accepts a Submit outside TOOL_CALLS and ignores it", async () => {
    const c = inProcess({ quirks: { submitInAnyState: true } });
    const { assistant, thread } = await conversation(c, "hello");
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    await collect(c.runs.listen({ runId: run.id }));
    const before = await c.runs.get({ runId: run.id });
    await c.runs.submit({ runId: run.id, Event: toolResults(["f", "x"]) });
    expect(await c.runs.get({ runId: run.id })).toEqual(before);
    // Without the quirk the same call is refused.
    const strict = inProcess();
    const s = await conversation(strict, "hello");
    const sRun = await strict.runs.create({ assistantId: s.assistant.id, threadId: s.thread.id });
    await collect(strict.runs.listen({ runId: sRun.id }));
    await expectCode(
      strict.runs.submit({ runId: sRun.id, Event: toolResults(["f", "x"]) }),
      Code.FailedPrecondition,
    );
  });

  it("ignoreEventsStartIdx replays from event 0 whatever the request says", async () => {
    const c = inProcess({ quirks: { ignoreEventsStartIdx: true } });
    const { assistant, thread } = await conversation(c, "one two three four five");
    const run = await c.runs.create({
      assistantId: assistant.id,
      threadId: thread.id,
      stream: true,
    });
    const all = await collect(c.runs.listen({ runId: run.id }));
    expect(all.map(cursorOf)).toEqual([0, 1, 2, 3]);
    expect(await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 2n }))).toEqual(all);
    expect(await collect(c.runs.listen({ runId: run.id, eventsStartIdx: 99n }))).toEqual(all);
  });
});
