import { describe, expect, it } from "vitest";
import { EnvelopeCounter } from "./envelope-counter.js";

function envelope(flags: number, length: number): Uint8Array {
  const bytes = new Uint8Array(5 + length);
  bytes[0] = flags;
  new DataView(bytes.buffer).setUint32(1, length);
  return bytes;
}

describe("EnvelopeCounter", () => {
  it("finds message ends across and within chunks", () => {
    const body = new Uint8Array([...envelope(0, 3), ...envelope(0, 0), ...envelope(0, 10)]);
    const counter = new EnvelopeCounter();
    expect(counter.feed(body.subarray(0, 4))).toEqual([]);
    expect(counter.feed(body.subarray(4, 16))).toEqual([4, 9]);
    expect(counter.feed(body.subarray(16))).toEqual([12]);
    expect(counter.messages).toBe(3);
  });

  it("does not count end-of-stream envelopes", () => {
    const counter = new EnvelopeCounter();
    const body = new Uint8Array([...envelope(0x80, 4), ...envelope(0x02, 2), ...envelope(1, 1)]);
    expect(counter.feed(body)).toEqual([body.length]);
    expect(counter.messages).toBe(1);
  });
});
