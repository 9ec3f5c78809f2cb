/**
 * RunUsage: token counts of a run.
 *
 * @module
 */
import type { ContentUsage } from "@yc-assistants/types/runs";
import { defineInt64, int64Json } from "./int64-number.js";
import { defineViewMethods } from "./plain-view.js";

/** What `JSON.stringify(usage)` writes: the counts (an int64 beyond 2^53 − 1 as its string). */
export interface RunUsageJson {
  readonly inputTextTokens: number | string;
  readonly completionTokens: number | string;
  readonly totalTokens: number | string;
}

/**
 * Token usage of a run (spec/runs.md, "RunResult": `usage`).
 *
 * The counts are plain `number`s (`usage.totalTokens + 1`, `JSON.stringify(usage)`), as the
 * spec asks. They are int64 on the wire and never rounded: a count above 2^53 − 1 throws
 * `ConnectError(Code.OutOfRange)` naming the field when read; its exact `bigint` is on the raw
 * message, `usage.proto` (`toJSON()` writes it as a decimal string, `util.inspect` shows it).
 *
 * @example
 * const { inputTextTokens, completionTokens, totalTokens } = result.usage ?? {};
 * console.log(JSON.stringify(result.usage)); // {"inputTextTokens":100,"completionTokens":14,"totalTokens":114}
 */
export interface RunUsage {
  /** Prompt tokens (`ContentUsage.prompt_tokens`). */
  readonly inputTextTokens: number;
  /** Generated tokens (`ContentUsage.completion_tokens`). */
  readonly completionTokens: number;
  /** Total tokens as reported by the server (`ContentUsage.total_tokens`). */
  readonly totalTokens: number;
  /** The raw `ContentUsage` message: the exact int64 values as `bigint` (not enumerable). */
  readonly proto: ContentUsage;
  /** The counts as JSON numbers (an int64 beyond 2^53 − 1 as its exact decimal string). */
  toJSON(): RunUsageJson;
}

/**
 * Converts `ContentUsage` into a frozen {@link RunUsage}; absent usage stays absent
 * (spec/runs.md: "present only when the Run has `usage`").
 *
 * @example
 * runUsageFromProto(run.usage)?.totalTokens; // 114
 */
export function runUsageFromProto(usage: ContentUsage | undefined): RunUsage | undefined {
  if (usage === undefined) return undefined;
  const view = {};
  const wire = {
    inputTextTokens: [usage.promptTokens, "promptTokens"],
    completionTokens: [usage.completionTokens, "completionTokens"],
    totalTokens: [usage.totalTokens, "totalTokens"],
  } as const;
  for (const [key, [value, raw]] of Object.entries(wire)) {
    defineInt64(view, key, value, `usage.${key}`, `usage.proto.${raw}`);
  }
  const json = (): RunUsageJson => ({
    inputTextTokens: int64Json(usage.promptTokens),
    completionTokens: int64Json(usage.completionTokens),
    totalTokens: int64Json(usage.totalTokens),
  });
  defineViewMethods(view, "RunUsage", json, usage);
  return Object.freeze(view) as RunUsage;
}
