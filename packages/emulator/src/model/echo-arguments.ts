import type { JsonObject, JsonValue } from "@bufbuild/protobuf";

/**
 * The arguments the echo model calls a function tool with: `{ numbers, text }` (every number
 * of the message, and the message), plus a value of the declared type for every other
 * property of the tool's JSON Schema, so a handler typed from its schema (`functionTool`
 * with an `as const` schema, issue 12) gets what its types promise:
 *
 * | property type | value |
 * |---|---|
 * | `string` (or an `enum`) | the message (the first enum value) |
 * | `number`, `integer` | the next unused number of the message (`integer`: truncated), else 0 |
 * | `boolean` | `false` |
 * | `array` | the message's numbers |
 * | `object` | `{}` |
 *
 * Deterministic, so tests predict it (`conformance/src/model-expect.ts` calls this function).
 *
 * @example
 * echoArguments("weather in Paris", { type: "object", properties: { city: { type: "string" } } });
 * // { numbers: [], text: "weather in Paris", city: "weather in Paris" }
 */
export function echoArguments(message: string, parameters: JsonValue | undefined): JsonObject {
  const numbers = numbersIn(message);
  const args: JsonObject = { numbers, text: message };
  const properties = objectOf(objectOf(parameters)?.properties);
  if (properties === undefined) return args;
  let next = 0;
  for (const [name, schema] of Object.entries(properties)) {
    if (name in args) continue;
    const spec = objectOf(schema) ?? {};
    const enumValues = Array.isArray(spec.enum) ? spec.enum : undefined;
    if (enumValues !== undefined && enumValues.length > 0) {
      args[name] = enumValues[0] ?? null;
      continue;
    }
    switch (spec.type) {
      case "number":
      case "integer": {
        const value = numbers[next++] ?? 0;
        args[name] = spec.type === "integer" ? Math.trunc(value) : value;
        break;
      }
      case "boolean":
        args[name] = false;
        break;
      case "array":
        args[name] = numbers;
        break;
      case "object":
        args[name] = {};
        break;
      case "string":
        args[name] = message;
        break;
      default:
        break;
    }
  }
  return args;
}

/** Every number written in `text`, in order (e.g. "5, 4, a, 1" → [5, 4, 1]). */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/-?\d+(?:\.\d+)?/g)].map((match) => Number(match[0]));
}

function objectOf(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
}
