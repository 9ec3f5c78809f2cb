import { describe, expect, test } from "vitest";
import { UpdateAssistantRequestSchema } from "./assistants.js";
import {
  GenSearchOptions_SearchFilterSchema,
  GenSearchOptions_SiteOptionSchema,
  GenSearchOptionsSchema,
} from "./common.js";
import { fieldLimits, requiredFields } from "./field-rules.js";
import { CreateFileRequestSchema } from "./files.js";
import { RunSchema, SubmitToRunRequestSchema } from "./runs.js";
import {
  BatchCreateSearchIndexFileRequestSchema,
  UpdateSearchIndexRequestSchema,
} from "./searchindex.js";
import { CreateMessageRequestSchema, GetMessageRequestSchema } from "./threads.js";

describe("requiredFields", () => {
  test("lists the REQUIRED fields in field-number order", () => {
    expect(requiredFields(GetMessageRequestSchema).map((f) => f.name)).toEqual([
      "thread_id",
      "message_id",
    ]);
    expect(requiredFields(UpdateAssistantRequestSchema).map((f) => f.name)).toEqual([
      "assistant_id",
      "update_mask",
    ]);
    expect(requiredFields(CreateMessageRequestSchema).map((f) => f.number)).toEqual([1, 4]);
    expect(requiredFields(SubmitToRunRequestSchema).map((f) => f.localName)).toEqual(["runId"]);
  });

  test("covers the files and search index requests of the full sheet (issue 9)", () => {
    expect(requiredFields(CreateFileRequestSchema).map((f) => f.name)).toEqual([
      "folder_id",
      "content",
    ]);
    expect(requiredFields(UpdateSearchIndexRequestSchema).map((f) => f.name)).toEqual([
      "search_index_id",
      "update_mask",
    ]);
    // file_ids is `at least 1 item`, not REQUIRED.
    expect(requiredFields(BatchCreateSearchIndexFileRequestSchema).map((f) => f.name)).toEqual([
      "search_index_id",
    ]);
  });

  test("is empty for a resource message", () => {
    expect(requiredFields(RunSchema)).toEqual([]);
  });
});

describe("fieldLimits", () => {
  test("reads the size limits of the schema sheet", () => {
    expect(fieldLimits(GenSearchOptionsSchema.field["searchFilters"]!)).toEqual({ maxItems: 10 });
    expect(fieldLimits(GenSearchOptions_SearchFilterSchema.field["date"]!)).toEqual({
      maxLength: 25,
    });
    expect(fieldLimits(GenSearchOptions_SearchFilterSchema.field["lang"]!)).toEqual({
      exactLength: 2,
    });
  });

  test("reads the limits the full sheet adds (issue 9)", () => {
    // `at least 1 item`.
    expect(fieldLimits(BatchCreateSearchIndexFileRequestSchema.field["fileIds"]!)).toEqual({
      minItems: 1,
    });
    // `at most 100 items, each length <= 1024`: maxLength limits every item.
    expect(fieldLimits(GenSearchOptions_SiteOptionSchema.field["site"]!)).toEqual({
      maxItems: 100,
      maxLength: 1024,
    });
  });

  test("is empty for a field without limits", () => {
    expect(fieldLimits(RunSchema.field["id"]!)).toEqual({});
  });
});
