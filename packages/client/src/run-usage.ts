/**
 * RunUsage: token counts of a run.
 *
 * @module
 */
import type { ContentUsage } from "@yc-assistants/types/runs";

/**
 * Token usage of a run (spec/runs.md, "RunResult": `usage`).
 *
 * Every count is a `bigint` because the wire type is int64: values above 2^53 keep every
 * digit. Convert with `Number(usage.totalTokens)` when you know it is small.
 *
 * @example
 * const { inputTextTokens, completionTokens, totalTokens } = result.usage ?? {};
 */
export interface RunUsage {
  /** Prompt tokens (`ContentUsage.prompt_tokens`). */
  readonly inputTextTokens: bigint;
  /** Generated tokens (`ContentUsage.completion_tokens`). */
  readonly completionTokens: bigint;
  /** Total tokens as reported by the server (`ContentUsage.total_tokens`). */
  readonly totalTokens: bigint;
}

/**
 * Converts `ContentUsage` into a frozen {@link RunUsage}; absent usage stays absent
 * (spec/runs.md: "present only when the Run has `usage`").
 *
 * @example
 * runUsageFromProto(run.usage)?.totalTokens; // 114n
 */
export function runUsageFromProto(usage: ContentUsage | undefined): RunUsage | undefined {
  if (usage === undefined) return undefined;
  return Object.freeze({
    inputTextTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    totalTokens: usage.totalTokens,
  });
}
