import { create, type DescMethod } from "@bufbuild/protobuf";
import { FileService, ListFilesRequestSchema, ListFilesResponseSchema } from "@yc-assistants/types";
import { describe, expect, it } from "vitest";
import { checkList, checkPages, pageIds } from "./list-checks.js";
import type { WireCall } from "./wire-log.js";

const method = FileService.method.list as DescMethod;

/** A FileService.List call that asked with `pageToken` and got `ids` and `next`. */
function call(seq: number, pageToken: string, ids: string[], next: string): WireCall {
  return {
    seq,
    method,
    rpc: "FileService.List",
    headers: {},
    requests: [create(ListFilesRequestSchema, { folderId: "f", pageToken })],
    responses: [
      create(ListFilesResponseSchema, { files: ids.map((id) => ({ id })), nextPageToken: next }),
    ],
    error: undefined,
    done: true,
    streamState: "complete",
  } as WireCall;
}

describe("checkPages", () => {
  it("accepts the real service's paging: a token on every page, then an empty page", () => {
    const calls = [
      call(0, "", ["a", "b"], "t1"),
      call(1, "t1", ["c"], "t2"),
      call(2, "t2", [], ""),
    ];
    expect(checkPages(calls, 2)).toEqual([]);
    expect(checkPages(calls, "any")).toEqual([]);
    expect(pageIds(calls)).toEqual(["a", "b", "c"]);
  });

  it("names a last page without a token (the old emulator's paging)", () => {
    const calls = [call(0, "", ["a", "b"], "t1"), call(1, "t1", ["c"], "")];
    expect(checkPages(calls, 2)).toEqual([
      "paging: expected 2 page(s) and one empty page, so 3 FileService.List call(s), got 2",
      "paging: the last call got 1 item(s), expected an empty page",
    ]);
    expect(checkPages(calls, "any")).toEqual([
      "paging: the last call got 1 item(s), expected an empty page",
    ]);
  });

  it("names a request that did not carry the previous token, and a page without one", () => {
    const calls = [call(0, "", ["a"], ""), call(1, "x", ["b"], "t2"), call(2, "t2", [], "")];
    expect(checkPages(calls, 2)).toEqual([
      "paging: page 1 (1 item(s)) has no next_page_token",
      "paging: call #2 did not carry the token of page 1",
    ]);
  });
});

describe("checkList", () => {
  it("wants every item of every page once, in order", () => {
    expect(checkList(undefined, ["a", "b"], ["a", "b"], undefined)).toEqual([]);
    expect(checkList({ count: 3 }, ["a", "a"], ["a", "b"], undefined)).toEqual([
      "expected 3 item(s), got 2",
      'items: expected ["a","b"] (every item of every page, once), got ["a","a"]',
    ]);
  });
});
