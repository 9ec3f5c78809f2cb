import { describe, expect, it } from "vitest";
import { countTokens, cumulativeChunks } from "./tokens.js";

describe("countTokens", () => {
  it("counts whitespace-separated words", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("   ")).toBe(0);
    expect(countTokens("hey!")).toBe(1);
    expect(countTokens(" do a FOO\nwith  5, 4 ")).toBe(6);
  });
});

describe("cumulativeChunks", () => {
  it("splits into about three cumulative chunks ending with the whole text", () => {
    expect(cumulativeChunks("Echo: one two three")).toEqual([
      "Echo: one",
      "Echo: one two",
      "Echo: one two three",
    ]);
    const chunks = cumulativeChunks("a b c d e f g h i j");
    expect(chunks).toHaveLength(3);
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i]?.startsWith(chunks[i - 1] ?? "")).toBe(true);
    }
    expect(chunks.at(-1)).toBe("a b c d e f g h i j");
  });

  it("makes fewer chunks for short texts", () => {
    expect(cumulativeChunks("Echo: hi")).toEqual(["Echo:", "Echo: hi"]);
    expect(cumulativeChunks("one")).toEqual(["one"]);
    expect(cumulativeChunks("")).toEqual([""]);
    expect(cumulativeChunks("a b c d", 1)).toEqual(["a b c d"]);
  });
});
