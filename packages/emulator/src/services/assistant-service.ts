import { clone, create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  AssistantSchema,
  type AssistantService,
  AssistantVersionSchema,
  CreateAssistantRequestSchema,
  DeleteAssistantRequestSchema,
  GetAssistantRequestSchema,
  ListAssistantsRequestSchema,
  ListAssistantVersionsRequestSchema,
  UpdateAssistantRequestSchema,
} from "@yc-assistants/types/assistants";
import {
  CompletionOptionsSchema,
  type PromptTruncationOptions,
  PromptTruncationOptions_AutoStrategySchema,
  PromptTruncationOptionsSchema,
  ResponseFormatSchema,
} from "@yc-assistants/types/common";
import { invalidArgument } from "../errors.js";
import { applyFieldMask } from "../field-mask.js";
import { paginate } from "../state/paginate.js";
import { validateRequest } from "../validation.js";
import { normalizeTool } from "./normalize-tool.js";
import type { ServiceContext } from "./service-context.js";

/**
 * AssistantService: Create, Get, Update (field masks), Delete, List,
 * ListVersions (issue 4). Fields are filled as the recordings show: ids,
 * created/updated by and at, expiration (SINCE_LAST_ACTIVE, 7 days) and
 * `expires_at`, `prompt_truncation_options` with `auto_strategy` when no
 * strategy is given, and an empty `completion_options`.
 */
export function assistantService({ state }: ServiceContext): ServiceImpl<typeof AssistantService> {
  return {
    create(request) {
      validateRequest(CreateAssistantRequestSchema, request);
      // Before the id: a bad expiration config must not use up an id.
      const bookkeeping = state.resourceFields(request.expirationConfig);
      const assistant = create(AssistantSchema, {
        id: state.ids.next(),
        folderId: request.folderId,
        name: request.name,
        description: request.description,
        ...bookkeeping,
        labels: { ...request.labels },
        modelUri: request.modelUri,
        instruction: request.instruction,
        promptTruncationOptions: normalizeTruncation(request.promptTruncationOptions),
        completionOptions:
          request.completionOptions === undefined
            ? create(CompletionOptionsSchema)
            : clone(CompletionOptionsSchema, request.completionOptions),
        tools: request.tools.map(normalizeTool),
      });
      if (request.responseFormat !== undefined) {
        assistant.responseFormat = clone(ResponseFormatSchema, request.responseFormat);
      }
      state.assistants.set(assistant.id, { assistant, seq: state.nextSeq(), versions: [] });
      return clone(AssistantSchema, assistant);
    },

    get(request) {
      validateRequest(GetAssistantRequestSchema, request);
      return clone(AssistantSchema, state.getAssistant(request.assistantId).assistant);
    },

    update(request) {
      validateRequest(UpdateAssistantRequestSchema, request);
      const record = state.getAssistant(request.assistantId);
      const paths = request.updateMask?.paths ?? [];
      const updated = applyFieldMask(
        UpdateAssistantRequestSchema,
        request,
        AssistantSchema,
        record.assistant,
        paths,
        ["assistant_id", "update_mask"],
      );
      if (updated.modelUri === "") throw invalidArgument("model_uri is required");
      state.touchResource(updated);
      updated.promptTruncationOptions = normalizeTruncation(updated.promptTruncationOptions);
      updated.completionOptions ??= create(CompletionOptionsSchema);
      // Recorded (test_assistant_zeros.json #2 and #5): a masked temperature the request leaves
      // out becomes 0, not unset (the recorded shape replay, issue 9, compares it).
      const temperatureMasked = paths.some(
        (p) => p === "completion_options.temperature" || p === "completionOptions.temperature",
      );
      if (temperatureMasked && request.completionOptions?.temperature === undefined) {
        updated.completionOptions.temperature = 0;
      }
      updated.tools = updated.tools.map(normalizeTool);
      // Checks are done: commit the new assistant and record one version.
      record.assistant = updated;
      record.versions.push({
        seq: state.nextSeq(),
        version: create(AssistantVersionSchema, {
          id: state.ids.next(),
          updateMask: { paths: [...paths] },
          assistant: clone(AssistantSchema, updated),
        }),
      });
      return clone(AssistantSchema, updated);
    },

    delete(request) {
      validateRequest(DeleteAssistantRequestSchema, request);
      const record = state.getAssistant(request.assistantId);
      state.assistants.delete(record.assistant.id);
      return {};
    },

    list(request) {
      validateRequest(ListAssistantsRequestSchema, request);
      const mine = [...state.assistants.values()].filter(
        (r) => r.assistant.folderId === request.folderId,
      );
      const page = paginate(mine, (r) => r.assistant, request.pageSize, request.pageToken);
      return {
        assistants: page.items.map((r) => clone(AssistantSchema, r.assistant)),
        nextPageToken: page.nextPageToken,
      };
    },

    listVersions(request) {
      validateRequest(ListAssistantVersionsRequestSchema, request);
      const record = state.getAssistant(request.assistantId);
      // A version stands where its update happened: the snapshot's updated_at.
      const page = paginate(
        record.versions,
        (v) => ({ createdAt: v.version.assistant?.updatedAt, id: v.version.id }),
        request.pageSize,
        request.pageToken,
      );
      return {
        versions: page.items.map((v) => clone(AssistantVersionSchema, v.version)),
        nextPageToken: page.nextPageToken,
      };
    },
  };
}

/**
 * Prompt truncation options as stored: `auto_strategy` when no strategy is
 * chosen (recorded: a request with `{}` comes back as `{ autoStrategy: {} }`).
 */
export function normalizeTruncation(
  options: PromptTruncationOptions | undefined,
): PromptTruncationOptions {
  const out =
    options === undefined
      ? create(PromptTruncationOptionsSchema)
      : clone(PromptTruncationOptionsSchema, options);
  if (out.TruncationStrategy.case === undefined) {
    out.TruncationStrategy = {
      case: "autoStrategy",
      value: create(PromptTruncationOptions_AutoStrategySchema),
    };
  }
  if (out.maxPromptTokens !== undefined && out.maxPromptTokens < 0n) {
    throw invalidArgument("prompt_truncation_options.max_prompt_tokens must not be negative");
  }
  return out;
}
