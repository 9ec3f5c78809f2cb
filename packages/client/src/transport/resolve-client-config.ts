/**
 * Client options and their resolution into a ready transport: folder, credentials,
 * endpoint, TLS policy, timeout, retry policy and interceptors.
 *
 * issue 3, "Public API" and "Transport behaviour"; client-split.md, A. Missing folder or
 * credentials fail with a clear error naming the option and the environment variable.
 *
 * @module
 */
import { Code, ConnectError, type Interceptor, type Transport } from "@connectrpc/connect";
import { applyInterceptors } from "./apply-interceptors.js";
import { type AuthKind, authInterceptor, type ClientAuth, resolveAuth } from "./auth.js";
import { grpcTimeoutInterceptor, withCallDeadline } from "./call-deadline.js";
import { credentialsGuardInterceptor } from "./credentials-guard.js";
import {
  assertCredentialsAllowed,
  DEFAULT_ENDPOINT,
  type ParsedEndpoint,
  parseEndpoint,
} from "./endpoint.js";
import { createClientGrpcTransport, DEFAULT_READ_MAX_BYTES } from "./grpc-transport.js";
import { REDACTED, Redactor, redactError, redactInterceptor } from "./redact.js";
import { requestIdInterceptor } from "./request-id-interceptor.js";
import { retryInterceptor } from "./retry-interceptor.js";
import { type RetryPolicy, resolveRetryPolicy } from "./retry-policy.js";
import { transportFaultInterceptor } from "./transport-fault.js";

/** The default per-call deadline (spec/runs.md: "Default deadline 60 s per call"). */
const DEFAULT_TIMEOUT_MS = 60_000;
/** The longest delay a Node.js timer supports; longer values would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * Options of `new AssistantsClient(options)`. Every field is optional; folder and
 * credentials come from the environment when not given.
 *
 * @example
 * const options: AssistantsClientOptions = {
 *   folderId: "b1g...",
 *   auth: { apiKey: process.env.MY_API_KEY ?? "" },
 *   timeoutMs: 30_000,
 *   retry: { maxAttempts: 3 },
 * };
 */
export interface AssistantsClientOptions {
  /** Folder of the resources; else `YC_FOLDER_ID`. Sent only in request fields, never as a header. */
  folderId?: string;
  /** Credentials; else `YC_API_KEY`, then `YC_IAM_TOKEN`. */
  auth?: ClientAuth;
  /**
   * `https://host[:port]` or `http://host[:port]` (loopback, or with `allowInsecure`); else
   * `YC_ASSISTANTS_ENDPOINT`, else {@link DEFAULT_ENDPOINT}. The scheme is required: a bare
   * `host:port` is refused with the URL to write instead (issue 12).
   */
  endpoint?: string;
  /**
   * Any Connect transport to use instead of a gRPC connection to `endpoint` (tests,
   * `createRouterTransport`, the emulator). The client's auth, request ids, retries,
   * timeout and interceptors still apply around it.
   */
  transport?: Transport;
  /** Deadline of every call that sets none itself, in ms (default 60000). */
  timeoutMs?: number;
  /** Retry policy (defaults: {@link defaultRetryPolicy}), or `false` to never retry. */
  retry?: RetryPolicy | false;
  /**
   * Extra Connect interceptors. They see each logical call once (after the request id is
   * set, before retries and auth), and only errors whose secrets are already redacted.
   */
  interceptors?: Interceptor[];
  /** Allow credentials over plaintext http to a host that is not loopback (default false). */
  allowInsecure?: boolean;
  /**
   * The largest response message the client reads, in bytes (default
   * {@link DEFAULT_READ_MAX_BYTES}, 4 MiB as gRPC's default); a larger one fails the call at
   * once with `Code.ResourceExhausted`, before it is buffered, and is never retried. Applies to
   * the client's own transport (not to `transport`).
   */
  readMaxBytes?: number;
  /** Environment to read `YC_*` variables from (default `process.env`; tests pass their own). */
  env?: Record<string, string | undefined>;
}

/**
 * The result of {@link resolveClientConfig}: what a client needs to make calls. Holds no
 * secret in its fields; `util.inspect` and `JSON.stringify` show the credential as
 * `[redacted]`.
 *
 * @example
 * const config = resolveClientConfig({ folderId: "b1g", auth: { apiKey } });
 * const runs = createClient(RunService, config.transport);
 */
