import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { defineInt64, int64Json, int64ToNumber, isSafeInt64 } from "./int64-number.js";

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

// spec/runs.md, "RunResult" (usage): plain numbers; above 2^53 − 1 surfaced, never rounded.
describe("int64 → number", () => {
  it("the safe range is ±(2^53 − 1), both ends included", () => {
    expect([MAX, -MAX, 0n].map(isSafeInt64)).toEqual([true, true, true]);
    expect([MAX + 1n, -MAX - 1n, 2n ** 63n - 1n, -(2n ** 63n)].map(isSafeInt64)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("int64ToNumber converts exactly or throws OutOfRange naming the field and the raw value", () => {
    expect(int64ToNumber(-MAX, "f", "raw.f")).toBe(Number.MIN_SAFE_INTEGER);
    let error: unknown;
    try {
      int64ToNumber(-(2n ** 63n), "cursor.currentEventIdx", "event.proto.streamCursor");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.OutOfRange);
    expect((error as ConnectError).rawMessage).toBe(
      "cursor.currentEventIdx is -9223372036854775808 on the wire, beyond Number.MAX_SAFE_INTEGER (2^53 - 1), so it has no exact number: read the exact int64 from event.proto.streamCursor",
    );
  });

  it("int64Json is a number when exact, else the exact decimal string", () => {
    expect(int64Json(MAX)).toBe(Number.MAX_SAFE_INTEGER);
    expect(int64Json(MAX + 2n)).toBe("9007199254740993");
  });

  it("defineInt64 lists the field either way; only reading an unsafe one throws", () => {
    const view = {};
    defineInt64(view, "small", 7n, "x.small", "x.proto.small");
    defineInt64(view, "huge", MAX + 2n, "x.huge", "x.proto.huge");
    Object.freeze(view);
    expect(Object.keys(view)).toEqual(["small", "huge"]);
    expect((view as { small: number }).small).toBe(7);
    expect(() => (view as { huge: number }).huge).toThrow("x.huge is 9007199254740993");
  });
});
