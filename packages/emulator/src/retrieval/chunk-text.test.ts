import { describe, expect, it } from "vitest";
import { chunkText } from "./chunk-text.js";

describe("chunkText", () => {
  it("windows of max tokens overlapping by the overlap, the last ending at the text's end", () => {
    expect(chunkText("a b c d e", 3, 1)).toEqual(["a b c", "c d e"]);
    expect(chunkText("a b c d e f", 2, 0)).toEqual(["a b", "c d", "e f"]);
    expect(chunkText("a b c d", 3, 1)).toEqual(["a b c", "c d"]);
  });

  it("keeps a short text whole, and the whitespace inside a chunk as it was", () => {
    expect(chunkText("my secret number is 57", 800, 400)).toEqual(["my secret number is 57"]);
    expect(chunkText("  one\n\ttwo  ", 5, 0)).toEqual(["one\n\ttwo"]);
  });

  it("has no chunk for an empty text and rejects a size below 1", () => {
    expect(chunkText(" \n ", 10, 2)).toEqual([]);
    expect(() => chunkText("a", 0, 0)).toThrow(RangeError);
  });
});
