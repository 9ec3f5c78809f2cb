import {
  type CombinationStrategy,
  MeanCombinationStrategy_MeanEvaluationTechnique as MeanTechnique,
  NormalizationStrategy,
} from "@yc-assistants/types/searchindex";

/** RRF constant when `rrf_combination.k` is unset (the usual value; recordings silent). */
export const DEFAULT_RRF_K = 60;

/**
 * Rescales one ranking's scores before they are combined (hybrid indexes,
 * `normalization_strategy`): MIN_MAX maps the lowest matching score to 0 and
 * the highest to 1 (all equal: 1), L2 divides by the Euclidean norm.
 * Unspecified is MIN_MAX (recordings silent). Scores ≤ 0 (no match) stay 0.
 *
 * @example
 * normalizeScores([2, 1, 0], NormalizationStrategy.MIN_MAX); // [1, 0, 0]
 */
export function normalizeScores(
  scores: readonly number[],
  strategy: NormalizationStrategy,
): number[] {
  const matching = scores.filter((s) => s > 0);
  if (matching.length === 0) return scores.map(() => 0);
  if (strategy === NormalizationStrategy.L2) {
    const norm = Math.sqrt(matching.reduce((sum, s) => sum + s * s, 0));
    return scores.map((s) => (s > 0 ? s / norm : 0));
  }
  // A loop, not Math.min(...spread): an index can hold more chunks than a call has arguments.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of matching) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return scores.map((s) => {
    if (s <= 0) return 0;
    return max === min ? 1 : (s - min) / (max - min);
  });
}

/**
 * One hybrid score per chunk from its normalised text and vector scores, as
 * the index's `combination_strategy` says:
 * - `mean_combination`: the weighted arithmetic (default), geometric or
 *   harmonic mean; `weights` are [text, vector] (default equal);
 * - `rrf_combination`: reciprocal rank fusion, Σ 1 / (k + rank) over the two
 *   rankings (rank 1 = best; a chunk a ranking does not match adds nothing),
 *   k default {@link DEFAULT_RRF_K}.
 * Unset: the arithmetic mean with equal weights (recordings silent).
 *
 * @example
 * combineScores([1, 0], [0.5, 1], undefined); // [0.75, 0.5]
 */
export function combineScores(
  text: readonly number[],
  vector: readonly number[],
  strategy: CombinationStrategy | undefined,
): number[] {
  const choice = strategy?.Strategy;
  if (choice?.case === "rrfCombination") {
    const k = Number(choice.value.k ?? BigInt(DEFAULT_RRF_K));
    const textRanks = ranks(text);
    const vectorRanks = ranks(vector);
    return text.map((_, i) => {
      let score = 0;
      const t = textRanks[i];
      const v = vectorRanks[i];
      if (t !== undefined) score += 1 / (k + t);
      if (v !== undefined) score += 1 / (k + v);
      return score;
    });
  }
  const mean = choice?.case === "meanCombination" ? choice.value : undefined;
  const [wText = 1, wVector = 1] =
    mean !== undefined && mean.weights.length >= 2 ? mean.weights : [];
  const total = wText + wVector || 1;
  const technique = mean?.meanEvaluationTechnique ?? MeanTechnique.ARITHMETIC;
  return text.map((t, i) => {
    const v = vector[i] ?? 0;
    if (t <= 0 && v <= 0) return 0;
    switch (technique) {
      case MeanTechnique.GEOMETRIC:
        // A zero factor would zero the mean: a one-sided match keeps a small score.
        return Math.exp((wText * Math.log(t || 1e-6) + wVector * Math.log(v || 1e-6)) / total);
      case MeanTechnique.HARMONIC:
        return total / (wText / (t || 1e-6) + wVector / (v || 1e-6));
      default:
        return (wText * t + wVector * v) / total;
    }
  });
}

/** 1-based rank of every matching (score > 0) item; undefined for the others. */
function ranks(scores: readonly number[]): (number | undefined)[] {
  const order = scores
    .map((score, index) => ({ score, index }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const out: (number | undefined)[] = scores.map(() => undefined);
  order.forEach((x, rank) => {
    out[x.index] = rank + 1;
  });
  return out;
}
