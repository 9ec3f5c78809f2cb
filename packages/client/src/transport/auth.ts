/**
 * Credentials: resolving `options.auth` or the environment into an `authorization` header,
 * and the interceptor that puts it on every call.
 *
 * spec/runs.md, "Transport facts of the Python SDK": `authorization: Api-Key <key>` or
 * `authorization: Bearer <IAM token>`; the SDK also reads `YC_API_KEY`, `YC_IAM_TOKEN`
 * from the environment. issue 3: API-key auth matters (the official Node SDK cannot send
 * one), an async header provider is accepted, and secrets never appear in errors.
 *
 * @module
 */
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { abortable, abortError } from "./abortable.js";
import { REDACTED, type Redactor } from "./redact.js";

/**
 * Returns the full `authorization` header value, e.g. `"Bearer <IAM token>"`. It is called
 * for every attempt of every call, so it can refresh short-lived tokens (IAM tokens live
 * 12 hours); cache inside the provider if fetching is expensive.
 *
 * @example
 * const auth: AuthHeaderProvider = async () => `Bearer ${await tokenCache.get()}`;
 */
export type AuthHeaderProvider = () => string | Promise<string>;

/**
 * How the client authenticates: an API key, an IAM token, or a provider of the whole
 * header value. Without `options.auth` the client reads `YC_API_KEY`, then `YC_IAM_TOKEN`.
 *
 * @example
 * new AssistantsClient({ auth: { apiKey: process.env.MY_KEY ?? "" } });
 * new AssistantsClient({ auth: { iamToken } });
 * new AssistantsClient({ auth: async () => `Bearer ${await refresh()}` });
 */
export type ClientAuth = { apiKey: string } | { iamToken: string } | AuthHeaderProvider;

/**
 * Which kind of credential a client uses, never the credential itself, so it can be shown
 * in logs and `util.inspect` output.
 *
 * @example
 * if (config.authKind === "provider") console.log("tokens come from a provider");
 */
export type AuthKind = "api-key" | "iam-token" | "provider";

/**
 * Resolved credentials: their kind, where they came from, and a function producing the
 * header value. Holds the secret only in a closure; renders as `[redacted]`.
 *
 * @example
 * const auth = resolveAuth({ apiKey: "k-123" }, {}, new Redactor());
 * await auth.header(); // "Api-Key k-123"
 */
export interface ResolvedAuth {
  readonly kind: AuthKind;
  /** Where the credential came from, e.g. "options.auth.apiKey" or "YC_IAM_TOKEN". */
  readonly source: string;
  /** The `authorization` value for one attempt. Rejects with `Code.Unauthenticated`. */
  header(): Promise<string>;
}

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}

/**
 * True when `value` holds a character an HTTP header value may not carry: a control character,
 * or anything beyond ASCII (`Headers` refuses characters above U+00FF, and keys and tokens are
 * ASCII), so a bad credential fails here, naming the option, instead of at the first call.
 */
function hasForbiddenChar(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return true;
  }
  return false;
}

function checkSecret(value: unknown, name: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid(`${name} must be a non-empty string`);
  }
  if (hasForbiddenChar(value)) {
    throw invalid(`${name} contains characters that are not allowed in an HTTP header`);
  }
  return value.trim();
}

/**
 * The header value of credentials that never change (an API key, a given IAM token), kept out
 * of the object itself so no property, `toJSON` or inspection can show it.
 */
const fixedValues = new WeakMap<ResolvedAuth, string>();

function fixed(kind: AuthKind, source: string, value: string): ResolvedAuth {
  const resolved: ResolvedAuth = {
    kind,
    source,
    header: () => Promise.resolve(value),
  };
  fixedValues.set(resolved, value);
  return seal(resolved);
}

function seal(resolved: ResolvedAuth): ResolvedAuth {
  Object.defineProperty(resolved, "toJSON", {
    value: () => ({ kind: resolved.kind, source: resolved.source, credential: REDACTED }),
  });
  Object.defineProperty(resolved, inspectSymbol, {
    value: () => `ResolvedAuth { kind: '${resolved.kind}', credential: ${REDACTED} }`,
  });
  return Object.freeze(resolved);
}

