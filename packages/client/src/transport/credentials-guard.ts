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
  // A client calls one endpoint: the answer for the last URL is kept, so a call does not
  // parse its URL again (issue 10, row "one unary Get": about 4 µs of a call's CPU).
  let lastUrl: string | undefined;
  let lastRefused = false;
  const refuses = (url: string) => {
    if (url !== lastUrl) {
      lastRefused = refusesCredentials(url, allowInsecure);
      lastUrl = url;
    }
    return lastRefused;
  };
  return (next) => async (req) => {
    if (req.header.has("authorization") && refuses(req.url)) {
      const host = URL.canParse(req.url) ? new URL(req.url).host : "an unparsable URL";
      throw new ConnectError(
        `refusing to send credentials over plaintext http to ${JSON.stringify(host)}, ` +
          "which is not a loopback host: use https://, or set allowInsecure: true",
        Code.InvalidArgument,
      );
    }
    return await next(req);
  };
}
