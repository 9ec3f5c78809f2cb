import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { expectCode } from "../../test/support/clients.js";
import {
  DEFAULT_PAGE_SIZE,
  decodePageToken,
  encodePageToken,
  type PageKey,
  paginate,
} from "./paginate.js";

const BASE = Date.parse("2025-07-24T14:19:42.000Z");
/** 25 items, one millisecond apart, in creation order. */
const items = Array.from({ length: 25 }, (_, i) => ({
  id: `item${i + 1}`,
  createdAt: timestampFromDate(new Date(BASE + i)),
}));
const key = (item: PageKey) => item;

/** Pages like the Python SDK: until an empty page, sending the previous token. */
function pageAll(pageSize: bigint, source: readonly PageKey[] = items) {
  const pages: string[][] = [];
  let token = "";
  for (let guard = 0; guard < 100; guard++) {
    const page = paginate(source, key, pageSize, token);
    pages.push(page.items.map((i) => i.id));
    if (page.items.length === 0) {
      expect(page.nextPageToken, "an empty page has no token").toBe("");
      return pages;
    }
    expect(page.nextPageToken, "a non-empty page has a token").not.toBe("");
    token = page.nextPageToken;
  }
  throw new Error("the list did not end");
}

describe("paginate (issue 9: as the real service pages)", () => {
  it("lists newest first, a token on every non-empty page, the last one too, then an empty page", () => {
    const pages = pageAll(10n);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5, 0]);
    expect(pages.flat()).toEqual(items.map((i) => i.id).reverse());
    expect(pageAll(5n).map((p) => p.length)).toEqual([5, 5, 5, 5, 5, 0]);
  });

  it("writes tokens like the recorded ones: base64 of <time with microseconds, no zone>@<id>", () => {
    const page = paginate(items, key, 3n, "");
    const decoded = Buffer.from(page.nextPageToken, "base64").toString("utf8");
    expect(decoded).toBe("2025-07-24T14:19:42.022000@item23");
    // A recorded token (test_files/test_file_list.json) decodes to its item's time and id.
    const recorded = "MjAyNS0wNy0xN1QxNzo0ODozMi40MTY2ODRAZnZ0ZjIxNHJnbHQ2cmdnaXE3aHM=";
    expect(decodePageToken(recorded)).toEqual({
      micros: BigInt(Date.parse("2025-07-17T17:48:32.416Z")) * 1000n + 684n,
      id: "fvtf214rglt6rggiq7hs",
    });
    const exact = {
      id: "fvtx",
      createdAt: { ...timestampFromDate(new Date(BASE)), nanos: 7_654_321 },
    };
    expect(Buffer.from(encodePageToken(exact), "base64").toString()).toBe(
      "2025-07-24T14:19:42.007654@fvtx",
    );
  });

  it("orders items of the same instant by reverse creation (input) order", () => {
    const same = ["a", "b", "c"].map((id) => ({ id, createdAt: items[0]?.createdAt }));
    expect(pageAll(2n, same)).toEqual([["c", "b"], ["a"], []]);
  });

  it("uses the default page size for 0 and handles an empty list", () => {
    const many = Array.from({ length: DEFAULT_PAGE_SIZE + 1 }, (_, i) => ({
      id: `m${i}`,
      createdAt: timestampFromDate(new Date(BASE + i)),
    }));
    const first = paginate(many, key, 0n, "");
    expect(first.items).toHaveLength(DEFAULT_PAGE_SIZE);
    expect(paginate(many, key, 0n, first.nextPageToken).items).toHaveLength(1);
    expect(paginate([], key, 0n, "")).toEqual({ items: [], nextPageToken: "" });
  });

  it("names a position, not an offset: items added or deleted meanwhile shift nothing", () => {
    const source = [...items];
    const first = paginate(source, key, 10n, "");
    source.push({ id: "new", createdAt: timestampFromDate(new Date(BASE + 1000)) });
    source.splice(0, 1); // the oldest item goes
    source.splice(
      source.findIndex((i) => i.id === "item14"),
      1,
    ); // one of the next page goes
    const second = paginate(source, key, 10n, first.nextPageToken);
    expect(second.items.map((i) => i.id)).toEqual([
      "item15",
      "item13",
      "item12",
      "item11",
      "item10",
      "item9",
      "item8",
      "item7",
      "item6",
      "item5",
    ]);
  });

  it("continues from the time of a deleted last item without skipping anything", () => {
    const source = [...items];
    const first = paginate(source, key, 10n, "");
    source.splice(
      source.findIndex((i) => i.id === "item16"),
      1,
    ); // the page's last item goes
    const second = paginate(source, key, 10n, first.nextPageToken);
    expect(second.items[0]?.id).toBe("item15");
    expect(second.items).toHaveLength(10);
  });

  it("rejects tokens that do not decode, and negative sizes, with INVALID_ARGUMENT", async () => {
    for (const bad of [
      "garbage!",
      "bm9wZQ==", // "nope": no @
      Buffer.from("yesterday@fvt1").toString("base64"),
      Buffer.from("2025-07-17T17:48:32.416684@").toString("base64"),
      "x",
    ]) {
      await expectCode(
        Promise.resolve().then(() => paginate(items, key, 10n, bad)),
        Code.InvalidArgument,
        /page_token/,
      );
    }
    await expectCode(
      Promise.resolve().then(() => paginate(items, key, -1n, "")),
      Code.InvalidArgument,
      /page_size/,
    );
  });
});
