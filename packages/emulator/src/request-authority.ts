/**
 * The address a client reached the emulator at, for the addresses the emulator hands out.
 *
 * issue 9: GetUrl download URLs and endpoint discovery point at the emulator itself. The
 * address it listens on is not always one a client can use: bound to `0.0.0.0` (as in a
 * container) it would hand out `0.0.0.0:PORT`. The `:authority` (or `Host`) a request came
 * with is how that client reaches the emulator, so answers name it; in-process routes, which
 * have none, name the listening address.
 *
 * @module
 */
import { createContextKey, createContextValues, type HandlerContext } from "@connectrpc/connect";

/** The `host:port` of the request (its `:authority` or `Host`), when it came over a socket. */
export const kRequestAuthority = createContextKey<string | undefined>(undefined, {
  description: "the host:port a client reached the emulator at",
});

/** Context values of an incoming request: its authority (for `connectNodeAdapter`). */
export function requestAuthorityValues(headers: Record<string, string | string[] | undefined>) {
  const raw = headers[":authority"] ?? headers["host"];
  const authority = Array.isArray(raw) ? raw[0] : raw;
  // Only a plain host:port is echoed back into URLs (nothing a client could inject a path with).
  const safe =
    authority !== undefined &&
    /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(authority)
      ? authority
      : undefined;
  return createContextValues().set(kRequestAuthority, safe);
}

/** The base URL (`http://host:port`) to hand this request's client: its authority, else `fallback`. */
export function clientBaseUrl(context: HandlerContext | undefined, fallback: string): string {
  const authority = context?.values.get(kRequestAuthority);
  return authority === undefined ? fallback : `http://${authority}`;
}
