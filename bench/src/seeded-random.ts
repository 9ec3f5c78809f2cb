/**
 * A seeded pseudo-random generator (mulberry32) and seeded prose, so every
 * bench run streams the very same bytes (issue 10: "fixed seeds"): text that
 * compresses like words, not like zeros or noise.
 *
 * @example
 * const random = seededRandom(1);
 * random(); // 0.6270739405881613, always
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "the run thread assistant message partial event stream token cursor answer model tool " +
  "call result status usage listen wait submit server client latency bytes cloud folder " +
  "yandex gpt prompt completion text content part delta final done error retry"
).split(" ");

/**
 * `length` characters of seeded words separated by spaces (the last word is
 * cut to fit).
 *
 * @example
 * seededText(1, 20).length; // 20
 */
export function seededText(seed: number, length: number): string {
  const random = seededRandom(seed);
  const words: string[] = [];
  let size = 0;
  while (size < length) {
    const word = WORDS[Math.floor(random() * WORDS.length)] ?? "x";
    words.push(word);
    size += word.length + 1;
  }
  return words.join(" ").slice(0, length);
}
