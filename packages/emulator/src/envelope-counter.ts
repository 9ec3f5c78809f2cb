/**
 * Counts the enveloped messages (5-byte header: flags, 32-bit length) in a
 * response body written chunk by chunk, so transport faults can act "after N
 * events" of a Listen or Attach stream (issue 8, "Fault tooling") whatever
 * way the body is split into writes. End-of-stream envelopes (gRPC-web
 * trailers, flag 0x80; Connect end-stream, flag 0x02) are not messages.
 *
 * @example
 * const counter = new EnvelopeCounter();
 * counter.feed(chunk); // [offsets in chunk right after each message that ended in it]
 */
export class EnvelopeCounter {
  readonly #header = new Uint8Array(5);
  #headerFill = 0;
  #remaining = 0;
  #flags = 0;
  /** Messages seen so far. */
  messages = 0;

  /** Offsets within `chunk` right after each message that ends in it. */
  feed(chunk: Uint8Array): number[] {
    const ends: number[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.#headerFill < 5) {
        const take = Math.min(5 - this.#headerFill, chunk.length - at);
        this.#header.set(chunk.subarray(at, at + take), this.#headerFill);
        this.#headerFill += take;
        at += take;
        if (this.#headerFill < 5) break;
        this.#flags = this.#header[0] ?? 0;
        this.#remaining = new DataView(this.#header.buffer).getUint32(1);
        if (this.#remaining > 0) continue;
      } else {
        const take = Math.min(this.#remaining, chunk.length - at);
        at += take;
        this.#remaining -= take;
        if (this.#remaining > 0) break;
      }
      this.#headerFill = 0;
      if ((this.#flags & 0x82) === 0) {
        this.messages++;
        ends.push(at);
      }
    }
    return ends;
  }
}
