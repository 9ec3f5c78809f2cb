import type { SearchIndex } from "@yc-assistants/types/searchindex";
import { NormalizationStrategy } from "@yc-assistants/types/searchindex";
import { bm25Scores } from "./bm25.js";
import { combineScores, normalizeScores } from "./combine-scores.js";
import { cosine, embed } from "./hashed-embedding.js";

/** One stored chunk of a search index, with what both rankings need. */
export interface IndexedChunk {
  /** The file the chunk comes from. */
  readonly fileId: string;
  /** Position of the chunk in its file (0-based). */
  readonly position: number;
  readonly text: string;
  /** Lexical terms of the text (`lexicalTerms`). */
  readonly terms: readonly string[];
  /** Embedding of the text (`embed`). */
  readonly vector: Float64Array;
}

/** A chunk and its relevance to a query (higher is better). */
export interface ScoredChunk {
  readonly chunk: IndexedChunk;
  readonly score: number;
}

/**
 * Ranks the chunks of one search index for `query`, best first, by the
 * index type (issue 9): text → BM25; vector → cosine of the hashed n-gram
 * embeddings; hybrid → both, each normalised by `normalization_strategy`,
 * then combined by `combination_strategy`. Only matching chunks are kept
 * (score > 0; for a hybrid index, matched by either ranking); ties keep the stored order (file order, then position), so
 * the result is deterministic.
 *
 * @example
 * rankChunks(index, chunks, "what is my secret number?")[0]?.chunk.text; // "my secret number is 57"
 */
export function rankChunks(
  index: SearchIndex,
  chunks: readonly IndexedChunk[],
  query: string,
): ScoredChunk[] {
  const type = index.IndexType;
  let scores: number[];
  // Whether a chunk matched at all: min-max normalisation gives the weakest match of a ranking
  // 0, and a hybrid mean of two zeros would drop a chunk that both rankings matched.
  let matched: (order: number) => boolean = (order) => (scores[order] ?? 0) > 0;
  if (type.case === "vectorSearchIndex") {
    scores = vectorScores(chunks, query);
  } else if (type.case === "hybridSearchIndex") {
    const strategy =
      type.value.normalizationStrategy === NormalizationStrategy.NORMALIZATION_STRATEGY_UNSPECIFIED
        ? NormalizationStrategy.MIN_MAX
        : type.value.normalizationStrategy;
    const rawText = bm25Scores(
      query,
      chunks.map((c) => c.terms),
    );
    const rawVector = vectorScores(chunks, query);
    const text = normalizeScores(rawText, strategy);
    const vector = normalizeScores(rawVector, strategy);
    scores = combineScores(text, vector, type.value.combinationStrategy);
    matched = (order) => (rawText[order] ?? 0) > 0 || (rawVector[order] ?? 0) > 0;
  } else {
    scores = bm25Scores(
      query,
      chunks.map((c) => c.terms),
    );
  }
  return chunks
    .map((chunk, order) => ({ chunk, score: scores[order] ?? 0, order }))
    .filter((x) => matched(x.order))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ chunk, score }) => ({ chunk, score }));
}

function vectorScores(chunks: readonly IndexedChunk[], query: string): number[] {
  const q = embed(query);
  return chunks.map((chunk) => cosine(q, chunk.vector));
}
