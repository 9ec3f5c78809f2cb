import { describe, expect, it } from "vitest";
import { median, percentile, spread } from "./stats.js";

describe("stats", () => {
  it("takes medians and interpolated percentiles", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 0.99)).toBeCloseTo(4.96);
    expect(percentile([], 0.5)).toBeNaN();
    expect(spread([3, 1, 2])).toEqual({ min: 1, max: 3 });
  });
});