export interface ResolvedClientConfig {
  readonly folderId: string;
  /** Ready transport with auth, request ids, retries, deadlines and interceptors applied. */
  readonly transport: Transport;
  /** Default per-call deadline in ms. */
  readonly timeoutMs: number;
  /** Normalised endpoint base URL (informational when `options.transport` was given). */
  readonly endpoint: string;
  readonly authKind: AuthKind;
  /**
   * The retry policy in effect (`false`: disabled). The transport applies it to unary
   * calls; stream resumption (Run.listen) may reuse its budget and backoff.
   */
  readonly retry: Required<RetryPolicy> | false;
}

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}

function resolveFolderId(folderId: unknown, env: Record<string, string | undefined>): string {
  if (folderId !== undefined) {
    if (typeof folderId !== "string" || folderId.trim() === "") {
      throw invalid("folderId must be a non-empty string");
    }
    return folderId.trim();
  }
  const fromEnv = env["YC_FOLDER_ID"];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return fromEnv.trim();
  throw invalid("folderId is required: pass options.folderId or set YC_FOLDER_ID");
}

/**
 * `options.endpoint`, else `YC_ASSISTANTS_ENDPOINT` (empty counts as unset, as for the other
 * variables), else the default; errors name whichever was used (issue 12: "a documented
 * endpoint variable in the client's env fallbacks").
 */
function resolveEndpoint(
  endpoint: string | undefined,
  env: Record<string, string | undefined>,
): ParsedEndpoint {
  if (endpoint !== undefined) return parseEndpoint(endpoint, "endpoint");
  const fromEnv = env["YC_ASSISTANTS_ENDPOINT"];
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    return parseEndpoint(fromEnv, "YC_ASSISTANTS_ENDPOINT");
  }
  return parseEndpoint(DEFAULT_ENDPOINT);
}

function resolveTimeout(timeoutMs: unknown): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (
    typeof timeoutMs !== "number" ||
    !Number.isFinite(timeoutMs) ||
    timeoutMs <= 0 ||
    timeoutMs > MAX_TIMEOUT_MS
  ) {
    throw invalid(`timeoutMs must be a positive number of milliseconds, at most ${MAX_TIMEOUT_MS}`);
  }
  return timeoutMs;
}

function resolveReadMaxBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_READ_MAX_BYTES;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 0xffffffff) {
    throw invalid("readMaxBytes must be an integer number of bytes from 1 to 4294967295");
  }
  return value;
}

function isTransport(value: unknown): value is Transport {
  if (value === null || typeof value !== "object") return false;
  const t = value as Record<string, unknown>;
  return typeof t["unary"] === "function" && typeof t["stream"] === "function";
}

function resolveInterceptors(interceptors: unknown): Interceptor[] {
  if (interceptors === undefined) return [];
  if (!Array.isArray(interceptors) || !interceptors.every((i) => typeof i === "function")) {
    throw invalid("interceptors must be an array of Connect interceptor functions");
  }
  return [...(interceptors as Interceptor[])];
}

function redacted(target: object, view: () => Record<string, unknown>, name: string): void {
  Object.defineProperty(target, "toJSON", { value: view });
  Object.defineProperty(target, inspectSymbol, {
    value: (_depth: number, _options: unknown, inspect: (v: unknown) => string) =>
      `${name} ${inspect(view())}`,
  });
}

