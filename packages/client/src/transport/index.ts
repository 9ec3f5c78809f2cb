/**
 * The client transport: options, credentials, endpoint and TLS policy, request ids,
 * retries, deadlines and secret redaction, resolved into one Connect `Transport`.
 *
 * `src/index.ts` re-exports these names; everything else in this folder is internal.
 *
 * @example
 * import { createClient } from "@connectrpc/connect";
 * import { RunService } from "@yc-assistants/types/runs";
 * const config = resolveClientConfig({ folderId: "b1g...", auth: { apiKey: "..." } });
 * const run = await createClient(RunService, config.transport).get({ runId: "..." });
 *
 * @module
 */
export type { AuthHeaderProvider, ClientAuth } from "./auth.js";
export { credentialsGuardInterceptor } from "./credentials-guard.js";
export { DEFAULT_ENDPOINT } from "./endpoint.js";
export { DEFAULT_READ_MAX_BYTES } from "./grpc-transport.js";
export { isNonIdempotent, NON_IDEMPOTENT_METHODS } from "./non-idempotent-methods.js";
export {
  type AssistantsClientOptions,
  type ResolvedClientConfig,
  resolveClientConfig,
} from "./resolve-client-config.js";
export { defaultRetryPolicy, type RetryPolicy } from "./retry-policy.js";
