/**
 * Type-level checks of issue 12 ("`error.code === 13` is a type error (TS2367), and
 * `usage.totalTokens + 1` is TS2365"), checked by `npm run typecheck` (tsc includes this file;
 * it has no runtime part). spec/runs.md, "RunResult" (usage): plain numbers.
 */
import { expectTypeOf } from "vitest";
import type { RunError, RunErrorJson } from "./run-error.js";
import type { RunResult, RunResultJson } from "./run-result.js";
import type { RunUsage, RunUsageJson } from "./run-usage.js";
import type { ToolCall, ToolCallJson } from "./tool-call.js";

declare const result: RunResult;
declare const error: RunError;
declare const usage: RunUsage;
declare const call: ToolCall;

// The two expressions of the issue compile as written.
const isInternal: boolean = error.code === 13;
const next: number = usage.totalTokens + 1;
const sum: number = usage.inputTextTokens + usage.completionTokens;
const viaResult: boolean = result.error?.code === 13 && (result.usage?.totalTokens ?? 0) > 0;
void [isInternal, next, sum, viaResult];

expectTypeOf(error.code).toEqualTypeOf<number>();
expectTypeOf(usage.inputTextTokens).toEqualTypeOf<number>();
expectTypeOf(usage.completionTokens).toEqualTypeOf<number>();
expectTypeOf(usage.totalTokens).toEqualTypeOf<number>();
// The exact wire values stay on the raw messages as bigint.
expectTypeOf(usage.proto.totalTokens).toEqualTypeOf<bigint>();
expectTypeOf(error.proto.code).toEqualTypeOf<bigint>();
// toJSON() is typed, so JSON output can be consumed without casts.
expectTypeOf(result.toJSON()).toEqualTypeOf<RunResultJson>();
expectTypeOf(usage.toJSON()).toEqualTypeOf<RunUsageJson>();
expectTypeOf(error.toJSON()).toEqualTypeOf<RunErrorJson>();
expectTypeOf(call.toJSON()).toEqualTypeOf<ToolCallJson>();

// @ts-expect-error a bigint is no longer what usage holds.
const wrong: bigint = usage.totalTokens;
void wrong;
