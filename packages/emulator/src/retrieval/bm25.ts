import { lexicalTerms } from "./lexical-terms.js";

/** BM25 term-frequency saturation. */
const K1 = 1.2;
/** BM25 length normalisation. */
const B = 0.75;

/**
 * Okapi BM25 scores of `query` against every document of `documents` (the
 * chunks of one search index), the lexical ranking of text indexes
 * (issue 9: "Text indexes use a lexical ranking (BM25 or similar)").
 * Uses k1 = 1.2, b = 0.75 and the non-negative idf
 * `ln(1 + (N - n + 0.5) / (n + 0.5))`; a document sharing no term with the
 * query scores 0.
 *
 * @example
 * bm25Scores("secret number", [["my", "secret", "number", "is", "57"], ["hello"]]); // [0.9…, 0]
 */
export function bm25Scores(query: string, documents: readonly (readonly string[])[]): number[] {
  const terms = [...new Set(lexicalTerms(query))];
  const count = documents.length;
  if (count === 0) return [];
  const averageLength = documents.reduce((sum, doc) => sum + doc.length, 0) / count || 1;
  const frequencies = documents.map((doc) => {
    const tf = new Map<string, number>();
    for (const term of doc) tf.set(term, (tf.get(term) ?? 0) + 1);
    return tf;
  });
  const idf = new Map<string, number>();
  for (const term of terms) {
    const containing = frequencies.filter((tf) => tf.has(term)).length;
    idf.set(term, Math.log(1 + (count - containing + 0.5) / (containing + 0.5)));
  }
  return documents.map((doc, index) => {
    const tf = frequencies[index] ?? new Map<string, number>();
    let score = 0;
    for (const term of terms) {
      const f = tf.get(term) ?? 0;
      if (f === 0) continue;
      score +=
        ((idf.get(term) ?? 0) * (f * (K1 + 1))) /
        (f + K1 * (1 - B + (B * doc.length) / averageLength));
    }
    return score;
  });
}
