import { describe, expect, it } from "vitest";
import { echoArguments } from "./echo-arguments.js";

describe("echoArguments", () => {
  it("is { numbers, text } for a tool without other properties (as the cases expect)", () => {
    const numbersOnly = {
      type: "object",
      properties: { numbers: { type: "array", items: { type: "number" } } },
    };
    expect(echoArguments("5, 4, a, 1", numbersOnly)).toEqual({
      numbers: [5, 4, 1],
      text: "5, 4, a, 1",
    });
    expect(echoArguments("no schema 7", undefined)).toEqual({ numbers: [7], text: "no schema 7" });
  });

  // issue 12 (review of the first hour): a handler typed from an `as const` schema with
  // `city: string` crashed on `city.toUpperCase()` because the echo model sent no `city`.
  it("gives every other property a value of its declared type", () => {
    const schema = {
      type: "object",
      properties: {
        city: { type: "string" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer" },
        scale: { type: "number" },
        verbose: { type: "boolean" },
        values: { type: "array" },
        options: { type: "object" },
        free: {},
      },
    };
    expect(echoArguments("weather in Paris for 3.7 days at 2", schema)).toEqual({
      numbers: [3.7, 2],
      text: "weather in Paris for 3.7 days at 2",
      city: "weather in Paris for 3.7 days at 2",
      unit: "celsius",
      days: 3,
      scale: 2,
      verbose: false,
      values: [3.7, 2],
      options: {},
    });
    expect(echoArguments("none", schema)).toMatchObject({ days: 0, scale: 0 });
  });
});
