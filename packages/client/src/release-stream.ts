/**
 * releaseStream: how the client lets go of a response stream it stops reading. Internal.
 *
 * Connect releases a call (its deadline timers, its HTTP/2 stream) only when the stream is
 * read to its end or fails (conformance cases listen-cursors/wait-releases-call and
 * listen-releases-call). Aborting is one way to make it fail, but it sends RST_STREAM(CANCEL),
 * and a server counts those: after about a thousand of them on one connection Node's HTTP/2
 * server answers GOAWAY(INTERNAL_ERROR) and every call in flight fails (issue 8, point 3).
 * So after a final event, when the server is about to end the stream anyway, the client reads
 * it to its end (its trailers), and cancels only if that takes longer than a short grace.
 *
 * @module
 */

/**
 * How long the client waits for a stream to end by itself after the final event before it
 * cancels it. A server ends Listen right after a final event, so this is only reached with a
 * server that keeps the stream open.
 */
export const DRAIN_GRACE_MS = 1000;

/**
 * Lets go of `messages`, the iterator of a stream whose call `controller` aborts:
 * - `drain: true` (the final event was read, the server ends the stream next): reads to the
 *   end, discarding anything more, for at most `graceMs`; then, or on an error, cancels;
 * - `drain: false` (the caller stopped early, or the stream failed): cancels at once.
 * Either way the call is read once more after a cancel, which fails at once and releases it.
 * Never throws.
 */
export async function releaseStream(
  messages: AsyncIterator<unknown>,
  controller: AbortController,
  drain: boolean,
  graceMs: number = DRAIN_GRACE_MS,
): Promise<void> {
  if (drain && !controller.signal.aborted) {
    // Past the grace the timer cancels the call, which fails the pending read: no race of
    // promises per read (issue 10: client CPU per run).
    const timer = setTimeout(() => controller.abort(), graceMs);
    timer.unref?.();
    try {
      for (;;) {
        const read = await messages.next();
        if (read.done === true) return;
      }
    } catch {
      return; // a failed read released the call too
    } finally {
      clearTimeout(timer);
    }
  }
  controller.abort();
  await messages.next().catch(() => {});
}
