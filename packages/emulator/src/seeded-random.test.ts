import { describe, expect, it } from "vitest";
import { SeededRandom } from "./seeded-random.js";

describe("SeededRandom", () => {
  it("gives the same sequence for the same seed, within [0, 1)", () => {
    const a = new SeededRandom(3);
    const b = new SeededRandom(3);
    const values = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    // Roughly uniform: the mean of 1000 draws is near 0.5.
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);
  });

  it("differs between seeds", () => {
    expect(new SeededRandom(1).next()).not.toBe(new SeededRandom(2).next());
  });
});
