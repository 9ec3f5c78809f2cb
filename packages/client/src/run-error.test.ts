import { create } from "@bufbuild/protobuf";
import { ErrorSchema } from "@yc-assistants/types/common";
import { describe, expect, it } from "vitest";
import { runErrorFromProto } from "./run-error.js";

describe("runErrorFromProto", () => {
  it("absent error stays absent", () => {
    expect(runErrorFromProto(undefined)).toBeUndefined();
  });

  it.each([
    { case: "a small code", message: "something broke", code: 13n },
    { case: "code 0 (unset on the wire)", message: "failed to fit", code: 0n },
    { case: "a negative code", message: "neg", code: -5n },
    { case: "an int64 code beyond 2^53", message: "big", code: 2n ** 60n + 7n },
  ])("keeps message and code: $case", ({ message, code }) => {
    const error = runErrorFromProto(create(ErrorSchema, { message, code }));
    expect(error).toEqual({ message, code });
    expect(Object.isFrozen(error)).toBe(true);
  });
});
