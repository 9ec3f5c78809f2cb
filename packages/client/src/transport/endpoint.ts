/**
 * Endpoints: parsing the `endpoint` option, recognising loopback hosts, and the TLS policy
 * (credentials never travel in plaintext to a remote host).
 *
 * spec/runs.md, "Transport facts of the Python SDK": `assistant.api.cloud.yandex.net:443`,
 * TLS on by default. issue 3: credentials are refused over plaintext HTTP to a host that is
 * not loopback unless an explicit `allowInsecure` option is set.
 *
 * @module
 */
import { BlockList, isIP } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * The Yandex Cloud endpoint of the Assistants API (gRPC over TLS, port 443).
 *
 * @example
 * new AssistantsClient({ endpoint: DEFAULT_ENDPOINT }); // same as leaving it out
 */
export const DEFAULT_ENDPOINT = "https://assistant.api.cloud.yandex.net";

/**
 * A validated endpoint.
 *
 * @example
 * parseEndpoint("https://localhost:8443").baseUrl; // "https://localhost:8443"
 */
export interface ParsedEndpoint {
  /** Normalised base URL for Connect, without a trailing slash. */
  readonly baseUrl: string;
  /** `true` for https (TLS), `false` for plaintext http (h2c). */
  readonly secure: boolean;
  /** The host name or IP literal, IPv6 without brackets, lower-case. */
  readonly hostname: string;
  /** Whether the host is a loopback name or address (traffic never leaves the machine). */
  readonly loopback: boolean;
}

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}

const loopbackAddresses = new BlockList();
loopbackAddresses.addSubnet("127.0.0.0", 8, "ipv4");
loopbackAddresses.addAddress("::1", "ipv6");

/**
 * Whether `hostname` is loopback: `localhost`, an address in `127.0.0.0/8`, `::1`, or an
 * IPv4-mapped IPv6 form of a `127.x` address. Brackets around IPv6 literals are accepted.
 * Other names are not trusted, even if they happen to resolve to a loopback address.
 *
 * @example
 * isLoopbackHost("127.0.0.1"); // true
 * isLoopbackHost("[::1]"); // true
 * isLoopbackHost("10.0.0.1"); // false
 */
export function isLoopbackHost(hostname: string): boolean {
  let host = hostname.toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host === "localhost" || host === "localhost.") return true;
  const family = isIP(host);
  if (family === 4) return loopbackAddresses.check(host, "ipv4");
  if (family === 6) return loopbackAddresses.check(host, "ipv6");
  return false;
}

/**
 * Parses the `endpoint` option (or the `YC_ASSISTANTS_ENDPOINT` variable: `field` names
 * whichever was used in the errors). Accepted form: a full URL with its scheme,
 * `https://host[:port][/path]` (TLS) or `http://host[:port][/path]` (plaintext h2c, e.g. the
 * emulator on loopback). Throws `Code.InvalidArgument` naming `field`, before any network
 * call, for a missing scheme, any other scheme, a port outside 1–65535, user info, a query or
 * fragment, or no host.
 *
 * A bare `host:port` of a remote host means TLS, as in gRPC and in the spec's own
 * `assistant.api.cloud.yandex.net:443` (spec/runs.md, "Endpoint": TLS on by default). A bare
 * loopback `host:port` is refused rather than guessed (issue 12, point 1): it used to mean
 * https too, so `endpoint: "127.0.0.1:8080"` reached the plaintext emulator over TLS and failed
 * with `[internal] SSL routines … wrong version number`; the error now suggests `http://`.
 *
 * @example
 * parseEndpoint("https://assistant.api.cloud.yandex.net:443").baseUrl;
 * // "https://assistant.api.cloud.yandex.net"
 * parseEndpoint("http://127.0.0.1:50051").secure; // false
 * parseEndpoint("assistant.api.cloud.yandex.net:443").secure; // true
 * parseEndpoint("127.0.0.1:50051"); // throws: … write "http://127.0.0.1:50051" …
 */
export function parseEndpoint(endpoint: string, field = "endpoint"): ParsedEndpoint {
  if (typeof endpoint !== "string" || endpoint.trim() === "") {
    throw invalid(`${field} must be a non-empty string such as https://host:port`);
  }
  const trimmed = endpoint.trim();
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : withoutScheme(trimmed, field);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(
      `${field} ${JSON.stringify(text)} is not a valid URL (e.g. https://host:443 or http://127.0.0.1:8080)`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalid(
      `${field} scheme must be https:// or http://, got ${JSON.stringify(url.protocol)}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    // The user info is not quoted: it is a credential.
    throw invalid(`${field} must not contain user info; pass credentials in options.auth`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw invalid(`${field} ${JSON.stringify(text)} must not have a query or fragment`);
  }
  if (url.hostname === "") {
    throw invalid(`${field} ${JSON.stringify(text)} has no host`);
  }
  if (url.port === "0") {
    throw invalid(`${field} ${JSON.stringify(text)} has port 0; the port must be 1 to 65535`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  let hostname = url.hostname.toLowerCase();
  if (hostname.startsWith("[") && hostname.endsWith("]")) hostname = hostname.slice(1, -1);
  return Object.freeze({
    baseUrl: `${url.protocol}//${url.host}${path}`,
    secure: url.protocol === "https:",
    hostname,
    loopback: isLoopbackHost(hostname),
  });
}

/**
 * The error of an endpoint without a scheme: which URL to write instead (issue 12, point 1).
 * The host is read from `host:port` (or `[v6]:port`) to tell loopback from the rest.
 */
/** A bare `host[:port]`: `https://` for a remote host; refused for loopback and user info. */
function withoutScheme(text: string, field: string): string {
  if (text.includes("@")) {
    // Possibly user info (a credential): not quoted.
    throw invalid(
      `${field} has no scheme and must not contain user info; write https://host[:port]`,
    );
  }
  let host = text.split("/", 1)[0] ?? "";
  const bracketed = /^\[[^\]]*\]/.exec(host);
  if (bracketed) host = bracketed[0];
  else if (host.split(":").length === 2) host = host.slice(0, host.indexOf(":"));
  if (!isLoopbackHost(host)) return `https://${text}`;
  throw invalid(
    `${field} ${JSON.stringify(text)} has no scheme: write ${JSON.stringify(`http://${text}`)} ` +
      "(a loopback server such as the emulator speaks plaintext; a bare host:port means TLS); " +
      "an endpoint is https://host[:port] or http://host[:port]",
  );
}

/**
 * The TLS policy for credentials: throws `Code.InvalidArgument` (naming `allowInsecure`)
 * when `endpoint` is plaintext http to a host that is not loopback and `allowInsecure` is
 * not `true`. Runs before any connection is made.
 *
 * @example
 * assertCredentialsAllowed(parseEndpoint("http://10.0.0.1:8080"), false); // throws
 * assertCredentialsAllowed(parseEndpoint("http://127.0.0.1:8080"), false); // ok
 */
export function assertCredentialsAllowed(endpoint: ParsedEndpoint, allowInsecure: boolean): void {
  if (endpoint.secure || endpoint.loopback || allowInsecure) return;
  throw invalid(
    `refusing to send credentials over plaintext http to ${JSON.stringify(endpoint.hostname)}, ` +
      "which is not a loopback host: use an https:// endpoint, or set allowInsecure: true",
  );
}
