import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { GetRunRequestSchema, SubmitToRunRequestSchema } from "@yc-assistants/types/runs";
import { describe, expect, test } from "vitest";
import { functionTool } from "./function-tool.js";
import { paginate } from "./paging.js";
import {
  assertRequiredFields,
  optionalIndex,
  optionalLabels,
  optionalPositiveInt,
  requireJsonObject,
  requireString,
} from "./validate.js";

function invalid(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectError);
    expect((e as ConnectError).code).toBe(Code.InvalidArgument);
    return (e as ConnectError).rawMessage;
  }
  throw new Error("expected InvalidArgument");
}

describe("validate", () => {
  test("requireString names the field", () => {
    expect(requireString("x", "runId")).toBe("x");
    expect(invalid(() => requireString(undefined, "runId"))).toBe("runId is required");
    expect(invalid(() => requireString(" ", "runId"))).toBe("runId is required");
    expect(invalid(() => requireString(5, "runId"))).toBe(
      "runId must be a non-empty string, got number",
    );
  });

  test("numbers, indexes, labels, JSON", () => {
    expect(optionalPositiveInt(3, "n")).toBe(3n);
    expect(optionalPositiveInt(3n, "n")).toBe(3n);
    expect(invalid(() => optionalPositiveInt(2 ** 60, "n"))).toMatch(
      /n must be a positive integer/,
    );
    expect(optionalIndex(0, "fromIndex")).toBe(0n);
    expect(invalid(() => optionalIndex(-1n, "fromIndex"))).toMatch(/fromIndex must be >= 0/);
    expect(optionalLabels({ a: "b" }, "labels")).toEqual({ a: "b" });
    expect(invalid(() => optionalLabels({ "": "b" }, "labels"))).toMatch(/empty key/);
    expect(requireJsonObject({ a: [1, null, { b: true }] }, "p")).toEqual({
      a: [1, null, { b: true }],
    });
    expect(invalid(() => requireJsonObject({ d: new Date() }, "p"))).toMatch(
      /p must be plain JSON/,
    );
    expect(invalid(() => requireJsonObject({ n: Number.POSITIVE_INFINITY }, "p"))).toMatch(
      /plain JSON/,
    );
  });

  test("assertRequiredFields uses the schema's REQUIRED fields", () => {
    expect(
      invalid(() => assertRequiredFields(GetRunRequestSchema, create(GetRunRequestSchema))),
    ).toBe("GetRunRequest.runId is required");
    expect(() =>
      assertRequiredFields(
        SubmitToRunRequestSchema,
        create(SubmitToRunRequestSchema, { runId: "r" }),
      ),
    ).not.toThrow();
  });

  test("functionTool", () => {
    const tool = functionTool({ name: "f", description: "d", parameters: { type: "object" } });
    expect(tool.ToolType.case).toBe("function");
    expect(tool.ToolType.value).toMatchObject({
      name: "f",
      description: "d",
      parameters: { type: "object" },
    });
    expect(invalid(() => functionTool({ name: "" }))).toBe("functionTool.name is required");
    expect(invalid(() => functionTool({ name: "f", parameters: [] as never }))).toMatch(
      /functionTool\.parameters must be an object/,
    );
    expect(invalid(() => functionTool({ name: "f", params: {} } as never))).toMatch(/params/);
  });
});

describe("paginate", () => {
  test("a full page with an empty token: exactly one fetch", async () => {
    let calls = 0;
    const items: number[] = [];
    for await (const n of paginate(async () => {
      calls++;
      return { items: [1, 2, 3], nextPageToken: "" };
    })) {
      items.push(n);
    }
    expect(items).toEqual([1, 2, 3]);
    expect(calls).toBe(1);
  });

  test("stops fetching when the consumer stops", async () => {
    const tokens: string[] = [];
    for await (const n of paginate(async (t) => {
      tokens.push(t);
      return { items: [Number(t || 0)], nextPageToken: String(Number(t || 0) + 1) };
    })) {
      if (n >= 1) break;
    }
    expect(tokens).toEqual(["", "1"]);
  });

  test("an empty page with a token continues; the empty token ends", async () => {
    const pages = [
      { items: [], nextPageToken: "a" },
      { items: ["x"], nextPageToken: "" },
    ];
    const out: string[] = [];
    for await (const s of paginate(async () => pages.shift()!)) out.push(s);
    expect(out).toEqual(["x"]);
  });
});
