import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { ErrorSchema } from "@yc-assistants/types/common";
import { describe, expect, expectTypeOf, it } from "vitest";
import { runErrorFromProto } from "./run-error.js";

describe("runErrorFromProto", () => {
  it("absent error stays absent", () => {
    expect(runErrorFromProto(undefined)).toBeUndefined();
  });

  // spec/runs.md, "RunResult": keep the numeric code, as a plain number.
  it.each([
    { case: "a small code", message: "something broke", code: 13n },
    { case: "code 0 (unset on the wire)", message: "failed to fit", code: 0n },
    { case: "a negative code", message: "neg", code: -5n },
    { case: "2^53 − 1", message: "max", code: BigInt(Number.MAX_SAFE_INTEGER) },
  ])("keeps message and code as a number: $case", ({ message, code }) => {
    const error = runErrorFromProto(create(ErrorSchema, { message, code }));
    expect(error).toEqual({ message, code: Number(code) });
    expect(error?.proto.code).toBe(code);
    expect(Object.isFrozen(error)).toBe(true);
  });

  it("code === 13 type-checks and holds; JSON and inspect show message and code", () => {
    const error = runErrorFromProto(create(ErrorSchema, { message: "boom", code: 13n }));
    expectTypeOf(error!.code).toEqualTypeOf<number>();
    expect(error?.code === 13).toBe(true);
    expect(JSON.stringify(error)).toBe('{"message":"boom","code":13}');
    expect(inspect(error)).toBe("RunError { message: 'boom', code: 13 }");
  });

  it("an int64 code beyond 2^53 − 1 throws OutOfRange naming error.code; the exact value is on proto", () => {
    const code = 2n ** 60n + 7n;
    const error = runErrorFromProto(create(ErrorSchema, { message: "big", code }));
    expect(error?.message).toBe("big");
    expect(() => error?.code).toThrow(
      "error.code is 1152921504606846983 on the wire, beyond Number.MAX_SAFE_INTEGER",
    );
    try {
      void error?.code;
    } catch (e) {
      expect(e).toMatchObject({ code: Code.OutOfRange });
      expect((e as Error).message).toContain("error.proto.code");
    }
    expect(error?.proto.code).toBe(code);
    expect(JSON.stringify(error)).toBe('{"message":"big","code":"1152921504606846983"}');
  });
});
