import { clone, create } from "@bufbuild/protobuf";
import {
  CallStrategy_AlwaysCallSchema,
  CallStrategySchema,
  type Tool,
  ToolSchema,
} from "@yc-assistants/types/common";

/**
 * A tool as the service stores it: a copy, and a `search_index` tool without
 * a call strategy gets `always_call` (recorded in
 * `test_call_strategy_search_index.json`: a request with only
 * `search_index_ids` comes back with `callStrategy: { alwaysCall: {} }`).
 *
 * @example
 * assistant.tools = request.tools.map(normalizeTool);
 */
export function normalizeTool(tool: Tool): Tool {
  const out = clone(ToolSchema, tool);
  if (out.ToolType.case === "searchIndex" && out.ToolType.value.callStrategy === undefined) {
    out.ToolType.value.callStrategy = create(CallStrategySchema, {
      Strategy: { case: "alwaysCall", value: create(CallStrategy_AlwaysCallSchema) },
    });
  }
  return out;
}
