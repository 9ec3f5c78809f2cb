import { inspect } from "node:util";
import { create, type JsonObject } from "@bufbuild/protobuf";
import { ToolCallListSchema, ToolCallSchema } from "@yc-assistants/types/common";
import { describe, expect, it } from "vitest";
import { toolCallsFromProto } from "./tool-call.js";

const fn = (name: string, args?: JsonObject) =>
  create(ToolCallSchema, {
    ToolCallType: {
      case: "functionCall",
      value: { name, arguments: args },
    },
  });

describe("toolCallsFromProto", () => {
  it.each([
    { case: "no list", list: undefined },
    { case: "an empty list", list: create(ToolCallListSchema, {}) },
    {
      case: "only calls of an unknown kind",
      list: create(ToolCallListSchema, { toolCalls: [create(ToolCallSchema, {})] }),
    },
  ])("$case → undefined (never an empty array)", ({ list }) => {
    expect(toolCallsFromProto(list)).toBeUndefined();
  });

  it("maps a function call: type, name, arguments (numbers are doubles), proto; no id", () => {
    const proto = fn("special_operation", { numbers: [5, 4, 1] });
    const calls = toolCallsFromProto(create(ToolCallListSchema, { toolCalls: [proto] }));
    expect(calls).toHaveLength(1);
    const call = calls?.[0];
    expect(call?.type).toBe("function");
    expect(call?.name).toBe("special_operation");
    expect(call?.arguments).toEqual({ numbers: [5, 4, 1] });
    const numbers = (call?.arguments["numbers"] ?? []) as number[];
    expect(numbers).toHaveLength(3);
    expect(numbers.every((n) => typeof n === "number")).toBe(true);
    expect(call?.proto).toBe(proto);
    expect(call?.id).toBeUndefined();
    expect(Object.isFrozen(call)).toBe(true);
  });

  it("keeps nested JSON, fractions, booleans, null and strings", () => {
    const args: JsonObject = { a: { b: [1.25, -3e10] }, ok: true, none: null, s: "text" };
    const calls = toolCallsFromProto(create(ToolCallListSchema, { toolCalls: [fn("f", args)] }));
    expect(calls?.[0]?.arguments).toEqual(args);
  });

  it("a call without arguments gets {}", () => {
    const calls = toolCallsFromProto(create(ToolCallListSchema, { toolCalls: [fn("f")] }));
    expect(calls?.[0]?.arguments).toEqual({});
  });

  it("keeps order and skips calls of an unknown kind", () => {
    const calls = toolCallsFromProto(
      create(ToolCallListSchema, {
        toolCalls: [fn("one"), create(ToolCallSchema, {}), fn("two")],
      }),
    );
    expect(calls?.map((c) => c.name)).toEqual(["one", "two"]);
  });

  // issue 12: JSON.stringify and util.inspect show the call, not the proto.
  it("toJSON and util.inspect show type, name and arguments, not the proto", () => {
    const calls = toolCallsFromProto(
      create(ToolCallListSchema, { toolCalls: [fn("add", { a: 2, b: 40 })] }),
    );
    const call = calls?.[0];
    expect(JSON.stringify(call)).toBe(
      '{"type":"function","name":"add","arguments":{"a":2,"b":40}}',
    );
    expect(inspect(call)).toBe(
      "ToolCall { type: 'function', name: 'add', arguments: { a: 2, b: 40 } }",
    );
    expect(Object.keys(call ?? {})).toEqual(["type", "name", "arguments", "proto"]);
  });
});
