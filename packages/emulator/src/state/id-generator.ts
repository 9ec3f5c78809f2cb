import { mix64 } from "../seeded-random.js";

const ALPHABET = "0123456789abcdefghijklmnopqrstuv";
const ID_BODY_LENGTH = 17;

/**
 * Makes resource ids shaped like the real service's: a 3-letter prefix
 * ("fvt" for assistants, threads, messages and runs, as recorded) and 17
 * lowercase alphanumerics, e.g. `fvtr20dvn9joodimiih7`.
 *
 * Ids come from a counter run through a 64-bit bijection, so they look random,
 * are unique within one generator and are the same for every emulator
 * instance built with the same seed (deterministic tests).
 *
 * @example
 * const ids = new IdGenerator();
 * ids.next(); // "fvt" + 17 characters of [0-9a-v]
 * ids.next("aje"); // a principal-style id
 */
export class IdGenerator {
  #counter = 0n;
  readonly #seed: bigint;

  /** `seed` picks the sequence; equal seeds give equal sequences. */
  constructor(seed = 0) {
    this.#seed = BigInt.asUintN(64, BigInt(Math.trunc(seed)) * 0x9e3779b97f4a7c15n);
  }

  /** The next id, `prefix` followed by 17 characters of `[0-9a-v]`. */
  next(prefix = "fvt"): string {
    this.#counter += 1n;
    const unique = mix64(this.#seed ^ this.#counter);
    const filler = mix64(unique ^ 0x5851f42d4c957f2dn);
    // 13 base-32 digits hold all 64 bits of `unique` (so ids never collide),
    // 4 more come from `filler`.
    return prefix + base32(unique, 13) + base32(filler, ID_BODY_LENGTH - 13);
  }
}

function base32(value: bigint, digits: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < digits; i++) {
    out += ALPHABET[Number(rest & 31n)];
    rest >>= 5n;
  }
  return out;
}
