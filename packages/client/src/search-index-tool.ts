/**
 * searchIndexTool: a `search_index` tool, so an assistant or a run answers from documents.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  type CallStrategy,
  CallStrategySchema,
  type Tool,
  ToolSchema,
} from "@yc-assistants/types/common";
import { refId } from "./runs.js";
import type { SearchIndexRef } from "./search-index.js";
import {
  checkOptions,
  invalidArgument,
  optionalPositiveInt,
  optionalString,
  requireObject,
  requireString,
} from "./validate.js";

/**
 * When the model searches: `"always"` (before every answer; what the service fills in when
 * none is given, as recorded), or `{ autoCall }`: only when the user message meets the
 * `instruction` (the model decides; `name` names the search as a function).
 *
 * @example
 * "always"
 * { autoCall: { name: "handbook_search", instruction: "Search only for questions about HR" } }
 */
export type CallStrategyOption =
  | "always"
  | { readonly autoCall: { readonly instruction: string; readonly name?: string } };

/** What {@link searchIndexTool} takes. */
export interface SearchIndexToolOptions {
  /** The indexes to search (SearchIndex handles or ids), at least one. */
  searchIndexes: readonly SearchIndexRef[];
  /** At most this many chunks are given to the model (the service's default when absent). */
  maxNumResults?: number;
  /** When the model searches (the service's default, always, when absent). */
  callStrategy?: CallStrategyOption;
  /** A model URI that rephrases the user's question into a search query first. */
  rephraserUri?: string;
}

const KEYS = ["searchIndexes", "maxNumResults", "callStrategy", "rephraserUri"] as const;

function callStrategy(value: unknown, field: string): CallStrategy | undefined {
  if (value === undefined) return undefined;
  if (value === "always") {
    return create(CallStrategySchema, { Strategy: { case: "alwaysCall", value: {} } });
  }
  if (typeof value !== "object" || value === null || !("autoCall" in value)) {
    throw invalidArgument(`${field} must be "always" or { autoCall: { instruction, name? } }`);
  }
  checkOptions(value as object, field, ["autoCall"]);
  const auto = checkOptions(
    requireObject((value as { autoCall: unknown }).autoCall, `${field}.autoCall`),
    `${field}.autoCall`,
    ["instruction", "name"],
  );
  return create(CallStrategySchema, {
    Strategy: {
      case: "autoCall",
      value: {
        // CallStrategy.AutoCall.instruction is REQUIRED (schema sheet).
        instruction: requireString(auto.instruction, `${field}.autoCall.instruction`),
        name: optionalString(auto.name, `${field}.autoCall.name`) ?? "",
      },
    },
  });
}

/**
 * Builds a `search_index` `Tool`: the model searches the given indexes and answers from the
 * best chunks; the answer's `citations` name them (see {@link RunResult.citations}). Pass it
 * in `tools` of an assistant, a thread or a run, next to function tools.
 *
 * @throws ConnectError(InvalidArgument) naming the field: no index, a bad `maxNumResults`,
 * an auto-call strategy without `instruction`.
 * @example
 * const search = searchIndexTool({
 *   searchIndexes: [index],
 *   maxNumResults: 3,
 *   callStrategy: { autoCall: { instruction: "Search when asked about the handbook" } },
 * });
 * const assistant = await client.assistants.create({ model: "yandexgpt", tools: [search] });
 */
export function searchIndexTool(options: SearchIndexToolOptions, field = "searchIndexTool"): Tool {
  if (options === undefined) throw invalidArgument(`${field} is required`);
  const o = checkOptions(options, field, KEYS);
  const indexes = o.searchIndexes;
  if (!Array.isArray(indexes) || indexes.length === 0) {
    throw invalidArgument(`${field}.searchIndexes needs at least one search index (handle or id)`);
  }
  const searchIndexIds = indexes.map((ref, i) => refId(ref, `${field}.searchIndexes[${i}]`));
  const maxNumResults = optionalPositiveInt(o.maxNumResults, `${field}.maxNumResults`);
  const rephraserUri = optionalString(o.rephraserUri, `${field}.rephraserUri`);
  return create(ToolSchema, {
    ToolType: {
      case: "searchIndex",
      value: {
        searchIndexIds,
        maxNumResults,
        callStrategy: callStrategy(o.callStrategy, `${field}.callStrategy`),
        rephraserOptions:
          rephraserUri === undefined
            ? undefined
            : { rephraserUri: requireString(rephraserUri, `${field}.rephraserUri`) },
      },
    },
  });
}
