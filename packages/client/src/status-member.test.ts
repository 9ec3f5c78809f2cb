import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { defineStatusMember, memberLookup, type StatusFlags } from "./status-member.js";

describe("defineStatusMember", () => {
  it.each<{ case: string; flags: StatusFlags | undefined; expected: Record<string, unknown> }>([
    {
      case: "no flags → running name, nothing finished",
      flags: undefined,
      expected: {
        isRunning: false,
        isSucceeded: false,
        isFailed: false,
        isFinished: false,
        statusName: "running",
      },
    },
    {
      case: "running",
      flags: { running: true },
      expected: {
        isRunning: true,
        isSucceeded: false,
        isFailed: false,
        isFinished: false,
        statusName: "running",
      },
    },
    {
      case: "succeeded → finished, success",
      flags: { succeeded: true },
      expected: {
        isRunning: false,
        isSucceeded: true,
        isFailed: false,
        isFinished: true,
        statusName: "success",
      },
    },
    {
      case: "failed → finished, failed",
      flags: { failed: true },
      expected: {
        isRunning: false,
        isSucceeded: false,
        isFailed: true,
        isFinished: true,
        statusName: "failed",
      },
    },
  ])("$case", ({ flags, expected }) => {
    const member = defineStatusMember("Kind", "X", 7, flags);
    expect(member).toMatchObject({ name: "X", value: 7, ...expected });
  });

  it("is frozen, prints its name and inspects as Kind.NAME", () => {
    const member = defineStatusMember("Kind", "X", 7);
    expect(Object.isFrozen(member)).toBe(true);
    expect(String(member)).toBe("X");
    expect(`${member}`).toBe("X");
    expect(JSON.stringify({ s: member })).toBe('{"s":"X"}');
    expect(inspect(member)).toBe("Kind.X");
  });

  it("never spells the running name with three n's", () => {
    expect(defineStatusMember("Kind", "X", 1, { running: true }).statusName).not.toBe("runnning");
  });
});

describe("memberLookup", () => {
  const unknown = defineStatusMember("Kind", "UNKNOWN", -1);
  const a = defineStatusMember("Kind", "A", 0);
  const b = defineStatusMember("Kind", "B", 1);
  const lookup = memberLookup([unknown, a, b], unknown);

  it.each([
    { value: 0, expected: a },
    { value: 1, expected: b },
    { value: -1, expected: unknown },
    { value: 2, expected: unknown },
    { value: Number.NaN, expected: unknown },
    { value: 0.5, expected: unknown },
  ])("maps $value", ({ value, expected }) => {
    expect(lookup(value)).toBe(expected);
  });
});
