import { describe, expect, it } from "vitest";
import { functionResult, modelContext } from "../../test/support/model-context.js";
import { ScriptModel } from "./script-model.js";

describe("ScriptModel", () => {
  it("plays turns in order per thread, then falls back to echo", () => {
    const model = new ScriptModel({ turns: [{ text: "first" }, { text: "second" }] });
    const a = modelContext({ threadId: "a", lastUserMessage: "hi" });
    const b = modelContext({ threadId: "b", lastUserMessage: "yo" });
    expect(model.respond(a)).toEqual({ text: "first" });
    expect(model.respond(b)).toEqual({ text: "first" });
    expect(model.respond(a)).toEqual({ text: "second" });
    expect(model.respond(a)).toEqual({ text: "Echo: hi" });
    expect(model.respond(b)).toEqual({ text: "second" });
  });

  it("fills {{tool_results}} and {{last_user_message}} in text, partials and arguments", () => {
    const model = new ScriptModel({
      turns: [
        { toolCalls: [{ name: "lookup", arguments: { query: "{{last_user_message}}", n: 1 } }] },
        { text: "got {{tool_results}}", partials: ["got", "got {{tool_results}}"] },
      ],
    });
    const ctx = modelContext({ lastUserMessage: "weather in Paris" });
    expect(model.respond(ctx)).toEqual({
      toolCalls: [{ name: "lookup", arguments: { query: "weather in Paris", n: 1 } }],
    });
    const after = modelContext({
      lastUserMessage: "weather in Paris",
      toolResults: [functionResult("lookup", "sunny"), functionResult("lookup", "22C")],
      round: 1,
    });
    expect(model.respond(after)).toEqual({
      text: "got sunny; 22C",
      partials: ["got", "got sunny; 22C"],
    });
  });

  it("passes errors and usage through", () => {
    const model = new ScriptModel({
      turns: [
        { text: "ok", usage: { promptTokens: 12, completionTokens: 8 } },
        { error: { message: "broke for {{last_user_message}}", code: 13 } },
      ],
    });
    const ctx = modelContext({ lastUserMessage: "x" });
    expect(model.respond(ctx)).toEqual({
      text: "ok",
      usage: { promptTokens: 12, completionTokens: 8 },
    });
    expect(model.respond(ctx)).toEqual({ error: { message: "broke for x", code: 13 } });
  });
});
