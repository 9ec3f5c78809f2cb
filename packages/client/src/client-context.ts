/**
 * ClientContext: what every resource and handle of one {@link AssistantsClient} shares (the
 * Connect clients of the four services, the folder, the per-call timeout and the retry policy
 * used for stream resumption). Internal: not exported from the package.
 *
 * @module
 */
import type { Client } from "@connectrpc/connect";
import type { AssistantService } from "@yc-assistants/types/assistants";
import type { RunService } from "@yc-assistants/types/runs";
import type { MessageService, ThreadService } from "@yc-assistants/types/threads";
import { defaultRetryPolicy, type RetryPolicy } from "./transport/index.js";
import { checkOptions, invalidArgument, optionalDelay, optionalNumber } from "./validate.js";

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
 * Fills a retry policy from the defaults: `false` stays `false`; `override` (a per-call
 * policy) wins over `base` (the client's).
 */
export function resolveRetryPolicy(
  base: RetryPolicy | false | undefined,
  override?: RetryPolicy | false,
  field = "retry",
): ResolvedRetryPolicy | false {
  if (override === false) return false;
  if (override === undefined && base === false) return false;
  const merged: Record<string, unknown> = { ...defaultRetryPolicy };
  for (const [source, name] of [
    [base, "retry"],
    [override, field],
  ] as const) {
    if (source === undefined || source === false) continue;
    const checked = checkOptions(source, name, RETRY_KEYS) as Record<string, unknown>;
    for (const [k, v] of Object.entries(checked)) if (v !== undefined) merged[k] = v;
  }
  const policy = merged as ResolvedRetryPolicy;
  const attempts = policy.maxAttempts;
  if (typeof attempts !== "number" || !Number.isSafeInteger(attempts) || attempts < 1) {
    throw invalidArgument(`${field}.maxAttempts must be an integer >= 1`);
  }
  optionalDelay(policy.initialBackoffMs, `${field}.initialBackoffMs`);
  optionalDelay(policy.maxBackoffMs, `${field}.maxBackoffMs`);
  optionalDelay(policy.jitterMs, `${field}.jitterMs`);
  optionalNumber(policy.multiplier, `${field}.multiplier`, { min: 1 });
  if (typeof policy.random !== "function")
    throw invalidArgument(`${field}.random must be a function`);
  if (typeof policy.sleep !== "function")
    throw invalidArgument(`${field}.sleep must be a function`);
  return policy;
}

/**
 * The backoff before retry number `retry` (1 for the first retry): `initialBackoffMs ×
 * multiplier^(retry-1) + random() × jitterMs`, at most `maxBackoffMs` and never past
 * `remainingMs` (spec/runs.md, "Transport facts": ~1.0 s × 1.5^n plus 0–1 s jitter, capped at
 * 10 s and by the deadline). The same formula as the transport's unary retries.
 */
export function backoffDelay(
  policy: ResolvedRetryPolicy,
  retry: number,
  remainingMs?: number,
): number {
  const jitter = Math.min(Math.max(policy.random(), 0), 1) * policy.jitterMs;
  const base = policy.initialBackoffMs * policy.multiplier ** Math.max(0, retry - 1);
  const delay = Math.min(base + jitter, policy.maxBackoffMs);
  return remainingMs === undefined ? delay : Math.min(delay, remainingMs);
}
