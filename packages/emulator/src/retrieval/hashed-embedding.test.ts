import { describe, expect, it } from "vitest";
import { cosine, EMBEDDING_DIMENSIONS, embed } from "./hashed-embedding.js";

describe("embed", () => {
  it("is deterministic and unit length", () => {
    const a = embed("my secret number is 57");
    expect(a).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(embed("my secret number is 57")).toEqual(a);
    expect(cosine(a, a)).toBeCloseTo(1, 10);
  });

  it("puts texts sharing words closer than unrelated texts", () => {
    const query = embed("what is the secret number");
    expect(cosine(query, embed("my secret number is 57"))).toBeGreaterThan(
      cosine(query, embed("sunny weather tomorrow")),
    );
  });

  it("maps a text without letters or digits to the zero vector", () => {
    expect(cosine(embed("?!"), embed("hello"))).toBe(0);
  });
});
