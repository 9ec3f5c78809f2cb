import type { ModelContext, ModelTool, ModelToolResult } from "../../src/model/model.js";

/** A model context for unit tests of models (views only; `raw` holds no protos). */
export function modelContext(overrides: Partial<ModelContext> = {}): ModelContext {
  return {
    runId: "run1",
    threadId: "thread1",
    assistantId: "assistant1",
    instruction: "",
    messages: [],
    lastUserMessage: "",
    tools: [],
    toolCalls: [],
    toolResults: [],
    round: 0,
    stream: false,
    promptTokens: 0,
    searchResults: [],
    raw: { messages: [], tools: [], toolCalls: [], toolResults: [] },
    ...overrides,
  };
}

/** A function result `name: content`, as a model sees it. */
export function functionResult(name: string, content: string): ModelToolResult {
  return { name, content };
}

/** A function tool named `name`, as a model sees it. */
export function functionToolView(name: string): ModelTool {
  return { type: "function", name, description: "", parameters: {} };
}
