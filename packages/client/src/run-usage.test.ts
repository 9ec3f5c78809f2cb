import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { ContentUsageSchema } from "@yc-assistants/types/runs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type RunUsage, runUsageFromProto } from "./run-usage.js";

function usageOf(promptTokens: bigint, completionTokens: bigint, totalTokens: bigint): RunUsage {
  const usage = runUsageFromProto(
    create(ContentUsageSchema, { promptTokens, completionTokens, totalTokens }),
  );
  if (usage === undefined) throw new Error("usage expected");
  return usage;
}

describe("runUsageFromProto", () => {
  it("absent usage stays absent", () => {
    expect(runUsageFromProto(undefined)).toBeUndefined();
  });

  // spec/runs.md, "RunResult" (usage): token counts are plain numbers.
  it("maps prompt → inputTextTokens, completion, total as plain numbers, frozen", () => {
    const usage = usageOf(234n, 53n, 287n);
    expect(usage).toEqual({ inputTextTokens: 234, completionTokens: 53, totalTokens: 287 });
    expect(Object.keys(usage)).toEqual(["inputTextTokens", "completionTokens", "totalTokens"]);
    expect(usage.totalTokens + 1).toBe(288);
    expect(Object.isFrozen(usage)).toBe(true);
    expectTypeOf(usage.totalTokens).toEqualTypeOf<number>();
  });

  it("keeps the raw message (exact bigints) on proto, not enumerable", () => {
    const usage = usageOf(1n, 2n, 3n);
    expect(usage.proto.totalTokens).toBe(3n);
    expect(Object.keys(usage)).not.toContain("proto");
  });

  it("JSON.stringify and util.inspect show the counts", () => {
    const usage = usageOf(100n, 14n, 114n);
    expect(JSON.stringify(usage)).toBe(
      '{"inputTextTokens":100,"completionTokens":14,"totalTokens":114}',
    );
    expect(inspect(usage)).toBe(
      "RunUsage { inputTextTokens: 100, completionTokens: 14, totalTokens: 114 }",
    );
  });

  it("2^53 − 1 is still a number; 2^53 + 1 is surfaced, never rounded", () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    expect(usageOf(max, 0n, max).totalTokens).toBe(Number.MAX_SAFE_INTEGER);
    const usage = usageOf(max + 2n, 1n, 2n ** 63n - 1n);
    expect(usage.completionTokens).toBe(1);
    let error: unknown;
    try {
      void usage.inputTextTokens;
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: Code.OutOfRange });
    expect((error as Error).message).toContain(
      "usage.inputTextTokens is 9007199254740993 on the wire, beyond Number.MAX_SAFE_INTEGER",
    );
    expect((error as Error).message).toContain("usage.proto.promptTokens");
    expect(() => usage.totalTokens).toThrow("usage.totalTokens is 9223372036854775807");
    // The exact value stays reachable, and printing never throws nor rounds.
    expect(usage.proto.promptTokens).toBe(9007199254740993n);
    expect(JSON.stringify(usage)).toBe(
      '{"inputTextTokens":"9007199254740993","completionTokens":1,"totalTokens":"9223372036854775807"}',
    );
    expect(inspect(usage)).toContain("'9223372036854775807'");
  });
});
