/**
 * A small deterministic pseudo-random generator (SplitMix64), so that every
 * emulator instance makes the same "random" choices for the same seed: ids,
 * injected faults. Tests depend on this to be reproducible (spec: the emulator
 * is deterministic).
 *
 * @example
 * const random = new SeededRandom(42);
 * random.next(); // a float in [0, 1), the same sequence for seed 42 every time
 */
export class SeededRandom {
  #state: bigint;

  /** Starts the sequence at `seed` (any integer; the default is 1). */
  constructor(seed = 1) {
    this.#state = BigInt.asUintN(64, BigInt(Math.trunc(seed)));
  }

  /** The next 64-bit value of the sequence. */
  nextBits(): bigint {
    this.#state = BigInt.asUintN(64, this.#state + 0x9e3779b97f4a7c15n);
    return mix64(this.#state);
  }

  /** The next float in [0, 1). */
  next(): number {
    // 53 high bits give a uniformly spaced double in [0, 1).
    return Number(this.nextBits() >> 11n) / 2 ** 53;
  }
}

/**
 * The SplitMix64 finaliser: a bijection on 64-bit integers, so distinct
 * inputs always give distinct outputs (ids built on it never collide).
 */
export function mix64(value: bigint): bigint {
  let z = BigInt.asUintN(64, value);
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return z ^ (z >> 31n);
}
