import { create } from "@bufbuild/protobuf";
import { FunctionResultSchema, type Tool } from "@yc-assistants/types/common";
import type { ModelContext } from "../../src/model/model.js";

/** A model context for unit tests of models. */
export function modelContext(overrides: Partial<ModelContext> = {}): ModelContext {
  return {
    runId: "run1",
    threadId: "thread1",
    assistantId: "assistant1",
    instruction: "",
    messages: [],
    lastUserMessage: "",
    tools: [] as Tool[],
    toolCalls: [],
    toolResults: [],
    round: 0,
    stream: false,
    promptTokens: 0,
    searchResults: [],
    ...overrides,
  };
}

/** A function result `name: content`. */
export function functionResult(name: string, content: string) {
  return create(FunctionResultSchema, { name, ContentType: { case: "content", value: content } });
}
