import { describe, expect, it } from "vitest";
import { interleave } from "./interleave.js";

describe("interleave", () => {
  it("alternates A B / B A, discards the warm-ups and keeps each step's results", async () => {
    const calls: string[] = [];
    let n = 0;
    const step = (name: string) => async () => {
      calls.push(name);
      return n++;
    };
    const [a, b] = await interleave(3, 1, [step("A"), step("B")]);
    expect(calls).toEqual(["B", "A", "A", "B", "B", "A", "A", "B"]);
    expect(a).toEqual([2, 5, 6]);
    expect(b).toEqual([3, 4, 7]);
  });
});
