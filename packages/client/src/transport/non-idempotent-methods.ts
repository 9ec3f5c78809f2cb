/**
 * The RPCs the transport must never retry on its own.
 *
 * issue 3, "Transport behaviour": "never retry Submit or Create". spec/runs.md, "Submit
 * semantics": a Submit is not idempotent; a blind retry after an ambiguous failure could
 * submit tool results twice. A Create that timed out may have created the resource, so
 * retrying it could create a second assistant, thread, message or run.
 *
 * @module
 */
import type { DescMethod } from "@bufbuild/protobuf";
import { AssistantService, MessageService, RunService, ThreadService } from "@yc-assistants/types";

function methodKey(method: DescMethod): string {
  return `${method.parent.typeName}/${method.name}`;
}

function buildSet(): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const service of [AssistantService, ThreadService, MessageService, RunService]) {
    for (const method of service.methods) {
      if (method.name === "Create") keys.add(methodKey(method));
    }
  }
  keys.add(methodKey(RunService.method.submit));
  return Object.freeze(keys);
}

/**
 * Full names (`<package>.<Service>/<Method>`) of the Assistants API RPCs that are never
 * retried: every `Create` and `yandex.cloud.ai.assistants.v1.runs.RunService/Submit`.
 *
 * @example
 * NON_IDEMPOTENT_METHODS.has("yandex.cloud.ai.assistants.v1.runs.RunService/Submit"); // true
 */
export const NON_IDEMPOTENT_METHODS: ReadonlySet<string> = buildSet();

/**
 * Whether a method must not be retried blindly: a member of {@link NON_IDEMPOTENT_METHODS},
 * or any RPC named `Create` (also of services this package does not know yet).
 *
 * @example
 * isNonIdempotent(RunService.method.submit); // true
 * isNonIdempotent(RunService.method.get); // false
 */
export function isNonIdempotent(method: DescMethod): boolean {
  return method.name === "Create" || NON_IDEMPOTENT_METHODS.has(methodKey(method));
}
