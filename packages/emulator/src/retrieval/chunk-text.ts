/**
 * Splits a document into the chunks a search index stores, by the static
 * chunking strategy of the index (issue 9): windows of at most
 * `maxTokens` tokens, each starting `maxTokens - overlapTokens` tokens after
 * the previous one, so consecutive chunks share `overlapTokens` tokens.
 *
 * Tokens are counted as the emulator's models count them
 * (`model/tokens.ts`: whitespace-separated words); a chunk is the original
 * text from its first word to its last, whitespace inside kept as it was.
 * The last window ends at the end of the text; an empty text has no chunks.
 *
 * @example
 * chunkText("a b c d e", 3, 1); // ["a b c", "c d e"]
 */
export function chunkText(text: string, maxTokens: number, overlapTokens: number): string[] {
  if (!(Number.isInteger(maxTokens) && maxTokens >= 1)) {
    throw new RangeError("maxTokens must be a positive integer");
  }
  const overlap = Math.max(0, Math.min(overlapTokens, maxTokens - 1));
  const words = [...text.matchAll(/\S+/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  const chunks: string[] = [];
  const step = maxTokens - overlap;
  for (let first = 0; first < words.length; first += step) {
    const last = Math.min(first + maxTokens, words.length) - 1;
    const from = words[first];
    const to = words[last];
    if (from === undefined || to === undefined) break;
    chunks.push(text.slice(from.start, to.end));
    if (last === words.length - 1) break;
  }
  return chunks;
}
