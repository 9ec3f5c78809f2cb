/**
 * Mutation checks: the suite must catch a wrong client and a wrong server. Each test runs
 * named cases against a mutant (a client whose reported mapping is bent through the
 * runner's hooks, or an emulator with a deliberate quirk) and requires those cases to fail.
 */
import { describe, expect, it } from "vitest";
import type { EventLike, ResultLike, StatusLike } from "./observe.js";
import type { ConformanceOptions } from "./run-conformance.js";
import { runConformance } from "./run-conformance.js";

/** A plain copy of a status member with some flags changed. */
function bend(s: StatusLike, change: Partial<StatusLike>): StatusLike {
  return {
    name: s.name,
    value: s.value,
    isRunning: s.isRunning,
    isSucceeded: s.isSucceeded,
    isFailed: s.isFailed,
    isFinished: s.isFinished,
    statusName: s.statusName,
    ...change,
  };
}

/** A result that reads through to `r` but reports `status` instead of its own. */
function withStatus(r: ResultLike, status: StatusLike): ResultLike {
  return {
    status,
    ...(r.rawStatus !== undefined ? { rawStatus: r.rawStatus } : {}),
    error: r.error,
    toolCalls: r.toolCalls,
    usage: r.usage,
    get message() {
      return r.message;
    },
    get text() {
      return r.text;
    },
    get parts() {
      return r.parts;
    },
    get citations() {
      return r.citations;
    },
  };
}

function eventWith(e: EventLike, change: Partial<EventLike>): EventLike {
  return {
    status: e.status,
    ...(e.rawStatus !== undefined ? { rawStatus: e.rawStatus } : {}),
    error: e.error,
    toolCalls: e.toolCalls,
    text: e.text,
    parts: e.parts,
    cursor: e.cursor,
    delta: e.delta,
    ...change,
  };
}

async function failedCases(options: ConformanceOptions): Promise<string[]> {
  const report = await runConformance(options);
  return report.cases.filter((c) => c.outcome === "failed").map((c) => c.id);
}

describe("a client with a wrong mapping", () => {
  it("TOOL_CALLS not succeeded: the TOOL_CALLS cases fail", async () => {
    const notSucceeded = (s: StatusLike) =>
      s.name === "TOOL_CALLS"
        ? bend(s, { isSucceeded: false, isFinished: false, statusName: "running" })
        : s;
    const failed = await failedCases({
      suites: ["enum-mapping", "stream-events", "run-results", "recorded", "submit"],
      hooks: {
        result: (r) => withStatus(r, notSucceeded(r.status)),
        event: (e) => eventWith(e, { status: notSucceeded(e.status) }),
        status: notSucceeded,
      },
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        "enum-mapping/run-status-5-tool-calls",
        "enum-mapping/event-type-4-tool-calls",
        "stream-events/tool-calls-event",
        "run-results/tool-call-arguments",
        "recorded/sync-function-call",
        "submit/happy-path",
      ]),
    );
    expect(failed).not.toContain("enum-mapping/run-status-4-completed");
  }, 60_000);

  it("unknown values throwing: the unknown-value cases fail", async () => {
    const strict = (s: StatusLike) => {
      if (s.name === "UNKNOWN") throw new TypeError("unknown enum value");
      return s;
    };
    const failed = await failedCases({
      suites: ["enum-mapping"],
      hooks: {
        result: (r) => withStatus(r, strict(r.status)),
        event: (e) => eventWith(e, { status: strict(e.status) }),
        status: strict,
      },
    });
    expect(failed.sort()).toEqual(
      [
        "enum-mapping/event-type-unknown-5",
        "enum-mapping/event-type-unknown-6",
        "enum-mapping/event-type-unknown-99",
        "enum-mapping/event-type-unknown-int32-max",
        "enum-mapping/event-type-unknown-minus-1",
        "enum-mapping/run-status-unknown-6",
        "enum-mapping/run-status-unknown-99",
        "enum-mapping/run-status-unknown-int32-max",
        "enum-mapping/run-status-unknown-minus-1",
      ].sort(),
    );
  }, 60_000);

  it("UNKNOWN without the raw number: the unknown-value cases fail", async () => {
    const failed = await failedCases({
      suites: ["enum-mapping"],
      casePattern: "run-status-unknown-*",
      hooks: {
        result: (r) => {
          const { rawStatus: _dropped, ...rest } = withStatus(r, r.status);
          return rest as ResultLike;
        },
      },
    });
    expect(failed).toContain("enum-mapping/run-status-unknown-99");
  }, 60_000);

  it("partials read as deltas (full text as delta): the cumulative-partial cases fail", async () => {
    const failed = await failedCases({
      suites: ["stream-events", "recorded", "listen-cursors"],
      hooks: { event: (e) => eventWith(e, { delta: e.text }) },
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        "stream-events/cumulative-partials-deltas",
        "recorded/run-stream",
        "listen-cursors/events-start-idx-replay",
        "listen-cursors/resume-replay-cut",
      ]),
    );
  }, 60_000);
});

describe("a server with a wrong Submit", () => {
  it("accepting Submit in any state: the wrong-state cases fail", async () => {
    const failed = await failedCases({
      suites: ["submit"],
      emulatorOverrides: { quirks: { submitInAnyState: true } },
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        "submit/wrong-state-pending",
        "submit/wrong-state-in-progress",
        "submit/wrong-state-completed",
        "submit/wrong-state-failed",
        "submit/double-submit",
      ]),
    );
    expect(failed).not.toContain("submit/happy-path");
  }, 60_000);

  it("in server mode too", async () => {
    const failed = await failedCases({
      mode: "server",
      suites: ["submit"],
      emulatorOverrides: { quirks: { submitInAnyState: true } },
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        "submit/wrong-state-completed",
        "submit/wrong-state-failed",
        "submit/double-submit",
      ]),
    );
  }, 60_000);
});

