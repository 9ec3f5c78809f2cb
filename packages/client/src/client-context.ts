/**
 * ClientContext: what every resource and handle of one {@link AssistantsClient} shares (the
 * Connect clients of the services, the folder, the endpoint, the per-call timeout and the retry policy
 * used for stream resumption). Internal: not exported from the package.
 *
 * @module
 */
import type { Client } from "@connectrpc/connect";
import type { AssistantService } from "@yc-assistants/types/assistants";
import type { FileService } from "@yc-assistants/types/files";
import type { OperationService } from "@yc-assistants/types/operation";
import type { RunService } from "@yc-assistants/types/runs";
import type { SearchIndexFileService, SearchIndexService } from "@yc-assistants/types/searchindex";
import type { MessageService, ThreadService } from "@yc-assistants/types/threads";
import {
  backoffMs,
  type RetryPolicy,
  resolveRetryPolicy as resolveTransportRetryPolicy,
} from "./transport/retry-policy.js";
import { checkOptions } from "./validate.js";

/** A retry policy with every knob filled in. */
export type ResolvedRetryPolicy = Required<RetryPolicy>;

/** The state shared by resources and handles of one client. */
export interface ClientContext {
  /** The folder every folder-scoped request carries. */
  readonly folderId: string;
  /** Default per-call timeout in ms. */
  readonly timeoutMs: number;
  /** The client's retry policy (also used to resume broken streams); `false` = no retries. */
  readonly retry: ResolvedRetryPolicy | false;
  /** AssistantService client. */
  readonly assistantService: Client<typeof AssistantService>;
  /** ThreadService client. */
  readonly threadService: Client<typeof ThreadService>;
  /** MessageService client. */
  readonly messageService: Client<typeof MessageService>;
  /** RunService client. */
  readonly runService: Client<typeof RunService>;
  /** FileService client (issue 9). */
  readonly fileService: Client<typeof FileService>;
  /** SearchIndexService client (issue 9). */
  readonly searchIndexService: Client<typeof SearchIndexService>;
  /** SearchIndexFileService client (issue 9). */
  readonly searchIndexFileService: Client<typeof SearchIndexFileService>;
  /** OperationService client: polls the operations the two above start (issue 9). */
  readonly operationService: Client<typeof OperationService>;
  /**
   * The endpoint base URL: a file download over plaintext `http:` is allowed to its host (an
   * emulator the client already talks to) besides loopback hosts.
   */
  readonly endpoint: string;
}

const RETRY_KEYS = [
  "maxAttempts",
  "initialBackoffMs",
  "multiplier",
  "maxBackoffMs",
  "jitterMs",
  "retryableCodes",
  "random",
  "sleep",
] as const;

/**
 * The policy of one operation (listen, wait, a resubmit): `override` (a per-call policy, whose
 * given fields win) on top of `base` (the client's resolved policy); `false` disables. Checked
 * and filled by the transport's {@link resolveTransportRetryPolicy}, so both layers accept and
 * refuse the same policies.
 */
export function resolveRetryPolicy(
  base: ResolvedRetryPolicy | false,
  override?: RetryPolicy | false,
): ResolvedRetryPolicy | false {
  if (override === undefined) return base;
  if (override === false) return false;
  const given = Object.entries(checkOptions(override, "retry", RETRY_KEYS)).filter(
    ([, v]) => v !== undefined,
  );
  const merged: RetryPolicy = { ...(base === false ? {} : base), ...Object.fromEntries(given) };
  return resolveTransportRetryPolicy(merged);
}

/**
 * The backoff before retry number `retry` (1 for the first retry): the transport's
 * {@link backoffMs} (spec/runs.md, "Transport facts": ~1.0 s × 1.5^n plus 0–1 s jitter, capped
 * at 10 s), and never past `remainingMs` (the deadline).
 */
export function backoffDelay(
  policy: ResolvedRetryPolicy,
  retry: number,
  remainingMs?: number,
): number {
  const delay = backoffMs(policy, Math.max(0, retry - 1));
  return remainingMs === undefined ? delay : Math.min(delay, remainingMs);
}
