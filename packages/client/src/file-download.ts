/**
 * File download: the bytes behind the URL that `FileService/GetUrl` returns.
 *
 * The real service returns an HTTPS object-storage URL with a signed, expiring query
 * (yandex-recorded-files README: "a plain GET of it returns the file's bytes"); the emulator
 * (issue 9, "Emulator") serves `http://<emulator>/…` on its own gRPC port, which speaks HTTP/2
 * cleartext only. Node's `fetch` speaks HTTP/1.1 to `http:` URLs, so those go over
 * `node:http2` first, and over `fetch` when the server turns out not to speak HTTP/2.
 *
 * The URL is the credential: no `authorization` header (nor any other client header) is ever
 * sent to it, and errors name the URL without its query (the signature).
 *
 * @module
 */
import http2 from "node:http2";
import { Code, ConnectError } from "@connectrpc/connect";
import { Deadline } from "./deadline.js";
import { abortError } from "./transport/abortable.js";
import { isLoopbackHost } from "./transport/endpoint.js";

/** Options of {@link downloadBytes}. */
export interface DownloadBytesOptions {
  /** Aborts the download (`Code.Canceled`). */
  signal?: AbortSignal;
  /** The whole download, in ms (`Code.DeadlineExceeded`). */
  timeoutMs?: number;
  /**
   * A `host:port` that plaintext `http:` is allowed to besides loopback hosts: the client's
   * own plaintext endpoint (already allowed by its `allowInsecure` policy).
   */
  trustedHttpHost?: string;
}

/** The server is not an HTTP/2 server: try HTTP/1.1. */
class NotHttp2 extends Error {}

/** The URL for messages: origin and path, never the signed query. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** The Connect code of an HTTP status of a failed download. */
export function codeOfHttpStatus(status: number): Code {
  if (status === 400) return Code.InvalidArgument;
  if (status === 401) return Code.Unauthenticated;
  if (status === 403) return Code.PermissionDenied;
  if (status === 404 || status === 410) return Code.NotFound;
  if (status === 408) return Code.DeadlineExceeded;
  if (status === 429) return Code.ResourceExhausted;
  if (status >= 500) return Code.Unavailable;
  return Code.Unknown;
}

function httpError(url: URL, status: number): ConnectError {
  return new ConnectError(
    `download of ${describeUrl(url)} failed with HTTP ${status}`,
    codeOfHttpStatus(status),
  );
}

function networkError(url: URL, e: unknown): ConnectError {
  const cause = e instanceof Error ? (e.cause instanceof Error ? e.cause : e) : undefined;
  const reason = cause?.message ?? String(e);
  return new ConnectError(
    `download of ${describeUrl(url)} failed: ${reason}`,
    Code.Unavailable,
    undefined,
    undefined,
    e,
  );
}

/**
 * The bytes at `url`: `https:` through `fetch`; `http:` (loopback hosts and
 * `trustedHttpHost` only) through HTTP/2 cleartext, or `fetch` when the server is not an
 * HTTP/2 server. Redirects are refused.
 *
 * @throws ConnectError `Code.PermissionDenied` for plaintext http to another host; the HTTP
 * status as a code (`NotFound` for 404, `PermissionDenied` for 403, `Unavailable` for 5xx);
 * `Code.Unavailable` for network errors; `Code.Canceled` / `Code.DeadlineExceeded`.
 * @example
 * const bytes = await downloadBytes(url, { timeoutMs: 30_000 });
 */
export async function downloadBytes(
  rawUrl: string,
  options: DownloadBytesOptions = {},
): Promise<Uint8Array> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ConnectError("the download URL the server returned is not a URL", Code.Internal);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConnectError(
      `the download URL has scheme ${url.protocol}; only https: and http: are supported`,
      Code.Unimplemented,
    );
  }
  if (
    url.protocol === "http:" &&
    !isLoopbackHost(url.hostname) &&
    url.host !== options.trustedHttpHost
  ) {
    throw new ConnectError(
      `refusing to download ${describeUrl(url)} over plaintext http from a host that is neither loopback nor the client's endpoint`,
      Code.PermissionDenied,
    );
  }
  const deadline = new Deadline(options.signal, options.timeoutMs);
  try {
    if (url.protocol === "http:") {
      try {
        return await viaHttp2(url, deadline.signal);
      } catch (e) {
        if (!(e instanceof NotHttp2)) throw e;
      }
    }
    return await viaFetch(url, deadline.signal);
  } finally {
    deadline.dispose();
  }
}

async function viaFetch(url: URL, signal: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    // A bare GET: no headers of the client, no credentials (the URL is signed).
    // No redirects: a signed URL names its object, and a redirect could lead to plaintext
    // http on another host, past the loopback-only rule for http downloads.
    response = await fetch(url, { method: "GET", redirect: "error", signal });
  } catch (e) {
    if (signal.aborted) throw abortError(signal);
    throw networkError(url, e);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw httpError(url, response.status);
  }
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    if (signal.aborted) throw abortError(signal);
    throw networkError(url, e);
  }
}

function viaHttp2(url: URL, signal: AbortSignal): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    let settled = false;
    let responded = false;
    let status = 0;
    const chunks: Buffer[] = [];
    const session = http2.connect(url.origin);
    const finish = (error: unknown, bytes?: Uint8Array) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      session.destroy();
      if (error !== undefined) reject(error);
      else resolve(bytes as Uint8Array);
    };
    const onAbort = () => finish(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    const onFailure = (e: unknown) => {
      const code = (e as { code?: string }).code;
      // Before any response, a protocol failure means the server is not an HTTP/2 server
      // (an HTTP/1.1 server answers the preface with a 400 and closes): try fetch instead.
      // A refused or unresolvable connection would fail there too: report it as is.
      const refused = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
      finish(!responded && !refused ? new NotHttp2(String(e)) : networkError(url, e));
    };
    session.on("error", onFailure);
    session.on("close", () => {
      if (!responded) finish(new NotHttp2("the connection closed before a response"));
    });
    const request = session.request({ ":method": "GET", ":path": `${url.pathname}${url.search}` });
    request.on("response", (headers) => {
      responded = true;
      status = Number(headers[":status"] ?? 0);
    });
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("error", onFailure);
    request.on("end", () => {
      if (!responded) {
        finish(new NotHttp2("the stream ended before a response"));
        return;
      }
      if (status < 200 || status > 299) {
        finish(httpError(url, status));
        return;
      }
      finish(undefined, new Uint8Array(Buffer.concat(chunks)));
    });
    request.end();
  });
}