describe("a server that restarts streams from 0", () => {
  it("ignoring events_start_idx: the cursor and resume cases fail", async () => {
    const failed = await failedCases({
      suites: ["listen-cursors"],
      emulatorOverrides: { quirks: { ignoreEventsStartIdx: true } },
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        "listen-cursors/events-start-idx-replay",
        "listen-cursors/events-start-idx-portable",
        "listen-cursors/resume-after-cut-stream",
        "listen-cursors/resume-while-live",
        "listen-cursors/listen-after-submit-continues-log",
      ]),
    );
    expect(failed).not.toContain("listen-cursors/non-streamed-run-final-event-only");
  }, 60_000);

  it("in server mode too", async () => {
    const failed = await failedCases({
      mode: "server",
      suites: ["listen-cursors"],
      emulatorOverrides: { quirks: { ignoreEventsStartIdx: true } },
    });
    expect(failed).toContain("listen-cursors/events-start-idx-portable");
  }, 60_000);

  it("the raw server-runs cases catch it (issue 11, servers too)", async () => {
    const failed = await failedCases({
      mode: "server",
      suites: ["server-runs"],
      casePattern: "log-*",
      emulatorOverrides: { quirks: { ignoreEventsStartIdx: true } },
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        "server-runs/log-from-one-streamed",
        "server-runs/log-continues-after-submit",
      ]),
    );
    expect(failed).not.toContain("server-runs/log-from-zero-streamed");
  }, 60_000);
});

// spec/runs.md, "RunResult" (usage): plain numbers, but "a value above 2^53 − 1 is surfaced,
// not rounded" (issue 12).
describe("a client that rounds int64 values or throws on small ones", () => {
  type Raw = {
    run?: {
      usage?: { promptTokens: bigint; completionTokens: bigint; totalTokens: bigint };
      state?: { StateData: { case: string | undefined; value?: unknown } };
    };
  };
  const rounded = (r: ResultLike): ResultLike => {
    const raw = (r as Raw).run;
    const data = raw?.state?.StateData;
    const wireError =
      data?.case === "error" ? (data.value as { message: string; code: bigint }) : undefined;
    return Object.defineProperties(withStatus(r, r.status), {
      usage: {
        value: raw?.usage && {
          inputTextTokens: Number(raw.usage.promptTokens),
          completionTokens: Number(raw.usage.completionTokens),
          totalTokens: Number(raw.usage.totalTokens),
        },
      },
      error: { value: wireError && { message: wireError.message, code: Number(wireError.code) } },
    });
  };

  it("rounding (Number(bigint)): the int64 precision cases fail, the others pass", async () => {
    const failed = await failedCases({ suites: ["run-results"], hooks: { result: rounded } });
    expect(failed).toEqual(
      expect.arrayContaining([
        "run-results/usage-int64-precision",
        "run-results/error-code-int64-precision",
      ]),
    );
    expect(failed).not.toContain("run-results/failed-keeps-error-code");
    expect(failed).not.toContain("run-results/script-text-and-usage");
  }, 60_000);

  it("throwing on every count, even small ones: the usage cases fail", async () => {
    const throwing = (r: ResultLike): ResultLike => {
      const boom = () => {
        throw new RangeError("totalTokens inputTextTokens completionTokens unavailable");
      };
      const usage = r.usage && {
        get inputTextTokens(): number {
          return boom();
        },
        get completionTokens(): number {
          return boom();
        },
        get totalTokens(): number {
          return boom();
        },
      };
      return Object.defineProperty(withStatus(r, r.status), "usage", { value: usage });
    };
    const failed = await failedCases({ suites: ["run-results"], hooks: { result: throwing } });
    expect(failed).toContain("run-results/usage-int64-precision");
    expect(failed).toContain("run-results/script-text-and-usage");
  }, 60_000);
});

describe("a server whose model answers something else", () => {
  it("the script-derived expectations catch it", async () => {
    const failed = await failedCases({
      suites: ["run-results", "stream-events"],
      emulatorOverrides: {
        model: { turns: [{ text: "Other answer", partials: ["Other", "Other answer"] }] },
      },
    });
    expect(failed).toEqual(
      expect.arrayContaining([
        "run-results/script-text-and-usage",
        "run-results/script-error",
        "stream-events/streamed-run-partials",
        "stream-events/streamed-error",
      ]),
    );
  }, 60_000);
});

describe("a client that loses citations", () => {
  it("reporting none: the cited cases fail, the uncited ones pass", async () => {
    // Lazily, like the real result: a PENDING result's message must not be read.
    const noCitations = (r: ResultLike): ResultLike =>
      Object.defineProperty(withStatus(r, r.status), "citations", { get: () => [] });
    const failed = await failedCases({ suites: ["citations"], hooks: { result: noCitations } });
    expect(failed).toEqual(
      expect.arrayContaining([
        "citations/secret-number",
        "citations/max-num-results",
        "citations/recorded-call-strategy",
      ]),
    );
    expect(failed).not.toContain("citations/auto-call-not-met");
    expect(failed).not.toContain("citations/nothing-found");
  }, 60_000);
});
