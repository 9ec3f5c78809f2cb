/**
 * The RPCs the transport must never retry on its own.
 *
 * issue 3, "Transport behaviour": "never retry Submit or Create". spec/runs.md, "Submit
 * semantics": a Submit is not idempotent; a blind retry after an ambiguous failure could
 * submit tool results twice. A Create that timed out may have created the resource, so
 * retrying it could create a second assistant, thread, message or run.
 *
 * issue 9, "Client": the files and search-index services add three more: `FileService/Create`
 * (the upload: a retry could store the file twice), `SearchIndexService/Create` and
 * `SearchIndexFileService/BatchCreate` (each starts a long-running Operation; a retry would
 * start a second indexing and return another operation id).
 *
 * @module
 */
import type { DescMethod } from "@bufbuild/protobuf";
import { RunService } from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/runs/run_service_pb";

function methodKey(method: DescMethod): string {
  return `${method.parent.typeName}/${method.name}`;
}

/** Method names that create something on every call, whatever the service. */
const CREATING_NAMES: ReadonlySet<string> = new Set(["Create", "BatchCreate"]);

// Written out, not derived at import time: deriving needs every service descriptor, and
// loading those (and building their registries) is most of the client's cold start (issue 10,
// cold start: "import only what the used API needs"). non-idempotent-methods.test.ts derives
// the same set from the descriptors, so a new Create or BatchCreate fails the test until added.
const CREATING_METHODS = [
  "yandex.cloud.ai.assistants.v1.AssistantService/Create",
  "yandex.cloud.ai.assistants.v1.threads.ThreadService/Create",
  "yandex.cloud.ai.assistants.v1.threads.MessageService/Create",
  "yandex.cloud.ai.assistants.v1.runs.RunService/Create",
  "yandex.cloud.ai.files.v1.FileService/Create",
  "yandex.cloud.ai.assistants.v1.searchindex.SearchIndexService/Create",
  "yandex.cloud.ai.assistants.v1.searchindex.SearchIndexFileService/BatchCreate",
] as const;

/**
 * Full names (`<package>.<Service>/<Method>`) of the Assistants API RPCs that are never
 * retried: every `Create` (the file upload included), every `BatchCreate` and
 * `yandex.cloud.ai.assistants.v1.runs.RunService/Submit`.
 *
 * @example
 * NON_IDEMPOTENT_METHODS.has("yandex.cloud.ai.assistants.v1.runs.RunService/Submit"); // true
 */
export const NON_IDEMPOTENT_METHODS: ReadonlySet<string> = Object.freeze(
  new Set<string>([...CREATING_METHODS, methodKey(RunService.method.submit)]),
);

/**
 * Whether a method must not be retried blindly: a member of {@link NON_IDEMPOTENT_METHODS},
 * or any RPC named `Create` or `BatchCreate` (also of services this package does not know yet).
 *
 * @example
 * isNonIdempotent(RunService.method.submit); // true
 * isNonIdempotent(RunService.method.get); // false
 */
export function isNonIdempotent(method: DescMethod): boolean {
  return CREATING_NAMES.has(method.name) || NON_IDEMPOTENT_METHODS.has(methodKey(method));
}
