import { describe, expect, test } from "vitest";
import { UpdateAssistantRequestSchema } from "./assistants.js";
import { GenSearchOptions_SearchFilterSchema, GenSearchOptionsSchema } from "./common.js";
import { fieldLimits, requiredFields } from "./field-rules.js";
import { RunSchema, SubmitToRunRequestSchema } from "./runs.js";
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

  test("is empty for a field without limits", () => {
    expect(fieldLimits(RunSchema.field["id"]!)).toEqual({});
  });
});
