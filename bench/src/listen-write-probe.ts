import http2 from "node:http2";
import { wallNow } from "./wall-clock.js";

/**
 * Records when the emulator hands the newest message of a Listen response to
 * HTTP/2: the wait-latency row's "server's final event" (issue 10 row
 * "`wait()`: server's final event -> result in hand"). The row runs one run at
 * a time, so the last Listen write before the result is in hand is the final
 * event of that run, for every client alike.
 *
 * It wraps `Http2ServerResponse.prototype.write` (connect-node writes every
 * gRPC envelope of a response with it) and calls straight through; it
 * changes no byte. `writes` counts what it saw, so the row fails loudly
 * instead of reporting nonsense if the emulator ever stops writing through
 * the HTTP/2 compatibility API.
 *
 * @example
 * const probe = installListenWriteProbe();
 * // … a Listen stream ends …
 * probe.lastListenWriteAt(); // wall-clock ms
 */
export function installListenWriteProbe(): ListenWriteProbe {
  const proto = http2.Http2ServerResponse.prototype;
  const original = proto.write;
  let last = Number.NaN;
  let writes = 0;
  proto.write = function write(this: http2.Http2ServerResponse, ...args: unknown[]) {
    if (this.req?.url?.endsWith("/Listen")) {
      last = wallNow();
      writes++;
    }
    return (original as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof proto.write;
  return { lastListenWriteAt: () => last, listenWrites: () => writes };
}

/** What {@link installListenWriteProbe} saw. */
export interface ListenWriteProbe {
  /** Wall-clock ms of the newest write to a Listen response; NaN before the first. */
  lastListenWriteAt(): number;
  /** How many Listen writes were seen so far. */
  listenWrites(): number;
}
