/**
 * Finds gRPC message boundaries in a response body (each message: a 1-byte flag, a 4-byte
 * big-endian length, then the payload), so the HTTP/2 fault proxy can reset a stream right
 * after the N-th event whatever way the bytes were chunked on their way through Node.
 *
 * @example
 * const counter = new GrpcMessageCounter();
 * const cut = counter.feed(chunk, 3); // offset in `chunk` just past the 3rd message, if it ends here
 */
export class GrpcMessageCounter {
  /** Complete messages seen so far. */
  count = 0;
  #header = Buffer.alloc(5);
  #headerFill = 0;
  #payloadLeft = 0;

  /**
   * Parses the next chunk. Returns the offset just past the end of message number `stopAt`
   * (1-based) when it ends inside this chunk, else `undefined` (and the chunk is consumed).
   */
  feed(chunk: Uint8Array, stopAt = Number.POSITIVE_INFINITY): number | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.#payloadLeft === 0) {
        const n = Math.min(5 - this.#headerFill, chunk.length - i);
        this.#header.set(chunk.subarray(i, i + n), this.#headerFill);
        this.#headerFill += n;
        i += n;
        if (this.#headerFill < 5) break;
        this.#headerFill = 0;
        this.#payloadLeft = this.#header.readUInt32BE(1);
        if (this.#payloadLeft === 0 && ++this.count === stopAt) return i;
        continue;
      }
      const n = Math.min(this.#payloadLeft, chunk.length - i);
      this.#payloadLeft -= n;
      i += n;
      if (this.#payloadLeft === 0 && ++this.count === stopAt) return i;
    }
    return undefined;
  }
}
