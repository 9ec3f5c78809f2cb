import { StreamEvent_EventType, StreamEvent_EventTypeSchema } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { StreamEvent, type StreamEventName } from "./stream-event.js";

interface Row {
  name: StreamEventName;
  value: number;
  isRunning: boolean;
  isSucceeded: boolean;
  isFailed: boolean;
  isFinished: boolean;
  statusName: "running" | "success" | "failed";
}

// spec/runs.md, "Stream event type" table, copied row by row.
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
    name: "EVENT_TYPE_UNSPECIFIED",
    value: 0,
    isRunning: false,
    isSucceeded: false,
    isFailed: false,
    isFinished: false,
    statusName: "running",
  },
  {
    name: "PARTIAL_MESSAGE",
    value: 1,
    isRunning: true,
    isSucceeded: false,
    isFailed: false,
    isFinished: false,
    statusName: "running",
  },
  {
    name: "ERROR",
    value: 2,
    isRunning: false,
    isSucceeded: false,
    isFailed: true,
    isFinished: true,
    statusName: "failed",
  },
  {
    name: "DONE",
    value: 3,
    isRunning: false,
    isSucceeded: true,
    isFailed: false,
    isFinished: true,
    statusName: "success",
  },
  {
    name: "TOOL_CALLS",
    value: 4,
    isRunning: false,
    isSucceeded: true,
    isFailed: false,
    isFinished: true,
    statusName: "success",
  },
];

describe("StreamEvent members (spec/runs.md, Stream event type table)", () => {
  it.each(table)(
    "$name: value $value, isRunning $isRunning, isSucceeded $isSucceeded, isFailed $isFailed, isFinished $isFinished, statusName $statusName",
    (row) => {
      const member = StreamEvent[row.name];
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

describe("StreamEvent.fromProto", () => {
  it.each(table.filter((row) => row.value >= 0))("wire $value → $name", ({ value, name }) => {
    expect(StreamEvent.fromProto(value)).toBe(StreamEvent[name]);
  });

  it.each([
    { case: "the next value 5", value: 5 },
    { case: "6", value: 6 },
    { case: "99", value: 99 },
    { case: "-1", value: -1 },
    { case: "-2", value: -2 },
    { case: "2^31-1", value: 2 ** 31 - 1 },
    { case: "-2^31", value: -(2 ** 31) },
    { case: "NaN", value: Number.NaN },
    { case: "Infinity", value: Number.POSITIVE_INFINITY },
    { case: "a fraction", value: 1.5 },
  ])("unknown $case → UNKNOWN without throwing", ({ value }) => {
    expect(StreamEvent.fromProto(value)).toBe(StreamEvent.UNKNOWN);
  });

  it("accepts the generated enum and covers every value of RunState.StreamEvent", () => {
    expect(StreamEvent.fromProto(StreamEvent_EventType.DONE)).toBe(StreamEvent.DONE);
    for (const v of StreamEvent_EventTypeSchema.values) {
      expect(StreamEvent.fromProto(v.number).name).toBe(v.name);
    }
    expect(StreamEvent_EventTypeSchema.values).toHaveLength(table.length - 1);
  });
});

describe("StreamEvent.values()", () => {
  it("lists every member in table order", () => {
    expect(StreamEvent.values().map((m) => m.name)).toEqual(table.map((row) => row.name));
    expect(StreamEvent.values().map((m) => m.value)).toEqual([-1, 0, 1, 2, 3, 4]);
    expect(StreamEvent.values()[2]).toBe(StreamEvent.PARTIAL_MESSAGE);
  });

  it("returns the same frozen array", () => {
    expect(StreamEvent.values()).toBe(StreamEvent.values());
    expect(Object.isFrozen(StreamEvent.values())).toBe(true);
  });
});

describe("StreamEvent is frozen", () => {
  it("the namespace object, every member and values() are frozen", () => {
    expect(Object.isFrozen(StreamEvent)).toBe(true);
    for (const member of StreamEvent.values()) expect(Object.isFrozen(member)).toBe(true);
  });

  it.each([
    {
      case: "replacing a member",
      mutate: () => {
        (StreamEvent as unknown as Record<string, unknown>)["PARTIAL_MESSAGE"] = StreamEvent.ERROR;
      },
    },
    {
      case: "adding a member",
      mutate: () => {
        (StreamEvent as unknown as Record<string, unknown>)["CANCELLED"] = StreamEvent.ERROR;
      },
    },
    {
      case: "changing a flag",
      mutate: () => {
        (StreamEvent.PARTIAL_MESSAGE as unknown as Record<string, unknown>)["isRunning"] = false;
      },
    },
    {
      case: "changing a value",
      mutate: () => {
        (StreamEvent.DONE as unknown as Record<string, unknown>)["value"] = 2;
      },
    },
    {
      case: "pushing to values()",
      mutate: () => {
        (StreamEvent.values() as StreamEvent[]).push(StreamEvent.UNKNOWN);
      },
    },
    {
      case: "deleting a member",
      mutate: () => {
        delete (StreamEvent as unknown as Record<string, unknown>)["ERROR"];
      },
    },
  ])("$case throws a TypeError and changes nothing", ({ mutate }) => {
    expect(mutate).toThrow(TypeError);
    expect(StreamEvent.PARTIAL_MESSAGE.isRunning).toBe(true);
    expect(StreamEvent.DONE.value).toBe(3);
    expect(StreamEvent.values()).toHaveLength(6);
    expect(StreamEvent.ERROR.name).toBe("ERROR");
  });

  it("members are singletons comparable with ===", () => {
    expect(StreamEvent.fromProto(1)).toBe(StreamEvent.fromProto(1));
    expect(StreamEvent.fromProto(1) === StreamEvent.PARTIAL_MESSAGE).toBe(true);
  });
});
