import { create } from "@bufbuild/protobuf";
import {
  CombinationStrategySchema,
  NormalizationStrategy,
  MeanCombinationStrategy_MeanEvaluationTechnique as Technique,
} from "@yc-assistants/types/searchindex";
import { describe, expect, it } from "vitest";
import { combineScores, normalizeScores } from "./combine-scores.js";

describe("normalizeScores", () => {
  it("MIN_MAX maps the matching range to 0..1; unmatched stay 0", () => {
    expect(normalizeScores([2, 1, 0], NormalizationStrategy.MIN_MAX)).toEqual([1, 0, 0]);
    expect(normalizeScores([3, 3], NormalizationStrategy.MIN_MAX)).toEqual([1, 1]);
    expect(normalizeScores([0, 0], NormalizationStrategy.MIN_MAX)).toEqual([0, 0]);
  });

  it("MIN_MAX copes with more scores than a call takes arguments", () => {
    const many = Array.from({ length: 300_000 }, (_, i) => (i % 7) + 1);
    const out = normalizeScores(many, NormalizationStrategy.MIN_MAX);
    expect(out[0]).toBe(0);
    expect(out[6]).toBe(1);
  });

  it("L2 divides by the norm", () => {
    expect(normalizeScores([3, 4, 0], NormalizationStrategy.L2)).toEqual([0.6, 0.8, 0]);
  });
});

describe("combineScores", () => {
  it("defaults to the equal-weight arithmetic mean", () => {
    expect(combineScores([1, 0], [0.5, 1], undefined)).toEqual([0.75, 0.5]);
  });

  it("weights the mean [text, vector] and supports geometric and harmonic means", () => {
    const mean = (technique: Technique, weights: number[]) =>
      create(CombinationStrategySchema, {
        Strategy: {
          case: "meanCombination",
          value: { meanEvaluationTechnique: technique, weights },
        },
      });
    expect(combineScores([1], [0], mean(Technique.ARITHMETIC, [3, 1]))).toEqual([0.75]);
    expect(combineScores([0.25], [1], mean(Technique.GEOMETRIC, [1, 1]))[0]).toBeCloseTo(0.5);
    expect(combineScores([0.5], [1], mean(Technique.HARMONIC, [1, 1]))[0]).toBeCloseTo(2 / 3);
  });

  it("fuses ranks with RRF, k from the strategy or 60", () => {
    const rrf = (k?: bigint) =>
      create(CombinationStrategySchema, {
        Strategy: { case: "rrfCombination", value: k === undefined ? {} : { k } },
      });
    const [first, second, none] = combineScores([0.9, 0.1, 0], [0.2, 0.8, 0], rrf(1n));
    expect(first).toBeCloseTo(1 / 2 + 1 / 3);
    expect(second).toBeCloseTo(1 / 3 + 1 / 2);
    expect(none).toBe(0);
    expect(combineScores([1], [0], rrf())[0]).toBeCloseTo(1 / 61);
  });
});
