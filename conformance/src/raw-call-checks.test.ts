import type { JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  checkRawEvents,
  checkRawResponse,
  resolvePlaceholders,
  timestampNanos,
  valueAt,
} from "./raw-call-checks.js";

const scope = {
  ids: { folder: "b1g", thread: "fvt1", run: undefined },
  saved: new Map([["t", { id: "fvt9", expirationConfig: { ttlDays: "7" } }]]),
};

// Recorded thread (test_threads/test_thread.json), shortened.
const thread = {
  id: "fvte32amkll2mticn0bl",
  folderId: "b1ghsjum2v37c2un8h64",
  createdAt: "2025-07-24T14:30:10.605954Z",
  updatedAt: "2025-07-24T14:30:10.605954Z",
  expirationConfig: { expirationPolicy: "SINCE_LAST_ACTIVE", ttlDays: "7" },
  expiresAt: "2025-07-31T14:30:10.605954Z",
};

describe("callRaw placeholders and paths", () => {
  it("resolves case ids and saved fields, whole values and spliced text", () => {
    expect(
      resolvePlaceholders(
        { threadId: "{{thread}}", uri: "gpt://{{folder}}/x", ttl: "{{t.expirationConfig}}" },
        scope,
      ),
    ).toEqual({ threadId: "fvt1", uri: "gpt://b1g/x", ttl: { ttlDays: "7" } });
  });

  it("names a missing id or alias", () => {
    expect(() => resolvePlaceholders("{{run}}", scope)).toThrow(/no run yet/);
    expect(() => resolvePlaceholders("{{x.id}}", scope)).toThrow(/no callRaw saved as "x"/);
    expect(() => resolvePlaceholders("{{t.name}}", scope)).toThrow(/has no name/);
  });

  it("reads dotted paths through objects and arrays", () => {
    expect(valueAt({ a: { b: [{ c: 1 }] } }, "a.b.0.c")).toBe(1);
    expect(valueAt({ a: 1 }, "a.b")).toBeUndefined();
  });

  it("reads RFC 3339 timestamps to the nanosecond", () => {
    expect(timestampNanos("1970-01-01T00:00:01.000000001Z")).toBe(1_000_000_001n);
    expect(timestampNanos("nope")).toBeUndefined();
  });
});

describe("checkRawResponse", () => {
  it("passes the recorded thread's bookkeeping", () => {
    expect(
      checkRawResponse(
        {
          response: { expirationConfig: { expirationPolicy: "SINCE_LAST_ACTIVE", ttlDays: 7 } },
          present: ["id", "createdAt"],
          absent: ["name"],
          same: [["createdAt", "updatedAt"]],
          durations: [{ from: "createdAt", to: "expiresAt", seconds: 604800 }],
          order: [{ earlier: "createdAt", later: "updatedAt" }],
          differs: { id: "fvt-other" },
        },
        thread,
      ),
    ).toEqual([]);
  });

  it("names every difference", () => {
    const failures = checkRawResponse(
      {
        response: { folderId: "b1gother" },
        present: ["name"],
        absent: ["id"],
        same: [["createdAt", "expiresAt"]],
        durations: [{ from: "createdAt", to: "expiresAt", seconds: 86400 }],
        order: [{ earlier: "expiresAt", later: "createdAt" }],
        differs: { id: thread.id },
      },
      thread,
    );
    expect(failures).toHaveLength(7);
    expect(failures[0]).toMatch(/^response.folderId: expected "b1gother"/);
    expect(failures.join("\n")).toContain("expected 86400 s, got 604800 s");
  });
});

describe("checkRawEvents", () => {
  const partial = (text: string, idx?: number): JsonValue => ({
    eventType: "PARTIAL_MESSAGE",
    ...(idx ? { streamCursor: { currentEventIdx: String(idx) } } : { streamCursor: {} }),
    partialMessage: { content: [{ text: { content: text } }] },
  });
  const done = (text: string, idx: number): JsonValue => ({
    eventType: "DONE",
    streamCursor: { currentEventIdx: String(idx) },
    completedMessage: { content: { content: [{ text: { content: text } }] } },
  });

  it("passes the recorded stream (test_run_stream.json): cursors 0, 1, 2, cumulative, DONE last", () => {
    const events = [partial("Hello"), partial("Hello! How", 1), done("Hello! How can I help?", 2)];
    expect(checkRawEvents(events, { cursorsFrom: 0, cumulative: true, lastEvent: "DONE" })).toEqual(
      [],
    );
  });

  it("fails a restart from 0, partials taken as deltas, and a DONE before the end", () => {
    const events = [partial("Hello"), partial(" world", 1), done("Hello world", 2)];
    expect(checkRawEvents(events, { cursorsFrom: 1 })[0]).toMatch(
      /cursors \[0,1,2\], expected \[1,2,3\]/,
    );
    expect(checkRawEvents(events, { cumulative: true })[0]).toMatch(/does not extend/);
    expect(
      checkRawEvents([done("a", 0), partial("b", 1), done("b", 2)], { lastEvent: "DONE" }),
    ).toEqual(["events[0]: a terminal event (DONE) before the end of the stream"]);
    expect(checkRawEvents([], { lastEvent: "DONE" })).toHaveLength(1);
  });
});
