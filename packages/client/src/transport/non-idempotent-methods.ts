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
// Area entry points, not the root barrel: the root also builds the registry of every file (issue 10, cold start).
import { AssistantService } from "@yc-assistants/types/assistants";
import { FileService } from "@yc-assistants/types/files";
import { RunService } from "@yc-assistants/types/runs";
import { SearchIndexFileService, SearchIndexService } from "@yc-assistants/types/searchindex";
import { MessageService, ThreadService } from "@yc-assistants/types/threads";

function methodKey(method: DescMethod): string {
  return `${method.parent.typeName}/${method.name}`;
}

/** Method names that create something on every call, whatever the service. */
const CREATING_NAMES: ReadonlySet<string> = new Set(["Create", "BatchCreate"]);

function buildSet(): ReadonlySet<string> {
  const keys = new Set<string>();
  const services = [
    AssistantService,
    ThreadService,
    MessageService,
    RunService,
    FileService,
    SearchIndexService,
    SearchIndexFileService,
  ];
  for (const service of services) {
    for (const method of service.methods) {
      if (CREATING_NAMES.has(method.name)) keys.add(methodKey(method));
    }
  }
  keys.add(methodKey(RunService.method.submit));
  return Object.freeze(keys);
}

/**
 * Full names (`<package>.<Service>/<Method>`) of the Assistants API RPCs that are never
 * retried: every `Create` (the file upload included), every `BatchCreate` and
 * `yandex.cloud.ai.assistants.v1.runs.RunService/Submit`.
 *
 * @example
 * NON_IDEMPOTENT_METHODS.has("yandex.cloud.ai.assistants.v1.runs.RunService/Submit"); // true
 */
export const NON_IDEMPOTENT_METHODS: ReadonlySet<string> = buildSet();

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
