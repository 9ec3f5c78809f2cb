import { create } from "@bufbuild/protobuf";
import { CreateAssistantRequestSchema, ListenRunRequestSchema } from "@yc-assistants/types";
import { describe, expect, it } from "vitest";
import { compareRequests, diffJson, jsonContains } from "./request-compare.js";

describe("request comparison", () => {
  it("treats empty sub-messages and documented defaults as unset", () => {
    const recorded = create(CreateAssistantRequestSchema, {
      folderId: "f",
      modelUri: "gpt://f/yandexgpt/latest",
      promptTruncationOptions: {},
    });
    const sent = create(CreateAssistantRequestSchema, {
      folderId: "f",
      modelUri: "gpt://f/yandexgpt/latest",
    });
    expect(compareRequests(CreateAssistantRequestSchema, recorded, sent)).toEqual([]);
    const python = create(ListenRunRequestSchema, { runId: "r", eventsStartIdx: 0n });
    const ours = create(ListenRunRequestSchema, { runId: "r" });
    expect(compareRequests(ListenRunRequestSchema, python, ours)).toEqual([]);
    const other = create(ListenRunRequestSchema, { runId: "r", eventsStartIdx: 2n });
    expect(compareRequests(ListenRunRequestSchema, python, other)).toEqual([
      'eventsStartIdx: expected nothing, got "2"',
    ]);
  });

  it("names differing fields and honours ignored ones", () => {
    const a = create(CreateAssistantRequestSchema, {
      folderId: "f",
      name: "a",
      labels: { k: "1" },
    });
    const b = create(CreateAssistantRequestSchema, {
      folderId: "g",
      name: "a",
      labels: { k: "2" },
    });
    expect(compareRequests(CreateAssistantRequestSchema, a, b)).toEqual([
      'folderId: expected "f", got "g"',
      'labels.k: expected "1", got "2"',
    ]);
    expect(
      compareRequests(CreateAssistantRequestSchema, a, b, [
        "CreateAssistantRequest.folderId",
        "CreateAssistantRequest.labels",
      ]),
    ).toEqual([]);
  });

  it("diffs lists by length and item", () => {
    expect(diffJson([1, 2], [1])).toEqual(["(message): expected 2 item(s), got 1"]);
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toEqual([
      "a[1].b: expected 2, got 3",
    ]);
  });

  it("matches subsets, int64 written as numbers included", () => {
    expect(jsonContains({ eventsStartIdx: 2 }, { runId: "r", eventsStartIdx: "2" })).toBe(true);
    expect(jsonContains({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(jsonContains({ a: { b: 1 } }, { a: { b: 1, c: 2 } })).toBe(true);
  });
});
