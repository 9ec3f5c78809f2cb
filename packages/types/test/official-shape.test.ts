/**
 * The comparator behind the official-codec proof must see every kind of
 * difference, or the proof would pass vacuously; these cases feed it
 * deliberately wrong official objects.
 */
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import { ResponseFormatSchema, ToolSchema } from "../src/common.js";
import { ContentUsageSchema, RunSchema } from "../src/runs.js";
import {
  CompareStats,
  compareWithOfficial,
  officialBytesDiffer,
  officialRepresentable,
  toOfficialShape,
} from "./support/official-shape.js";

const run = create(RunSchema, {
  id: "run-1",
  createdAt: timestampFromMs(1_700_000_000_123),
  labels: { a: "1" },
  usage: { promptTokens: 5n, completionTokens: 2n, totalTokens: 7n },
  customCompletionOptions: { temperature: 0, maxTokens: 10n },
  tools: [{ ToolType: { case: "function", value: { name: "f", parameters: { x: [1, null] } } } }],
  customResponseFormat: { ResponseFormat: { case: "jsonObject", value: false } },
});

function mismatches(official: Record<string, unknown>): string[] {
  return compareWithOfficial(RunSchema, run, official, "decoded-by-official", new CompareStats());
}

describe("compareWithOfficial", () => {
  test("the mapped shape of a message matches itself", () => {
    expect(mismatches(toOfficialShape(RunSchema, run))).toEqual([]);
  });

  test.each([
    ["a string", (o: Record<string, unknown>) => ({ ...o, id: "run-2" }), "Run.id"],
    ["an unknown property", (o: Record<string, unknown>) => ({ ...o, extra: 1 }), "property extra"],
    [
      "an int64 off by one",
      (o: Record<string, unknown>) => ({
        ...o,
        usage: { promptTokens: 5, completionTokens: 2, totalTokens: 8 },
      }),
      "Run.usage.totalTokens",
    ],
    [
      "a Date one millisecond off",
      (o: Record<string, unknown>) => ({ ...o, createdAt: new Date(1_700_000_000_124) }),
      "Run.createdAt",
    ],
    [
      "a wrapper left unset",
      (o: Record<string, unknown>) => ({ ...o, customCompletionOptions: { maxTokens: 10 } }),
      "Run.customCompletionOptions.temperature",
    ],
    [
      "another oneof member",
      (o: Record<string, unknown>) => ({ ...o, customResponseFormat: { jsonSchema: {} } }),
      "Run.customResponseFormat.jsonObject",
    ],
    [
      "a Struct value",
      (o: Record<string, unknown>) => ({
        ...o,
        tools: [{ function: { name: "f", description: "", parameters: { x: [1, 0] } } }],
      }),
      "Run.tools[0].function.parameters",
    ],
    [
      "a map entry",
      (o: Record<string, unknown>) => ({ ...o, labels: { a: "2" } }),
      'Run.labels["a"]',
    ],
  ])("catches %s", (_, change, path) => {
    const found = mismatches(change(toOfficialShape(RunSchema, run)));
    expect(found.length).toBeGreaterThan(0);
    expect(found.join("\n")).toContain(path);
  });

  test("a oneof scalar holding false is set, not absent", () => {
    const format = create(ResponseFormatSchema, {
      ResponseFormat: { case: "jsonObject", value: false },
    });
    expect(toOfficialShape(ResponseFormatSchema, format)).toEqual({ jsonObject: false });
    expect(
      compareWithOfficial(
        ResponseFormatSchema,
        format,
        {},
        "decoded-by-official",
        new CompareStats(),
      ),
    ).toEqual(["ResponseFormat.jsonObject: false vs undefined"]);
  });
});

describe("officialRepresentable", () => {
  test("rounds int64 the way an official number field does and keeps milliseconds", () => {
    const usage = create(ContentUsageSchema, {
      promptTokens: 2n ** 60n + 7n,
      completionTokens: 5n,
      totalTokens: 2n ** 63n - 1n,
    });
    expect(officialRepresentable(ContentUsageSchema, usage)).toMatchObject({
      promptTokens: 2n ** 60n,
      completionTokens: 5n,
      totalTokens: -(2n ** 63n),
    });
  });
});

describe("officialBytesDiffer", () => {
  test("is false for ordinary messages and true for the two known byte forms", () => {
    expect(officialBytesDiffer(RunSchema, run)).toBe(false);
    expect(officialBytesDiffer(RunSchema, create(RunSchema, { labels: { k: "" } }))).toBe(true);
    const tool = create(ToolSchema, {
      ToolType: { case: "function", value: { parameters: { "": 1 } } },
    });
    expect(officialBytesDiffer(ToolSchema, tool)).toBe(true);
  });
});
