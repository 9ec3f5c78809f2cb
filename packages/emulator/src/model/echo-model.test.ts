import { describe, expect, it } from "vitest";
import {
  functionResult,
  functionToolView as functionTool,
  modelContext,
} from "../../test/support/model-context.js";
import { numbersIn } from "./echo-arguments.js";
import { EchoModel } from "./echo-model.js";

describe("EchoModel", () => {
  const model = new EchoModel();

  it("echoes the last user message", () => {
    expect(model.respond(modelContext({ lastUserMessage: "hey!" }))).toEqual({
      text: "Echo: hey!",
    });
  });

  it("calls a tool named in the message with the numbers and the text", () => {
    const text = "do a special_operation with all the numbers from: 5, 4, a, 1";
    const turn = model.respond(
      modelContext({ lastUserMessage: text, tools: [functionTool("special_operation")] }),
    );
    expect(turn).toEqual({
      toolCalls: [{ name: "special_operation", arguments: { numbers: [5, 4, 1], text } }],
    });
  });

  it("finds the tool's name ignoring case (issue 12: the root README's taste)", () => {
    const text = "Add 2 and 40";
    const turn = model.respond(
      modelContext({ lastUserMessage: text, tools: [functionTool("add")] }),
    );
    expect(turn).toEqual({ toolCalls: [{ name: "add", arguments: { numbers: [2, 40], text } }] });
    const upper = model.respond(
      modelContext({ lastUserMessage: "run GET_WEATHER", tools: [functionTool("get_weather")] }),
    );
    expect("toolCalls" in upper && upper.toolCalls.map((c) => c.name)).toEqual(["get_weather"]);
  });

  it("calls every tool named in the message, in tool order", () => {
    const turn = model.respond(
      modelContext({
        lastUserMessage: "use beta and alpha on 2.5",
        tools: [functionTool("alpha"), functionTool("beta"), functionTool("gamma")],
      }),
    );
    expect("toolCalls" in turn && turn.toolCalls.map((c) => c.name)).toEqual(["alpha", "beta"]);
  });

  it("does not call tools the message does not name", () => {
    const turn = model.respond(
      modelContext({ lastUserMessage: "hello 5", tools: [functionTool("special_operation")] }),
    );
    expect(turn).toEqual({ text: "Echo: hello 5" });
  });

  it("answers with the submitted results after Submit", () => {
    const turn = model.respond(
      modelContext({
        lastUserMessage: "special_operation please",
        tools: [functionTool("special_operation")],
        toolResults: [functionResult("special_operation", "+20.0"), functionResult("other", "x")],
        round: 1,
      }),
    );
    expect(turn).toEqual({ text: "Tool results: special_operation: +20.0; other: x" });
  });

  it("finds every number, as doubles", () => {
    expect(numbersIn("5, 4, a, 1 and -2.5 or 10")).toEqual([5, 4, 1, -2.5, 10]);
    expect(numbersIn("none")).toEqual([]);
  });
});
