import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { AssistantSchema, UpdateAssistantRequestSchema } from "@yc-assistants/types/assistants";
import { describe, expect, it } from "vitest";
import { expectCode } from "../test/support/clients.js";
import { applyFieldMask } from "./field-mask.js";

const current = create(AssistantSchema, {
  id: "a1",
  name: "old",
  description: "desc",
  labels: { keep: "me" },
  completionOptions: { temperature: 0.5, maxTokens: 50n },
  promptTruncationOptions: {
    maxPromptTokens: 50n,
    TruncationStrategy: { case: "autoStrategy", value: {} },
  },
});

function update(paths: string[], fields: object = {}) {
  const request = create(UpdateAssistantRequestSchema, { assistantId: "a1", ...fields });
  return applyFieldMask(UpdateAssistantRequestSchema, request, AssistantSchema, current, paths, [
    "assistant_id",
    "update_mask",
  ]);
}

describe("applyFieldMask", () => {
  it("copies only the masked fields and leaves the input untouched", () => {
    const updated = update(["name"], { name: "new", description: "ignored" });
    expect(updated.name).toBe("new");
    expect(updated.description).toBe("desc");
    expect(current.name).toBe("old");
  });

  it("clears a masked field that the request leaves unset", () => {
    const updated = update(["description", "labels", "completion_options"]);
    expect(updated.description).toBe("");
    expect(updated.labels).toEqual({});
    expect(updated.completionOptions).toBeUndefined();
  });

  it("updates sub-fields by dotted path (recorded: completionOptions.temperature)", () => {
    const updated = update(["completion_options.temperature"], {
      completionOptions: { temperature: 1 },
    });
    expect(updated.completionOptions?.temperature).toBe(1);
    expect(updated.completionOptions?.maxTokens).toBe(50n);
    const cleared = update(["completion_options.max_tokens"]);
    expect(cleared.completionOptions?.maxTokens).toBeUndefined();
    expect(cleared.completionOptions?.temperature).toBe(0.5);
  });

  it("switches a oneof by path (recorded: promptTruncationOptions.lastMessagesStrategy)", () => {
    const updated = update(["prompt_truncation_options.last_messages_strategy"], {
      promptTruncationOptions: {
        TruncationStrategy: { case: "lastMessagesStrategy", value: { numMessages: 10n } },
      },
    });
    expect(updated.promptTruncationOptions?.maxPromptTokens).toBe(50n);
    expect(updated.promptTruncationOptions?.TruncationStrategy.case).toBe("lastMessagesStrategy");
    const unset = update(["prompt_truncation_options.auto_strategy"]);
    expect(unset.promptTruncationOptions?.TruncationStrategy.case).toBeUndefined();
  });

  it("accepts JSON spellings and creates missing parents", () => {
    const bare = create(AssistantSchema, { id: "a2" });
    const request = create(UpdateAssistantRequestSchema, {
      assistantId: "a2",
      completionOptions: { maxTokens: 7n },
    });
    const updated = applyFieldMask(
      UpdateAssistantRequestSchema,
      request,
      AssistantSchema,
      bare,
      ["completionOptions.maxTokens"],
      [],
    );
    expect(updated.completionOptions?.maxTokens).toBe(7n);
  });

  it.each([
    [["nope"]],
    [["assistant_id"]],
    [["update_mask"]],
    [["name.first"]],
    [["completion_options.nope"]],
    [["completion_options.temperature.value"]],
    [["name", "bogus"]],
  ])("rejects %j with INVALID_ARGUMENT", async (paths) => {
    await expectCode(
      Promise.resolve().then(() => update(paths, { name: "x" })),
      Code.InvalidArgument,
      /update_mask path ".*" is not updatable/,
    );
  });

  it("rejects an empty mask", async () => {
    await expectCode(
      Promise.resolve().then(() => update([])),
      Code.InvalidArgument,
      /update_mask is required/,
    );
  });
});
