import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { CreateAssistantRequestSchema } from "@yc-assistants/types/assistants";
import { GenSearchToolSchema } from "@yc-assistants/types/common";
import { SubmitToRunRequestSchema } from "@yc-assistants/types/runs";
import { BatchCreateSearchIndexFileRequestSchema } from "@yc-assistants/types/searchindex";
import { CreateMessageRequestSchema } from "@yc-assistants/types/threads";
import { describe, expect, it } from "vitest";
import { expectCode } from "../test/support/clients.js";
import { validateRequest } from "./validation.js";

function check(run: () => void) {
  return Promise.resolve().then(run);
}

describe("validateRequest", () => {
  it("names a missing top-level field by its proto name", async () => {
    await expectCode(
      check(() => validateRequest(SubmitToRunRequestSchema, create(SubmitToRunRequestSchema))),
      Code.InvalidArgument,
      /^run_id is required$/,
    );
    await expectCode(
      check(() =>
        validateRequest(
          CreateMessageRequestSchema,
          create(CreateMessageRequestSchema, { threadId: "t" }),
        ),
      ),
      Code.InvalidArgument,
      /^content is required$/,
    );
  });

  it("checks the first missing field first (field order)", async () => {
    await expectCode(
      check(() =>
        validateRequest(CreateAssistantRequestSchema, create(CreateAssistantRequestSchema)),
      ),
      Code.InvalidArgument,
      /^folder_id is required$/,
    );
    await expectCode(
      check(() =>
        validateRequest(
          CreateAssistantRequestSchema,
          create(CreateAssistantRequestSchema, { folderId: "f" }),
        ),
      ),
      Code.InvalidArgument,
      /^model_uri is required$/,
    );
  });

  it("walks into set sub-messages and lists", async () => {
    const request = create(CreateAssistantRequestSchema, {
      folderId: "f",
      modelUri: "gpt://f/yandexgpt/latest",
      tools: [
        { ToolType: { case: "function", value: { name: "ok" } } },
        { ToolType: { case: "genSearch", value: { description: "" } } },
      ],
    });
    await expectCode(
      check(() => validateRequest(CreateAssistantRequestSchema, request)),
      Code.InvalidArgument,
      /^tools\[1\]\.gen_search\.description is required$/,
    );
  });

  it("checks size limits: max items, max length, exact length", async () => {
    const tool = (options: object) =>
      create(GenSearchToolSchema, { description: "d", options: options as never });
    const filters = (n: number) =>
      Array.from({ length: n }, () => ({ filterOptions: { case: "lang" as const, value: "ru" } }));
    expect(() =>
      validateRequest(GenSearchToolSchema, tool({ searchFilters: filters(10) })),
    ).not.toThrow();
    await expectCode(
      check(() => validateRequest(GenSearchToolSchema, tool({ searchFilters: filters(11) }))),
      Code.InvalidArgument,
      /options\.search_filters has 11 items, at most 10/,
    );
    await expectCode(
      check(() =>
        validateRequest(
          GenSearchToolSchema,
          tool({ searchFilters: [{ filterOptions: { case: "lang", value: "rus" } }] }),
        ),
      ),
      Code.InvalidArgument,
      /search_filters\[0\]\.lang must be exactly 2 characters/,
    );
    await expectCode(
      check(() =>
        validateRequest(
          GenSearchToolSchema,
          tool({ searchFilters: [{ filterOptions: { case: "date", value: "x".repeat(26) } }] }),
        ),
      ),
      Code.InvalidArgument,
      /date must be at most 25 characters/,
    );
  });

  it("checks `at least N items` on empty lists and each item's length of repeated strings (issue 9)", async () => {
    await expectCode(
      check(() =>
        validateRequest(
          BatchCreateSearchIndexFileRequestSchema,
          create(BatchCreateSearchIndexFileRequestSchema, { searchIndexId: "i" }),
        ),
      ),
      Code.InvalidArgument,
      /^file_ids has 0 items, at least 1 is required$/,
    );
    expect(() =>
      validateRequest(
        BatchCreateSearchIndexFileRequestSchema,
        create(BatchCreateSearchIndexFileRequestSchema, { searchIndexId: "i", fileIds: ["f"] }),
      ),
    ).not.toThrow();
    const sites = (site: string[]) =>
      create(GenSearchToolSchema, {
        description: "d",
        options: { siteOptions: { case: "site", value: { site } } },
      });
    expect(() => validateRequest(GenSearchToolSchema, sites(["x".repeat(1024)]))).not.toThrow();
    await expectCode(
      check(() => validateRequest(GenSearchToolSchema, sites(["ok", "x".repeat(1025)]))),
      Code.InvalidArgument,
      /^options\.site\.site\[1\] must be at most 1024 characters long$/,
    );
    await expectCode(
      check(() =>
        validateRequest(GenSearchToolSchema, sites(Array.from({ length: 101 }, () => "a"))),
      ),
      Code.InvalidArgument,
      /site has 101 items, at most 100/,
    );
  });

  it("accepts a complete request", () => {
    expect(() =>
      validateRequest(SubmitToRunRequestSchema, create(SubmitToRunRequestSchema, { runId: "r" })),
    ).not.toThrow();
  });
});
