import { create } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { type Operation, OperationSchema } from "@yc-assistants/types/operation";
import { SearchIndexSchema } from "@yc-assistants/types/searchindex";
import { describe, expect, it } from "vitest";
import {
  codeOf,
  operationError,
  pollDelays,
  pollOperation,
  resolveWaitOptions,
} from "./operation-poller.js";

const pending = (id = "op-1"): Operation => create(OperationSchema, { id });
const done = (id = "op-1"): Operation =>
  create(OperationSchema, {
    id,
    done: true,
    result: {
      case: "response",
      value: anyPack(SearchIndexSchema, create(SearchIndexSchema, { id: "idx" })),
    },
  });

describe("pollDelays", () => {
  it("starts at the initial pause, grows ×multiplier, stays at the cap", () => {
    const next = pollDelays({ initialMs: 200, multiplier: 1.5, maxMs: 2000 });
    const delays = Array.from({ length: 9 }, next);
    expect(delays).toEqual([200, 300, 450, 675, 1012.5, 1518.75, 2000, 2000, 2000]);
  });

  it("defaults to 200 ms ×1.5 up to 2 s, and a 10-minute wait", () => {
    expect(resolveWaitOptions(undefined)).toMatchObject({
      initialMs: 200,
      multiplier: 1.5,
      maxMs: 2000,
      timeoutMs: 600_000,
    });
    expect(() => resolveWaitOptions({ pollMultiplier: 0.9 })).toThrow(/pollMultiplier/);
    expect(() => resolveWaitOptions({ signal: "x" } as never)).toThrow(/signal/);
  });
});

describe("pollOperation", () => {
  it("a done operation is returned without a call", async () => {
    const op = done();
    expect(
      await pollOperation(op, async () => Promise.reject(new Error("no call")), {}, 1000),
    ).toBe(op);
  });

  it("polls until done with the growing pauses; each poll gets the per-call timeout", async () => {
    const answers = [pending(), pending(), done()];
    const calls: (number | undefined)[] = [];
    const result = await pollOperation(
      pending(),
      async (id, call) => {
        expect(id).toBe("op-1");
        calls.push(call.timeoutMs);
        return answers.shift() as Operation;
      },
      { pollIntervalMs: 1 },
      5000,
    );
    expect(result.done).toBe(true);
    expect(calls).toHaveLength(3);
    for (const t of calls) expect(t).toBeLessThanOrEqual(5000);
  });

  it("the wait's deadline wins over the poll error it caused", async () => {
    const error = await pollOperation(
      pending(),
      (_id, call) =>
        new Promise((_resolve, reject) =>
          call.signal.addEventListener("abort", () => reject(new Error("aborted poll"))),
        ),
      { timeoutMs: 30, pollIntervalMs: 0 },
      5000,
    ).catch((e: unknown) => e);
    expect((error as { code?: Code }).code).toBe(Code.DeadlineExceeded);
  });
});

describe("operationError", () => {
  it("keeps the google.rpc.Status code, message and details", () => {
    const failed = create(OperationSchema, {
      id: "op-9",
      done: true,
      result: {
        case: "error",
        value: {
          code: 5,
          message: "file fvt123 not found",
          details: [anyPack(SearchIndexSchema, create(SearchIndexSchema, { id: "x" }))],
        },
      },
    });
    const error = operationError(failed);
    expect(error?.code).toBe(Code.NotFound);
    expect(error?.rawMessage).toBe("file fvt123 not found");
    expect(error?.details).toEqual([
      {
        type: "yandex.cloud.ai.assistants.v1.searchindex.SearchIndex",
        value: expect.any(Uint8Array),
      },
    ]);
    expect(error?.findDetails(SearchIndexSchema)[0]?.id).toBe("x");
    expect(operationError(done())).toBeUndefined();
  });

  it("a status without a message or with an unknown code still makes an error", () => {
    const failed = create(OperationSchema, {
      id: "op-7",
      done: true,
      result: { case: "error", value: { code: 99 } },
    });
    expect(operationError(failed)?.code).toBe(Code.Unknown);
    expect(operationError(failed)?.rawMessage).toBe("operation op-7 failed");
    expect(codeOf(0)).toBe(Code.Unknown);
    expect(codeOf(14)).toBe(Code.Unavailable);
  });
});
