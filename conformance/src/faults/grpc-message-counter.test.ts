import { describe, expect, it } from "vitest";
import { GrpcMessageCounter } from "./grpc-message-counter.js";

const message = (payload: number[]) => Buffer.from([0, 0, 0, 0, payload.length, ...payload]);

describe("GrpcMessageCounter", () => {
  const body = Buffer.concat([message([1, 2, 3]), message([]), message([4, 5])]);

  it("finds the end of the N-th message inside a chunk", () => {
    expect(new GrpcMessageCounter().feed(body, 1)).toBe(8);
    expect(new GrpcMessageCounter().feed(body, 2)).toBe(13);
    expect(new GrpcMessageCounter().feed(body, 3)).toBe(body.length);
    const all = new GrpcMessageCounter();
    expect(all.feed(body)).toBeUndefined();
    expect(all.count).toBe(3);
  });

  it("keeps headers and payloads split across chunks", () => {
    const counter = new GrpcMessageCounter();
    const ends: number[] = [];
    body.forEach((b, i) => {
      if (counter.feed(Buffer.from([b]), counter.count + 1) !== undefined) ends.push(i + 1);
    });
    expect(ends).toEqual([8, 13, body.length]);
  });
});
