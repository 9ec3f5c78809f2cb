import { anyPack } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { StatusSchema } from "@yc-assistants/types/operation";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectCode } from "../../test/support/clients.js";
import { invalidArgument } from "../errors.js";
import { EmulatorState } from "./emulator-state.js";
import { OperationStore } from "./operation-store.js";

const result = () =>
  anyPack(StatusSchema, { $typeName: "google.rpc.Status", code: 7, message: "x", details: [] });

afterEach(() => {
  vi.useRealTimers();
});

describe("OperationStore", () => {
  it("is done only after the work ran AND an earlier poll (recorded: Create, Get not done, Get done)", async () => {
    vi.useFakeTimers();
    const ops = new OperationStore(new EmulatorState(), 10);
    const op = ops.start("search index creation", result);
    expect(op.done).toBe(false);
    expect(op.createdAt).toEqual(op.modifiedAt);
    await vi.advanceTimersByTimeAsync(50);
    // The work has run, but the first poll still sees it running.
    expect(ops.get(op.id).done).toBe(false);
    const done = ops.get(op.id);
    expect(done.done).toBe(true);
    expect(done.result.case).toBe("response");
    expect(ops.get(op.id)).toEqual(done);
  });

  it("does not finish before the work ran, however often it is polled", async () => {
    vi.useFakeTimers();
    const ops = new OperationStore(new EmulatorState(), 10);
    const op = ops.start("d", result);
    for (let i = 0; i < 3; i++) expect(ops.get(op.id).done).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(ops.get(op.id).done).toBe(true);
  });

  it("turns a thrown ConnectError into `error` with its code and message", async () => {
    vi.useFakeTimers();
    const ops = new OperationStore(new EmulatorState(), 1);
    const op = ops.start("d", () => {
      throw invalidArgument("bad file");
    });
    await vi.advanceTimersByTimeAsync(5);
    ops.get(op.id);
    const done = ops.get(op.id);
    expect(done.result).toMatchObject({ case: "error", value: { code: 3, message: "bad file" } });
  });

  it("cancels a running operation (CANCELLED, work undone) and refuses to cancel a done one", async () => {
    vi.useFakeTimers();
    const ops = new OperationStore(new EmulatorState(), 10);
    const work = vi.fn(result);
    const undo = vi.fn();
    const op = ops.start("d", work, undo);
    const cancelled = ops.cancel(op.id);
    expect(cancelled.done).toBe(true);
    expect(cancelled.result).toMatchObject({ case: "error", value: { code: Code.Canceled } });
    expect(undo).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(50);
    expect(work).not.toHaveBeenCalled();
    await expectCode(
      Promise.resolve().then(() => ops.cancel(op.id)),
      Code.FailedPrecondition,
      /already done/,
    );
    await expectCode(
      Promise.resolve().then(() => ops.get("nope")),
      Code.NotFound,
      /operation nope not found/,
    );
  });

  it("refuses to cancel once the work ran, before any poll reported it: nothing is undone", async () => {
    vi.useFakeTimers();
    const ops = new OperationStore(new EmulatorState(), 10);
    const undo = vi.fn();
    const op = ops.start("d", result, undo);
    await vi.advanceTimersByTimeAsync(50);
    await expectCode(
      Promise.resolve().then(() => ops.cancel(op.id)),
      Code.FailedPrecondition,
      /already done/,
    );
    expect(undo).not.toHaveBeenCalled();
    expect(ops.get(op.id)).toMatchObject({ done: true, result: { case: "response" } });
  });

  it("leaves no timer behind after stop()", () => {
    vi.useFakeTimers();
    const ops = new OperationStore(new EmulatorState(), 10);
    ops.start("d", result);
    ops.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
