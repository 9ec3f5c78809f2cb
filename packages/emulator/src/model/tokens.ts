/**
 * Token arithmetic of the emulator's models: a "token" is a
 * whitespace-separated word (contracts: prompt tokens are the words of all
 * thread messages and the instruction).
 *
 * @example
 * countTokens("Hello, world!"); // 2
 */
export function countTokens(text: string): number {
  const words = text.trim().split(/\s+/);
  return words[0] === "" ? 0 : words.length;
}

/**
 * Splits `text` into about `count` cumulative chunks on word boundaries, the
 * way the real service streams partial messages: every chunk holds all text
 * so far and the last one is the whole text (spec/runs.md: partial messages
 * are cumulative).
 *
 * @example
 * cumulativeChunks("Echo: one two three", 3); // ["Echo: one", "Echo: one two", "Echo: one two three"]
 */
export function cumulativeChunks(text: string, count = 3): string[] {
  const ends: number[] = [];
  for (const match of text.matchAll(/\S+/g)) ends.push(match.index + match[0].length);
  if (ends.length === 0) return [text];
  const chunks = Math.max(1, Math.min(count, ends.length));
  const out: string[] = [];
  for (let i = 1; i <= chunks; i++) {
    const wordIndex = Math.ceil((i * ends.length) / chunks) - 1;
    const end = i === chunks ? text.length : (ends[wordIndex] ?? text.length);
    out.push(text.slice(0, end));
  }
  return out;
}
