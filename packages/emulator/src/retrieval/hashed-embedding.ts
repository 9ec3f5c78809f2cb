/** Dimensions of the emulator's embedding vectors. */
export const EMBEDDING_DIMENSIONS = 256;
const NGRAM = 3;

/**
 * The deterministic embedding of vector indexes (issue 9: "a deterministic
 * embedding that needs no model download"): character trigrams of the
 * lower-cased text, each word padded with spaces, hashed (FNV-1a) into
 * {@link EMBEDDING_DIMENSIONS} buckets with a hashed sign, then
 * L2-normalised. Texts sharing words or word parts get a high cosine; the
 * same text always gets the same vector.
 *
 * @example
 * cosine(embed("secret number"), embed("my secret number is 57")) > cosine(embed("secret number"), embed("hello")); // true
 */
export function embed(text: string): Float64Array {
  const vector = new Float64Array(EMBEDDING_DIMENSIONS);
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = ` ${match[0]} `;
    const chars = [...word];
    for (let i = 0; i + NGRAM <= chars.length; i++) {
      const hash = fnv1a(chars.slice(i, i + NGRAM).join(""));
      const bucket = hash % EMBEDDING_DIMENSIONS;
      vector[bucket] = (vector[bucket] ?? 0) + ((hash >>> 16) & 1 ? 1 : -1);
    }
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

/** Cosine similarity of two vectors of {@link embed} (both unit length, so their dot product). */
export function cosine(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
