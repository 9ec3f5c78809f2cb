import { RunState_RunStatus, RunState_RunStatusSchema } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { RunStatus, type RunStatusName } from "./run-status.js";

interface Row {
  name: RunStatusName;
  value: number;
  isRunning: boolean;
  isSucceeded: boolean;
  isFailed: boolean;
  isFinished: boolean;
  statusName: "running" | "success" | "failed";
}

// spec/runs.md, "Run status" table, copied row by row.
const table: Row[] = [
  {
    name: "UNKNOWN",
    value: -1,
    isRunning: false,
    isSucceeded: false,
    isFailed: false,
    isFinished: false,
    statusName: "running",
  },
  {
    name: "RUN_STATUS_UNSPECIFIED",
    value: 0,
    isRunning: false,
    isSucceeded: false,
    isFailed: false,
    isFinished: false,
    statusName: "running",
  },
  {
    name: "PENDING",
    value: 1,
    isRunning: true,
    isSucceeded: false,
    isFailed: false,
    isFinished: false,
    statusName: "running",
  },
  {
    name: "IN_PROGRESS",
    value: 2,
    isRunning: true,
    isSucceeded: false,
    isFailed: false,
    isFinished: false,
    statusName: "running",
  },
  {
    name: "FAILED",
    value: 3,
    isRunning: false,
    isSucceeded: false,
    isFailed: true,
    isFinished: true,
    statusName: "failed",
  },
  {
    name: "COMPLETED",
    value: 4,
    isRunning: false,
    isSucceeded: true,
    isFailed: false,
    isFinished: true,
    statusName: "success",
  },
  {
    name: "TOOL_CALLS",
    value: 5,
    isRunning: false,
    isSucceeded: true,
    isFailed: false,
    isFinished: true,
    statusName: "success",
  },
];

describe("RunStatus members (spec/runs.md, Run status table)", () => {
  it.each(table)(
    "$name: value $value, isRunning $isRunning, isSucceeded $isSucceeded, isFailed $isFailed, isFinished $isFinished, statusName $statusName",
    (row) => {
      const member = RunStatus[row.name];
      expect({
        name: member.name,
        value: member.value,
        isRunning: member.isRunning,
        isSucceeded: member.isSucceeded,
        isFailed: member.isFailed,
        isFinished: member.isFinished,
        statusName: member.statusName,
      }).toEqual(row);
      expect(String(member)).toBe(row.name);
      expect(member.toJSON()).toBe(row.name);
      expect(member.isFinished).toBe(member.isSucceeded || member.isFailed);
    },
  );
});

describe("RunStatus.fromProto", () => {
  it.each(table.filter((row) => row.value >= 0))("wire $value → $name", ({ value, name }) => {
    expect(RunStatus.fromProto(value)).toBe(RunStatus[name]);
  });

  it.each([
    { case: "the next value 6", value: 6 },
    { case: "99", value: 99 },
    { case: "-1", value: -1 },
    { case: "-2", value: -2 },
    { case: "2^31-1", value: 2 ** 31 - 1 },
    { case: "-2^31", value: -(2 ** 31) },
    { case: "NaN", value: Number.NaN },
    { case: "Infinity", value: Number.POSITIVE_INFINITY },
    { case: "a fraction", value: 1.5 },
  ])("unknown $case → UNKNOWN without throwing", ({ value }) => {
    expect(RunStatus.fromProto(value)).toBe(RunStatus.UNKNOWN);
  });

  it("accepts the generated enum and covers every value of RunState.RunStatus", () => {
    expect(RunStatus.fromProto(RunState_RunStatus.TOOL_CALLS)).toBe(RunStatus.TOOL_CALLS);
    for (const v of RunState_RunStatusSchema.values) {
      expect(RunStatus.fromProto(v.number).name).toBe(v.name);
    }
    expect(RunState_RunStatusSchema.values).toHaveLength(table.length - 1);
  });
});

describe("RunStatus.values()", () => {
  it("lists every member in table order", () => {
    expect(RunStatus.values().map((m) => m.name)).toEqual(table.map((row) => row.name));
    expect(RunStatus.values().map((m) => m.value)).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    expect(RunStatus.values()[2]).toBe(RunStatus.PENDING);
  });

  it("returns the same frozen array", () => {
    expect(RunStatus.values()).toBe(RunStatus.values());
    expect(Object.isFrozen(RunStatus.values())).toBe(true);
  });
});

describe("RunStatus is frozen", () => {
  it("the namespace object, every member and values() are frozen", () => {
    expect(Object.isFrozen(RunStatus)).toBe(true);
    for (const member of RunStatus.values()) expect(Object.isFrozen(member)).toBe(true);
  });

  it.each([
    {
      case: "replacing a member",
      mutate: () => {
        (RunStatus as unknown as Record<string, unknown>)["PENDING"] = RunStatus.FAILED;
      },
    },
    {
      case: "adding a member",
      mutate: () => {
        (RunStatus as unknown as Record<string, unknown>)["CANCELLED"] = RunStatus.FAILED;
      },
    },
    {
      case: "changing a flag",
      mutate: () => {
        (RunStatus.PENDING as unknown as Record<string, unknown>)["isRunning"] = false;
      },
    },
    {
      case: "changing a value",
      mutate: () => {
        (RunStatus.COMPLETED as unknown as Record<string, unknown>)["value"] = 3;
      },
    },
    {
      case: "pushing to values()",
      mutate: () => {
        (RunStatus.values() as RunStatus[]).push(RunStatus.UNKNOWN);
      },
    },
    {
      case: "deleting a member",
      mutate: () => {
        delete (RunStatus as unknown as Record<string, unknown>)["FAILED"];
      },
    },
  ])("$case throws a TypeError and changes nothing", ({ mutate }) => {
    expect(mutate).toThrow(TypeError);
    expect(RunStatus.PENDING.isRunning).toBe(true);
    expect(RunStatus.COMPLETED.value).toBe(4);
    expect(RunStatus.values()).toHaveLength(7);
    expect(RunStatus.FAILED.name).toBe("FAILED");
  });

  it("members are singletons comparable with ===", () => {
    expect(RunStatus.fromProto(1)).toBe(RunStatus.fromProto(1));
    expect(RunStatus.fromProto(1) === RunStatus.PENDING).toBe(true);
  });
});
