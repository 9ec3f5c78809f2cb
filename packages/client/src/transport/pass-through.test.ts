import { describe, expect, it } from "vitest";
import { passThrough } from "./pass-through.js";

async function* source(fail: boolean, log: string[]) {
  try {
    yield 1;
    yield 2;
    if (fail) throw new Error("inner");
  } finally {
    log.push("source closed");
  }
}

describe("passThrough (issue 10: stream wrappers without a generator per item)", () => {
  it("hands on every item and runs onDone once at the end", async () => {
    const log: string[] = [];
    const got: number[] = [];
    for await (const n of passThrough(source(false, log), { onDone: () => log.push("done") })) {
      got.push(n);
    }
    expect(got).toEqual([1, 2]);
    expect(log).toEqual(["source closed", "done"]);
  });

  it("maps the source's error, and not onDone", async () => {
    const log: string[] = [];
    const wrapped = passThrough(source(true, log), {
      mapError: (e) => new Error(`mapped ${(e as Error).message}`),
      onDone: () => log.push("done"),
    });
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const n of wrapped) got.push(n);
      })(),
    ).rejects.toThrow("mapped inner");
    expect(got).toEqual([1, 2]);
    expect(log).toEqual(["source closed"]);
  });

  it("forwards a break (return) and throw() to the source", async () => {
    const log: string[] = [];
    for await (const _ of passThrough(source(false, log), {})) break;
    expect(log).toEqual(["source closed"]);
    const log2: string[] = [];
    const it = passThrough(source(false, log2), {})[Symbol.asyncIterator]();
    await it.next();
    await expect(it.throw?.(new Error("from caller"))).rejects.toThrow("from caller");
    expect(log2).toEqual(["source closed"]);
  });
});
