import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { asyncList } from "./async-list.js";
import { paginate } from "./paging.js";

/** A paged source of `total` numbers, `size` per page, counting the pages it serves. */
function pages(total: number, size: number) {
  const fetched: string[] = [];
  const list = paginate(async (pageToken) => {
    fetched.push(pageToken);
    const start = pageToken === "" ? 0 : Number(pageToken);
    const items = Array.from(
      { length: Math.max(0, Math.min(size, total - start)) },
      (_, i) => start + i,
    );
    // As the service does: a token on the last page too, then an empty page (see paging.ts).
    return { items, nextPageToken: items.length === 0 ? "" : String(start + items.length) };
  });
  return { list, fetched };
}

describe("AsyncList.toArray (issue 12: Node 20 has no Array.fromAsync)", () => {
  it("collects every item of every page, in order", async () => {
    const { list, fetched } = pages(5, 2);
    expect(await list.toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(fetched).toEqual(["", "2", "4", "5"]);
  });

  it("lists again from the start on each call", async () => {
    const { list, fetched } = pages(3, 2);
    expect(await list.toArray()).toEqual([0, 1, 2]);
    expect(await list.toArray()).toEqual([0, 1, 2]);
    expect(fetched.filter((t) => t === "")).toHaveLength(2);
  });

  it("limit stops early and fetches no page past the last item it needs", async () => {
    const { list, fetched } = pages(100, 3);
    expect(await list.toArray({ limit: 4 })).toEqual([0, 1, 2, 3]);
    expect(fetched).toEqual(["", "3"]);
    expect(await pages(2, 3).list.toArray({ limit: 10 })).toEqual([0, 1]);
  });

  it("an empty list is an empty array", async () => {
    expect(await pages(0, 3).list.toArray()).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN, "2"])("refuses limit %j with InvalidArgument", async (limit) => {
    const { list, fetched } = pages(3, 2);
    await expect(list.toArray({ limit: limit as number })).rejects.toMatchObject({
      code: Code.InvalidArgument,
      rawMessage: "toArray limit must be a positive integer",
    });
    expect(fetched).toEqual([]);
  });

  it("passes a listing error through and closes the source when stopping early", async () => {
    let closed = false;
    async function* source() {
      try {
        yield 1;
        yield 2;
        throw new Error("never reached");
      } finally {
        closed = true;
      }
    }
    expect(await asyncList(source()).toArray({ limit: 1 })).toEqual([1]);
    expect(closed).toBe(true);
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error("boom");
    }
    await expect(asyncList(failing()).toArray()).rejects.toThrow("boom");
  });

  it("is still a plain async iterable", async () => {
    const seen: number[] = [];
    for await (const n of pages(3, 2).list) seen.push(n);
    expect(seen).toEqual([0, 1, 2]);
  });
});