function fromProvider(provider: AuthHeaderProvider, redactor: Redactor): ResolvedAuth {
  const hint = 'it must return the full authorization header value, e.g. "Bearer <token>"';
  return seal({
    kind: "provider",
    source: "options.auth",
    async header() {
      let value: unknown;
      try {
        value = await provider();
      } catch (e) {
        // The provider's own message may quote the credential it failed to refresh, so it
        // is withheld (issue 3: secrets never appear in an error message).
        const name = e instanceof Error ? e.name : typeof e;
        throw new ConnectError(
          `auth provider (options.auth) failed with ${name}; its message is withheld because it may contain credentials`,
          Code.Unauthenticated,
        );
      }
      if (typeof value !== "string" || value.trim() === "") {
        throw new ConnectError(
          `auth provider (options.auth) returned an empty or non-string value; ${hint}`,
          Code.Unauthenticated,
        );
      }
      redactor.add(value.trim());
      if (hasForbiddenChar(value)) {
        throw new ConnectError(
          "auth provider (options.auth) returned a value with characters that are not allowed in an HTTP header",
          Code.Unauthenticated,
        );
      }
      return value.trim();
    },
  });
}

/**
 * Resolves credentials: `options.auth` when given, else `env.YC_API_KEY`, else
 * `env.YC_IAM_TOKEN` (empty variables count as unset). Every secret is registered with
 * `redactor`. Throws `Code.InvalidArgument` naming the option and the variables when there
 * are no credentials, or naming the field when one is malformed; never quotes a secret.
 *
 * @example
 * const auth = resolveAuth(undefined, { YC_IAM_TOKEN: "t1.abc" }, redactor);
 * auth.kind; // "iam-token"
 */
export function resolveAuth(
  auth: ClientAuth | undefined,
  env: Record<string, string | undefined>,
  redactor: Redactor,
): ResolvedAuth {
  if (auth !== undefined) {
    if (typeof auth === "function") return fromProvider(auth, redactor);
    if (auth === null || typeof auth !== "object") {
      throw invalid(
        "auth must be { apiKey }, { iamToken } or a function returning the authorization header value",
      );
    }
    const hasKey = "apiKey" in auth;
    const hasToken = "iamToken" in auth;
    if (hasKey && hasToken) {
      throw invalid("auth must have either apiKey or iamToken, not both");
    }
    if (hasKey) {
      const key = checkSecret(auth.apiKey, "auth.apiKey");
      redactor.add(key);
      return fixed("api-key", "options.auth.apiKey", `Api-Key ${key}`);
    }
    if (hasToken) {
      const token = checkSecret(auth.iamToken, "auth.iamToken");
      redactor.add(token);
      return fixed("iam-token", "options.auth.iamToken", `Bearer ${token}`);
    }
    throw invalid(
      "auth must be { apiKey }, { iamToken } or a function returning the authorization header value",
    );
  }
  const envKey = env["YC_API_KEY"];
  if (envKey !== undefined && envKey.trim() !== "") {
    const key = checkSecret(envKey, "YC_API_KEY");
    redactor.add(key);
    return fixed("api-key", "YC_API_KEY", `Api-Key ${key}`);
  }
  const envToken = env["YC_IAM_TOKEN"];
  if (envToken !== undefined && envToken.trim() !== "") {
    const token = checkSecret(envToken, "YC_IAM_TOKEN");
    redactor.add(token);
    return fixed("iam-token", "YC_IAM_TOKEN", `Bearer ${token}`);
  }
  throw invalid(
    "credentials are required: pass options.auth ({ apiKey }, { iamToken } or a header provider) or set YC_API_KEY or YC_IAM_TOKEN",
  );
}

/**
 * An interceptor that sets `authorization` on every attempt of every call (a caller's own
 * `authorization` header is replaced). A provider is awaited per attempt, and the wait is
 * abandoned as soon as the call is aborted.
 *
 * @example
 * const interceptors = [authInterceptor(resolveAuth({ apiKey }, {}, redactor))];
 */
export function authInterceptor(auth: ResolvedAuth): Interceptor {
  const value = fixedValues.get(auth);
  if (value !== undefined) {
    // A fixed credential is set at once: no promise, race or abort listener per attempt
    // (issue 10: client CPU per run). An aborted call still stops here, as with a provider.
    return (next) => (req) => {
      if (req.signal.aborted) return Promise.reject(abortError(req.signal));
      req.header.set("authorization", value);
      return next(req);
    };
  }
  return (next) => async (req) => {
    const provided = await abortable(auth.header(), req.signal);
    req.header.set("authorization", provided);
    return await next(req);
  };
}