/**
 * Validates client options and builds the transport every call goes through.
 *
 * Resolution: folder from `options.folderId`, else `YC_FOLDER_ID`; credentials from
 * `options.auth`, else `YC_API_KEY`, else `YC_IAM_TOKEN`; endpoint `options.endpoint`, else
 * `YC_ASSISTANTS_ENDPOINT`, else {@link DEFAULT_ENDPOINT} (variables from `options.env`,
 * default `process.env`); transport
 * `options.transport` or a gRPC-over-HTTP/2 transport to the endpoint (TLS for https).
 *
 * The returned transport applies, outermost first: a fresh `x-client-request-id` and
 * `idempotency-key` per logical call; the user's interceptors; retries (unary calls of
 * idempotent methods, retryable codes, backoff capped by the deadline, `x-retry-attempt`);
 * the `authorization` header (per attempt); redaction of secrets from server errors; transport
 * faults (a dropped connection, a reset stream) reported as `Code.Unavailable`. Every
 * call gets `timeoutMs` as its deadline unless it sets its own.
 *
 * Throws `ConnectError` with `Code.InvalidArgument` before any network call: missing
 * folder ("folderId is required: pass options.folderId or set YC_FOLDER_ID"), missing or
 * malformed credentials, a bad endpoint, timeout, retry policy, transport or interceptors,
 * and credentials over plaintext http to a host that is not loopback without
 * `allowInsecure: true`. No message ever contains a key or token.
 *
 * @example
 * const config = resolveClientConfig({ env: { YC_FOLDER_ID: "b1g", YC_API_KEY: "AQVN..." } });
 * config.authKind; // "api-key"
 * await createClient(RunService, config.transport).get({ runId });
 */
export function resolveClientConfig(options: AssistantsClientOptions = {}): ResolvedClientConfig {
  if (options === null || typeof options !== "object") {
    throw invalid("options must be an object");
  }
  const env = options.env ?? process.env;
  if (env === null || typeof env !== "object") {
    throw invalid("env must be an object of environment variables");
  }
  const redactor = new Redactor();
  const auth = resolveAuth(options.auth, env, redactor);
  // From here on, every error is scrubbed: a user may have pasted a key into a wrong field.
  try {
    const folderId = resolveFolderId(options.folderId, env);
    const timeoutMs = resolveTimeout(options.timeoutMs);
    const retry = resolveRetryPolicy(options.retry);
    const userInterceptors = resolveInterceptors(options.interceptors);
    if (options.allowInsecure !== undefined && typeof options.allowInsecure !== "boolean") {
      throw invalid("allowInsecure must be a boolean");
    }
    const endpoint: ParsedEndpoint = resolveEndpoint(options.endpoint, env);
    assertCredentialsAllowed(endpoint, options.allowInsecure === true);
    if (options.transport !== undefined && !isTransport(options.transport)) {
      throw invalid("transport must be a Connect Transport (an object with unary() and stream())");
    }
    const readMaxBytes = resolveReadMaxBytes(options.readMaxBytes);
    const interceptors: Interceptor[] = [requestIdInterceptor(), ...userInterceptors];
    if (retry !== false) interceptors.push(retryInterceptor(retry));
    interceptors.push(
      authInterceptor(auth),
      credentialsGuardInterceptor({ allowInsecure: options.allowInsecure === true }),
      redactInterceptor(redactor),
      transportFaultInterceptor(),
    );

    // issue 10: the client's own gRPC transport runs the interceptors itself (one layer of
    // Connect's call machinery per call); a user's transport is wrapped to run them.
    const transport =
      options.transport === undefined
        ? withCallDeadline(
            createClientGrpcTransport(endpoint.baseUrl, readMaxBytes, [
              ...interceptors,
              grpcTimeoutInterceptor(),
            ]),
            timeoutMs,
          )
        : applyInterceptors(options.transport, {
            interceptors,
            defaultTimeoutMs: timeoutMs,
            baseUrl: endpoint.baseUrl,
          });
    const view = () => ({
      folderId,
      endpoint: endpoint.baseUrl,
      timeoutMs,
      authKind: auth.kind,
      auth: REDACTED,
      retry:
        retry === false
          ? false
          : {
              maxAttempts: retry.maxAttempts,
              initialBackoffMs: retry.initialBackoffMs,
              multiplier: retry.multiplier,
              maxBackoffMs: retry.maxBackoffMs,
              jitterMs: retry.jitterMs,
              retryableCodes: retry.retryableCodes,
            },
    });
    redacted(transport, () => ({ endpoint: endpoint.baseUrl, auth: REDACTED }), "Transport");
    const config: ResolvedClientConfig = {
      folderId,
      transport: Object.freeze(transport),
      timeoutMs,
      endpoint: endpoint.baseUrl,
      authKind: auth.kind,
      retry,
    };
    redacted(config, view, "ResolvedClientConfig");
    return Object.freeze(config);
  } catch (e) {
    throw redactError(e, redactor);
  }
}
