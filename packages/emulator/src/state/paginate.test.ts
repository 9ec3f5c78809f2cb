import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { expectCode } from "../../test/support/clients.js";
import { DEFAULT_PAGE_SIZE, decodePageToken, encodePageToken, paginate } from "./paginate.js";

const items = Array.from({ length: 25 }, (_, i) => ({ seq: i + 1, name: `item${i + 1}` }));

function pageAll(pageSize: bigint, source = items) {
  const pages: string[][] = [];
  let token = "";
  do {
    const page = paginate(source, "things:f", pageSize, token);
    pages.push(page.items.map((i) => i.name));
    token = page.nextPageToken;
  } while (token !== "");
  return pages;
}

describe("paginate", () => {
  it("lists newest first in pages and ends with an empty token", () => {
    const pages = pageAll(10n);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(items.map((i) => i.name).reverse());
  });

  it("gives no token when the last page is exactly full", () => {
    expect(pageAll(5n).map((p) => p.length)).toEqual([5, 5, 5, 5, 5]);
    expect(paginate(items, "things:f", 25n, "").nextPageToken).toBe("");
  });

  it("uses the default page size for 0 and handles an empty list", () => {
    const many = Array.from({ length: DEFAULT_PAGE_SIZE + 1 }, (_, i) => ({ seq: i + 1 }));
    const first = paginate(many, "s", 0n, "");
    expect(first.items).toHaveLength(DEFAULT_PAGE_SIZE);
    expect(first.nextPageToken).not.toBe("");
    expect(paginate([], "s", 0n, "")).toEqual({ items: [], nextPageToken: "" });
  });

  it("keeps later pages stable when items are added or removed meanwhile", () => {
    const source = [...items];
    const first = paginate(source, "things:f", 10n, "");
    source.push({ seq: 100, name: "new" });
    source.splice(0, 1);
    const second = paginate(source, "things:f", 10n, first.nextPageToken);
    expect(second.items.map((i) => i.name)).toEqual(
      items
        .slice(5, 15)
        .map((i) => i.name)
        .reverse(),
    );
  });

  it("rejects bad tokens, tokens of another list, and negative sizes with INVALID_ARGUMENT", async () => {
    const token = encodePageToken("things:f", 5);
    expect(decodePageToken("things:f", token)).toBe(5);
    for (const bad of [
      "garbage!",
      "bm9wZQ",
      encodePageToken("things:g", 5),
      "djEKdGhpbmdzOmYKeA",
    ]) {
      await expectCode(
        Promise.resolve().then(() => paginate(items, "things:f", 10n, bad)),
        Code.InvalidArgument,
        /page_token/,
      );
    }
    await expectCode(
      Promise.resolve().then(() => paginate(items, "things:f", -1n, "")),
      Code.InvalidArgument,
      /page_size/,
    );
  });
});
