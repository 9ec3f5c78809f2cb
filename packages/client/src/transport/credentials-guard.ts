/**
 * The plaintext-credentials guard as an interceptor, where the request URL is known.
 *
 * issue 3: credentials are refused over plaintext HTTP to a host that is not loopback unless
 * `allowInsecure` is set. issue 8, point 6: checking only the `endpoint` option let a
 * user-supplied `transport` to a remote `http://` host still get the key. An interceptor sees
 * each request's URL and headers, so the check runs on the request itself: in the client's own
 * chain (the URL of its endpoint), and, for a transport a user builds, inside that transport
 * (its real URL) when the user adds this interceptor to it.
 *
 * @module
 */
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { isLoopbackHost } from "./endpoint.js";

/**
 * Whether a request to `url` carrying credentials is refused: plaintext `http:` to a host
 * that is not loopback, unless `allowInsecure`.
 *
 * @example
 * refusesCredentials("http://10.0.0.5:8080/x", false); // true
 * refusesCredentials("http://127.0.0.1:8080/x", false); // false
 */
export function refusesCredentials(url: string, allowInsecure: boolean): boolean {
  if (allowInsecure) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true; // not a URL this guard can vouch for
  }
  return parsed.protocol !== "https:" && !isLoopbackHost(parsed.hostname);
}

/** How many request URLs one guard keeps its verdict for. */
const MAX_CACHED_URLS = 256;

/**
 * An interceptor that fails a call with `Code.InvalidArgument` before it is sent when the
 * request carries an `authorization` header and its URL is plaintext http to a host that is
 * not loopback. The message names the host and `allowInsecure`, never the credential.
 *
 * The client puts one in its own chain. Add one to a transport you build yourself, so the
 * check sees that transport's real URL:
 *
 * @example
 * import { createGrpcTransport } from "@connectrpc/connect-node";
 * const transport = createGrpcTransport({ baseUrl, interceptors: [credentialsGuardInterceptor()] });
 * const client = new AssistantsClient({ transport });
 */
export function credentialsGuardInterceptor(
  options: { allowInsecure?: boolean } = {},
): Interceptor {
  const allowInsecure = options.allowInsecure === true;
  // The verdict per request URL (one per method of one endpoint), so a call does not parse a
  // URL and test an address each time (issue 10: client CPU per run). Bounded.
  const verdicts = new Map<string, boolean>();
  const refuses = (url: string): boolean => {
    let verdict = verdicts.get(url);
    if (verdict === undefined) {
      verdict = refusesCredentials(url, allowInsecure);
      if (verdicts.size >= MAX_CACHED_URLS) verdicts.clear();
      verdicts.set(url, verdict);
    }
    return verdict;
  };
  // Not an async function: no extra promise and ticks per call (issue 10, client CPU per run).
  return (next) => (req) => {
    if (req.header.has("authorization") && refuses(req.url)) {
      const host = URL.canParse(req.url) ? new URL(req.url).host : "an unparsable URL";
      return Promise.reject(
        new ConnectError(
          `refusing to send credentials over plaintext http to ${JSON.stringify(host)}, ` +
            "which is not a loopback host: use https://, or set allowInsecure: true",
          Code.InvalidArgument,
        ),
      );
    }
    return next(req);
  };
}
