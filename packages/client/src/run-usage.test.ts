import { create } from "@bufbuild/protobuf";
import { ContentUsageSchema } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { runUsageFromProto } from "./run-usage.js";

describe("runUsageFromProto", () => {
  it("absent usage stays absent", () => {
    expect(runUsageFromProto(undefined)).toBeUndefined();
  });

  it("maps prompt → inputTextTokens, completion, total as bigint, frozen", () => {
    const usage = runUsageFromProto(
      create(ContentUsageSchema, { promptTokens: 234n, completionTokens: 53n, totalTokens: 287n }),
    );
    expect(usage).toEqual({ inputTextTokens: 234n, completionTokens: 53n, totalTokens: 287n });
    expect(Object.isFrozen(usage)).toBe(true);
  });

  it("keeps 2^60+7 exactly", () => {
    const big = 2n ** 60n + 7n;
    const usage = runUsageFromProto(
      create(ContentUsageSchema, { promptTokens: big, completionTokens: big, totalTokens: big }),
    );
    expect(usage?.totalTokens).toBe(1152921504606846983n);
    expect(usage?.totalTokens.toString()).toBe("1152921504606846983");
  });
});
