/**
 * `@yc-assistants/client/transport`: client options, auth, endpoint defaults and the retry
 * policy, without the resources (issue 10, cold start: "subpath entry points"), e.g. for
 * configuration code that builds {@link AssistantsClientOptions}. Every binding is the same
 * one the root entry exports.
 *
 * @example
 * import { defaultRetryPolicy, resolveClientConfig } from "@yc-assistants/client/transport";
 *
 * @packageDocumentation
 */
export {
  type AssistantsClientOptions,
  type AuthHeaderProvider,
  type ClientAuth,
  credentialsGuardInterceptor,
  DEFAULT_ENDPOINT,
  DEFAULT_READ_MAX_BYTES,
  defaultRetryPolicy,
  isNonIdempotent,
  NON_IDEMPOTENT_METHODS,
  type ResolvedClientConfig,
  type RetryPolicy,
  resolveClientConfig,
} from "../transport/index.js";
