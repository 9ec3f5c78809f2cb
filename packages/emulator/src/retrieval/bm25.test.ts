import { describe, expect, it } from "vitest";
import { bm25Scores } from "./bm25.js";
import { lexicalTerms } from "./lexical-terms.js";

describe("bm25Scores", () => {
  const docs = [
    "my secret number is 57",
    "the weather is nice today",
    "a number, a number and another number",
  ].map(lexicalTerms);

  it("scores documents sharing query terms above those sharing none", () => {
    const [secret, weather, numbers] = bm25Scores("what is my secret number?", docs);
    expect(secret).toBeGreaterThan(numbers ?? 0);
    expect(secret).toBeGreaterThan(weather ?? 0);
    expect(bm25Scores("zebra", docs)).toEqual([0, 0, 0]);
  });

  it("matches terms case- and punctuation-insensitively", () => {
    expect(lexicalTerms("Number, NUMBER!")).toEqual(["number", "number"]);
    expect(bm25Scores("SECRET", docs)[0]).toBeGreaterThan(0);
  });
});
