import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type SearchIndex, SearchIndexSchema } from "@yc-assistants/types/searchindex";
import { describe, expect, it } from "vitest";
import { embed } from "./hashed-embedding.js";
import { lexicalTerms } from "./lexical-terms.js";
import { type IndexedChunk, rankChunks } from "./rank-chunks.js";

function chunks(...texts: string[]): IndexedChunk[] {
  return texts.map((text, position) => ({
    fileId: "f",
    position,
    text,
    terms: lexicalTerms(text),
    vector: embed(text),
  }));
}

const docs = chunks("the weather is sunny", "my secret number is 57", "numbers are fun");

function index(type: MessageInitShape<typeof SearchIndexSchema>["IndexType"]): SearchIndex {
  return create(SearchIndexSchema, { id: "i", IndexType: type });
}

describe("rankChunks", () => {
  it("text indexes rank by BM25 and drop chunks sharing no term", () => {
    const ranked = rankChunks(index({ case: "textSearchIndex", value: {} }), docs, "secret number");
    expect(ranked.map((r) => r.chunk.text)).toEqual(["my secret number is 57"]);
  });

  it("vector indexes rank by the hashed n-gram cosine (word parts match too)", () => {
    const ranked = rankChunks(index({ case: "vectorSearchIndex", value: {} }), docs, "secrets");
    expect(ranked[0]?.chunk.text).toBe("my secret number is 57");
  });

  it("hybrid indexes combine both rankings, deterministically", () => {
    const hybrid = index({
      case: "hybridSearchIndex",
      value: { combinationStrategy: { Strategy: { case: "rrfCombination", value: {} } } },
    });
    const first = rankChunks(hybrid, docs, "what is my secret number?");
    expect(first[0]?.chunk.text).toBe("my secret number is 57");
    expect(rankChunks(hybrid, docs, "what is my secret number?")).toEqual(first);
  });

  it("a hybrid index with min-max and the mean keeps the weakest match of both rankings", () => {
    // Both chunks match both rankings; min-max gives the weaker one 0 in each, and the mean
    // of two zeros must not drop it (text and vector indexes return both).
    const two = chunks("secret number one", "a secret kept");
    const hybrid = index({ case: "hybridSearchIndex", value: {} });
    const text = rankChunks(index({ case: "textSearchIndex", value: {} }), two, "secret number");
    const ranked = rankChunks(hybrid, two, "secret number");
    expect(text).toHaveLength(2);
    expect(ranked.map((r) => r.chunk.text)).toEqual(["secret number one", "a secret kept"]);
  });
});
