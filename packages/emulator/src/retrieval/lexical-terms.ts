/**
 * The terms a text index matches on: lower-cased runs of letters and digits
 * (any script), so "Number," and "number" are the same term. This stands in
 * for the service's standard tokenizer and lemmer analyzer, which the
 * emulator does not reproduce (no stemming: "numbers" ≠ "number").
 *
 * @example
 * lexicalTerms("My secret number is 57!"); // ["my", "secret", "number", "is", "57"]
 */
export function lexicalTerms(text: string): string[] {
  return [...text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
}
