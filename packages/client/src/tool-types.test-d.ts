/**
 * Type-level checks of issue 12, "Tools": `functionTool` takes a JSON Schema typed `as const`
 * and gives the handler typed arguments; handlers return what a tool result takes (no
 * `as any` in a manual loop); a handler that returns nothing is a type error. Checked by
 * `npm run typecheck` (tsc includes this file; it has no runtime part).
 */
import type { JsonObject } from "@bufbuild/protobuf";
import { expectTypeOf } from "vitest";
import { type FunctionTool, functionTool, type SchemaArguments } from "./function-tool.js";
import type { Run } from "./run.js";
import type { ToolHandler, ToolHandlers } from "./tool-loop.js";
import type { ToolResultContent, ToolResults } from "./tool-results.js";

const weatherSchema = {
  type: "object",
  properties: {
    city: { type: "string" },
    days: { type: "integer" },
    unit: { enum: ["C", "F"] },
    tags: { type: "array", items: { type: "string" } },
    where: { type: "object", properties: { lat: { type: "number" } }, required: ["lat"] },
  },
  required: ["city", "unit"],
} as const;

expectTypeOf<SchemaArguments<typeof weatherSchema>>().toEqualTypeOf<{
  city: string;
  unit: "C" | "F";
  days?: number;
  tags?: string[];
  where?: { lat: number };
}>();

// A schema that is not `as const` (or none) gives plain JSON arguments.
expectTypeOf<SchemaArguments<JsonObject>>().toEqualTypeOf<JsonObject>();

// The handler's arguments are typed from the schema, `as const` or written inline.
const weather = functionTool({
  name: "get_weather",
  parameters: weatherSchema,
  handler: (args) => {
    expectTypeOf(args.city).toEqualTypeOf<string>();
    expectTypeOf(args.unit).toEqualTypeOf<"C" | "F">();
    expectTypeOf(args.days).toEqualTypeOf<number | undefined>();
    return { city: args.city, celsius: 21 };
  },
});
expectTypeOf(weather).toMatchTypeOf<FunctionTool>();

functionTool({
  name: "add",
  parameters: {
    type: "object",
    properties: { numbers: { type: "array", items: { type: "number" } } },
    required: ["numbers"],
  },
  handler: ({ numbers }) => {
    expectTypeOf(numbers).toEqualTypeOf<number[]>();
    return numbers.reduce((a, b) => a + b, 0);
  },
});

// A handler typed for its own arguments fits ToolHandlers; an inline one gets JsonObject.
const typed: ToolHandler<{ a: number }> = ({ a }) => a * 2;
const record: ToolHandlers = {
  typed,
  inline: (args) => {
    expectTypeOf(args).toEqualTypeOf<JsonObject>();
    return "ok";
  },
};
void record;

// A handler may return a string, a number, a boolean, a plain object or a promise of one.
const returns: ToolHandlers = {
  s: () => "x",
  n: () => 1,
  b: () => false,
  o: async () => ({ nested: { list: [1, "2"] } }),
};
void returns;

// @ts-expect-error a handler that forgets to return is refused by the type (and at run time)
const forgot: ToolHandler = () => {};
void forgot;

// The manual loop needs no `as any`: what a handler returns is a tool result's content.
declare const run: Run;
declare const handler: ToolHandler;
declare const value: Awaited<ReturnType<ToolHandler>>;
expectTypeOf(value).toEqualTypeOf<ToolResultContent>();
async function manualLoop(): Promise<void> {
  const result = await run.wait();
  const results: ToolResults = await Promise.all(
    (result.toolCalls ?? []).map(async (call) => ({
      name: call.name,
      content: await handler(call.arguments, call, { signal: AbortSignal.timeout(1), run }),
    })),
  );
  await run.submitToolResults(results);
  await run.submitToolResults({ add: 42, ok: true, weather: { celsius: 21 } });
}
void manualLoop;
