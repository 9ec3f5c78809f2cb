import type { JsonObject } from "@bufbuild/protobuf";
import type { FunctionCall, FunctionResult, Message, Tool } from "@yc-assistants/types";

/**
 * Token counts a model reports for one turn. Absent counts are derived by
 * the emulator (prompt: words of the thread and instruction; completion:
 * words of the answer). The run's `usage.total_tokens` is their sum.
 */
export interface ModelUsage {
  readonly promptTokens?: number;
  readonly completionTokens?: number;
}

/** A final answer: the run completes (DONE event, assistant message in the thread). */
export interface ModelTextTurn {
  readonly text: string;
  /**
   * Cumulative chunks sent as PARTIAL_MESSAGE events when the run streams
   * (each holds all text so far, as the real service sends them). Default:
   * the text split into about three cumulative chunks.
   */
  readonly partials?: readonly string[];
  readonly usage?: ModelUsage;
  /**
   * The citations of the completed message (issue 9). Absent: when the run
   * searched (a `search_index` tool whose call strategy fired), one citation
   * whose sources are the chunks found; otherwise none. `[]`: none. Given:
   * exactly these, each source resolved to a chunk of the run's search
   * indexes (see {@link ModelCitationSource}); a source that matches no
   * chunk fails the run.
   */
  readonly citations?: readonly ModelCitation[];
}

/** One citation a model states explicitly: the chunks it quotes. */
export interface ModelCitation {
  readonly sources: readonly ModelCitationSource[];
}

/**
 * A cited chunk, found among the chunks of the search indexes named by the
 * run's `search_index` tools: the first chunk (index order, then file order,
 * then position) whose text contains `chunk`, optionally only in the index
 * `searchIndexId` and the file `fileId`.
 *
 * @example
 * { chunk: "secret number is 57" }
 */
export interface ModelCitationSource {
  /** Text the cited chunk contains (non-empty). */
  readonly chunk: string;
  readonly searchIndexId?: string;
  readonly fileId?: string;
}

/** A chunk a run's `search_index` tools found for the user message, best first. */
export interface ModelSearchResult {
  /** The chunk's text. */
  readonly text: string;
  readonly searchIndexId: string;
  readonly fileId: string;
  /** Relevance by the index's ranking (BM25, cosine or hybrid); higher is better. */
  readonly score: number;
}

/** One function call the model asks the client to make. */
export interface ModelToolCall {
  readonly name: string;
  /** Arguments as JSON (sent as a `google.protobuf.Struct`: numbers become doubles). */
  readonly arguments?: JsonObject;
}

/** Tool calls: the run stops in TOOL_CALLS until results are submitted. */
export interface ModelToolCallsTurn {
  readonly toolCalls: readonly ModelToolCall[];
  readonly usage?: ModelUsage;
}

/** A failure: the run ends FAILED with this error (ERROR event). */
export interface ModelErrorTurn {
  readonly error: { readonly message: string; readonly code?: number };
}

/**
 * What a model does in one invocation: answer, call tools, or fail. The same
 * shape is one turn of a {@link ModelScript}.
 */
export type ModelTurn = ModelTextTurn | ModelToolCallsTurn | ModelErrorTurn;

/** A thread message as a model sees it (the proto is in `ctx.raw.messages`). */
export interface ModelMessage {
  readonly id: string;
  /** The author's role: `"USER"` or `"ASSISTANT"`. */
  readonly role: string;
  /** The text parts, joined with a newline. */
  readonly text: string;
  readonly authorId: string;
}

/** A function tool in effect: what the model may call. */
export interface ModelFunctionTool {
  readonly type: "function";
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments (`{}` when none was given). */
  readonly parameters: JsonObject;
}

/**
 * A tool in effect (the proto is in `ctx.raw.tools`): a function tool, a search index tool
 * (its searching is done for the model: see `searchResults`), a generative search tool, or a
 * tool of a kind this emulator does not know.
 */
