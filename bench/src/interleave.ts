/**
 * Runs the contenders of a row in turns, A B A B (issue 10: "the two clients
 * interleaved A B A B … a warm-up"): `warmups` discarded rounds, then `reps`
 * measured rounds; the order flips every round (A B, then B A) so neither
 * contender always runs on the other's garbage or warm caches. Each step
 * returns its measurement for the round.
 *
 * @example
 * const [ours, official] = await interleave(5, 1, [measureOurs, measureOfficial]);
 */
export async function interleave(
  reps: number,
  warmups: number,
  steps: ReadonlyArray<() => Promise<number>>,
): Promise<number[][]> {
  const results = steps.map(() => [] as number[]);
  for (let round = -warmups; round < reps; round++) {
    const order = steps.map((_, i) => i);
    if (round % 2 !== 0) order.reverse();
    for (const i of order) {
      const value = await (steps[i] as () => Promise<number>)();
      if (round >= 0) (results[i] as number[]).push(value);
    }
  }
  return results;
}
