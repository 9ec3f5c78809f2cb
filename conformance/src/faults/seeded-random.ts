/**
 * A tiny seeded pseudo-random generator (mulberry32) for the fault proxies and chaos
 * scenarios: the same seed picks the same cut offsets, lost responses and GOAWAYs, so a
 * failing chaos figure can be rerun with `--seed` (issue 8, "Fault tooling").
 *
 * @example
 * const random = seededRandom(7);
 * random(); // a float in [0, 1), the same sequence for seed 7 every time
 */
export function seededRandom(seed: number): () => number {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An integer in `[min, max]` (both included) drawn from `random`.
 *
 * @example
 * randomInt(seededRandom(1), 1, 6); // a die roll
 */
export function randomInt(random: () => number, min: number, max: number): number {
  if (max < min) throw new RangeError(`randomInt: max ${max} < min ${min}`);
  return min + Math.floor(random() * (max - min + 1));
}