export type ModelTool =
  | ModelFunctionTool
  | { readonly type: "searchIndex"; readonly searchIndexIds: readonly string[] }
  | { readonly type: "genSearch" }
  | { readonly type: "unknown" };

/** A submitted tool result (the proto is in `ctx.raw.toolResults`). */
export interface ModelToolResult {
  /** The name of the function whose call it answers. */
  readonly name: string;
  /** What the function returned, as text ("" when the result had no content). */
  readonly content: string;
}

/** The protos behind the plain views of a {@link ModelContext}, for what the views leave out. */
export interface ModelRawContext {
  readonly messages: readonly Message[];
  readonly tools: readonly Tool[];
  readonly toolCalls: readonly FunctionCall[];
  readonly toolResults: readonly FunctionResult[];
}

/**
 * Everything a model may look at when it is invoked: once when a run starts
 * (`round` 0) and once more after every Submit of tool results. Messages,
 * tools, calls and results are plain data (issue 12); the protos are in `raw`.
 *
 * @example
 * const model: Model = {
 *   respond: (ctx) =>
 *     ctx.toolResults.length > 0
 *       ? { text: ctx.toolResults.map((r) => `${r.name} said ${r.content}`).join(", ") }
 *       : { text: `${ctx.messages.length} messages, last: ${ctx.messages.at(-1)?.text}` },
 * };
 */
export interface ModelContext {
  readonly runId: string;
  readonly threadId: string;
  readonly assistantId: string;
  /** The assistant's instruction. */
  readonly instruction: string;
  /** The thread's messages, oldest first (including the run's `additional_messages`). */
  readonly messages: readonly ModelMessage[];
  /** Text of the newest message whose author role is USER ("" when none). */
  readonly lastUserMessage: string;
  /** The tools in effect: the run's when it names any, else the thread's, else the assistant's. */
  readonly tools: readonly ModelTool[];
  /** The calls answered by `toolResults`, as the model made them (empty when the run starts). */
  readonly toolCalls: readonly (ModelToolCall & { readonly arguments: JsonObject })[];
  /** The submitted tool results, in the order sent (empty when the run starts). */
  readonly toolResults: readonly ModelToolResult[];
  /** 0 when the run starts, n after the n-th Submit. */
  readonly round: number;
  /** Whether the run was created with `stream: true`. */
  readonly stream: boolean;
  /**
   * Prompt size: whitespace-separated words of all thread messages, the
   * instruction and the chunks in `searchResults`.
   */
  readonly promptTokens: number;
  /**
   * The chunks the run's `search_index` tools found for `lastUserMessage`
   * (issue 9), best first; empty when no such tool is in effect or its call
   * strategy did not fire.
   */
  readonly searchResults: readonly ModelSearchResult[];
  /** The protos behind `messages`, `tools`, `toolCalls` and `toolResults`. */
  readonly raw: ModelRawContext;
}

/**
 * The pluggable model behind every assistant of an emulator. Built-ins: the
 * echo model (default) and the script model; pass your own object to
 * `startEmulator({ model })` for anything else.
 *
 * @example
 * const shout: Model = { respond: (ctx) => ({ text: ctx.lastUserMessage.toUpperCase() }) };
 * await startEmulator({ model: shout });
 */
export interface Model {
  respond(context: ModelContext): ModelTurn | Promise<ModelTurn>;
}

/**
 * A scripted conversation (JSON or YAML file, or an object): turns are used
 * in order, one per model invocation on a thread; when they run out the echo
 * model answers.
 *
 * @example
 * const script: ModelScript = { turns: [
 *   { toolCalls: [{ name: "special_operation", arguments: { numbers: [5, 4, 1] } }] },
 *   { text: "The result is {{tool_results}}" },
 * ] };
 */
export interface ModelScript {
  readonly turns: readonly ModelTurn[];
}
