import { create } from "@bufbuild/protobuf";
import type { FunctionCall, FunctionResult } from "@yc-assistants/types/common";
import { ErrorSchema, FunctionCallSchema, ToolCallListSchema } from "@yc-assistants/types/common";
import {
  ContentUsageSchema,
  RunState_RunStatus,
  RunStateSchema,
  StreamEvent_EventType,
} from "@yc-assistants/types/runs";
import type { Message, MessageContent } from "@yc-assistants/types/threads";
import { MessageContentSchema } from "@yc-assistants/types/threads";
import type { Model, ModelContext, ModelTextTurn, ModelTurn } from "./model/model.js";
import { messageView, toolCallView, toolResultView, toolView } from "./model/model-views.js";
import { countTokens, cumulativeChunks } from "./model/tokens.js";
import { buildCitations } from "./retrieval/build-citations.js";
import { resolveCitations } from "./retrieval/resolve-citations.js";
import { type RetrievedChunk, searchForRun, touchToolIndexes } from "./retrieval/search-for-run.js";
import { type EmulatorState, messageText } from "./state/emulator-state.js";
import type { FileStore } from "./state/file-store.js";
import type { RunRecord } from "./state/run-record.js";
import type { SearchIndexStore } from "./state/search-index-store.js";

/** The stores retrieval reads: search indexes to search, files to cite (issue 9). */
export interface RetrievalStores {
  readonly files: FileStore;
  readonly searchIndexes: SearchIndexStore;
}

/**
 * Drives runs through the state machine PENDING → IN_PROGRESS → COMPLETED |
 * FAILED | TOOL_CALLS, and TOOL_CALLS → (Submit) → IN_PROGRESS → … (issue 4),
 * one `chunkDelayMs` pause per step so that polling sees every state, as the
 * recordings show (PENDING, IN_PROGRESS, then the final state).
 *
 * Every state change and the event that goes with it happen in one
 * synchronous step, so a reader never sees one without the other.
 */
export class RunEngine {
  readonly #state: EmulatorState;
  readonly #model: Model;
  readonly #chunkDelayMs: number;
  readonly #timers = new Set<{ timer: NodeJS.Timeout; resolve: (alive: boolean) => void }>();
  readonly #retrieval: RetrievalStores | undefined;
  /** The chunks found for each run's latest model invocation (cited on completion). */
  readonly #found = new WeakMap<RunRecord, RetrievedChunk[]>();
  #stopped = false;

  constructor(
    state: EmulatorState,
    model: Model,
    chunkDelayMs: number,
    retrieval?: RetrievalStores,
  ) {
    this.#state = state;
    this.#model = model;
    this.#chunkDelayMs = chunkDelayMs;
    this.#retrieval = retrieval;
  }

  /** Starts a new run (it is PENDING until the first step). */
  start(record: RunRecord): void {
    void this.#execute(record, [], [], true);
  }

  /**
   * Continues a run after its tool calls were answered: the run leaves
   * TOOL_CALLS at once (spec/runs.md: a Get right after Submit must not see
   * the old state), then the model is invoked again.
   */
  continueWith(record: RunRecord, calls: FunctionCall[], results: FunctionResult[]): void {
    record.pendingCalls = [];
    record.run.state = create(RunStateSchema, { status: RunState_RunStatus.IN_PROGRESS });
    record.notify();
    void this.#execute(record, calls, results, false);
  }

  /** Stops every run in flight (on emulator close): no timer stays behind. */
  stop(): void {
    this.#stopped = true;
    for (const entry of this.#timers) {
      clearTimeout(entry.timer);
      entry.resolve(false);
    }
    this.#timers.clear();
  }

  /** Waits one step; false when the engine stopped meanwhile. */
  #step(): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#timers.delete(entry);
          resolve(!this.#stopped);
        }, this.#chunkDelayMs),
        resolve,
      };
      this.#timers.add(entry);
    });
  }

  async #execute(
    record: RunRecord,
    calls: FunctionCall[],
    results: FunctionResult[],
    first: boolean,
  ): Promise<void> {
    try {
      if (first) {
        if (!(await this.#step()) || record.deleted) return;
        record.run.state = create(RunStateSchema, { status: RunState_RunStatus.IN_PROGRESS });
        record.notify();
      }
      const context = this.#context(record, calls, results);
      record.round += 1;
      const turn = await this.#invoke(record, context);
      if (!(await this.#step()) || record.deleted) return;
      if ("text" in turn) {
        if (record.stream) {
          const partials = turn.partials ?? cumulativeChunks(turn.text);
          for (const partial of partials) {
            record.append({
              eventType: StreamEvent_EventType.PARTIAL_MESSAGE,
              EventData: { case: "partialMessage", value: textContent(partial) },
            });
            if (!(await this.#step()) || record.deleted) return;
          }
        }
        const citations = this.#citations(record, turn);
        if (typeof citations === "string") {
          this.#fail(record, citations, 3);
          return;
        }
        this.#complete(
          record,
          turn.text,
          {
            prompt: turn.usage?.promptTokens ?? context.promptTokens,
            completion: turn.usage?.completionTokens ?? countTokens(turn.text),
          },
          citations,
        );
      } else if ("toolCalls" in turn) {
        const functionCalls = turn.toolCalls.map((call) =>
          create(FunctionCallSchema, { name: call.name, arguments: call.arguments ?? {} }),
        );
        this.#stopForToolCalls(record, functionCalls, {
          prompt: turn.usage?.promptTokens ?? context.promptTokens,
          completion:
            turn.usage?.completionTokens ??
            countTokens(
              turn.toolCalls.map((c) => `${c.name} ${JSON.stringify(c.arguments ?? {})}`).join(" "),
            ),
        });
      } else {
        this.#fail(record, turn.error.message, turn.error.code ?? 0);
      }
    } catch (error) {
      // Only a broken custom model gets here; the run must still end.
      if (!record.deleted && !record.isTerminal) {
        this.#fail(
          record,
          `emulator error: ${error instanceof Error ? error.message : String(error)}`,
          13,
        );
      }
    }
  }

  async #invoke(record: RunRecord, context: ModelContext): Promise<ModelTurn> {
    const max = record.config.maxPromptTokens;
    if (max !== undefined && BigInt(context.promptTokens) > max) {
      // The wording of the real service (recorded in test_run_fail.json).
      return {
        error: {
          message: `failed to fit messages within the maximum prompt tokens limit of ${max} tokens`,
        },
      };
    }
    try {
      const turn = await this.#model.respond(context);
      return checkTurn(turn);
    } catch (error) {
      return {
        error: {
          message: `model failed: ${error instanceof Error ? error.message : String(error)}`,
          code: 13,
        },
      };
    }
  }

  #context(record: RunRecord, calls: FunctionCall[], results: FunctionResult[]): ModelContext {
    const thread = this.#state.threads.get(record.run.threadId);
    const messages: Message[] = thread === undefined ? [] : thread.messages.map((m) => m.message);
    const lastUser = [...messages].reverse().find((m) => m.author?.role === "USER");
    const lastUserMessage = lastUser === undefined ? "" : messageText(lastUser);
    // Issue 9: the search_index tools search before the model answers.
    const found =
      this.#retrieval === undefined
        ? []
        : searchForRun(record.config.tools, lastUserMessage, this.#retrieval.searchIndexes);
    this.#found.set(record, found);
    const promptTokens =
      countTokens(record.config.instruction) +
      messages.reduce((sum, m) => sum + countTokens(messageText(m)), 0) +
      found.reduce((sum, f) => sum + countTokens(f.chunk.text), 0);
    return {
      runId: record.id,
      threadId: record.run.threadId,
      assistantId: record.run.assistantId,
      instruction: record.config.instruction,
      messages: messages.map(messageView),
      lastUserMessage,
      tools: record.config.tools.map(toolView),
      toolCalls: calls.map(toolCallView),
      toolResults: results.map(toolResultView),
      round: record.round,
      stream: record.stream,
      promptTokens,
      searchResults: found.map(({ index, chunk, score }) => ({
        text: chunk.text,
        searchIndexId: index.index.id,
        fileId: chunk.fileId,
        score,
      })),
      raw: { messages, tools: record.config.tools, toolCalls: calls, toolResults: results },
    };
  }

  /**
   * The citations of a text turn: explicit ones resolved to chunks, else the
   * chunks found (one citation), else none; a string when an explicit
   * source matches no chunk (the run fails with it).
   */
  #citations(record: RunRecord, turn: ModelTextTurn): RetrievedChunk[][] | string {
    const found = this.#found.get(record) ?? [];
    if (turn.citations === undefined) return found.length > 0 ? [found] : [];
    if (this.#retrieval === undefined) return [];
    try {
      return resolveCitations(turn.citations, record.config.tools, this.#retrieval.searchIndexes);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  #complete(
    record: RunRecord,
    text: string,
    usage: { prompt: number; completion: number },
    citations: RetrievedChunk[][] = [],
  ): void {
    const thread = this.#state.threads.get(record.run.threadId);
    if (thread === undefined) return;
    // The answer is in the thread before DONE is sent, so a client that
    // reads the thread on DONE finds it.
    const message = this.#state.writeMessage(thread, {
      author: { id: record.run.assistantId, role: "ASSISTANT" },
      content: textContent(text),
    });
    if (this.#retrieval !== undefined) {
      // Issue 9: the sources are the chunks, with the index and file embedded
      // as they were before this run used them.
      if (citations.length > 0)
        message.citations = buildCitations(citations, this.#retrieval.files);
      touchToolIndexes(record.config.tools, this.#retrieval.searchIndexes);
    }
    record.run.state = create(RunStateSchema, {
      status: RunState_RunStatus.COMPLETED,
      StateData: { case: "completedMessage", value: message },
    });
    record.run.usage = usageOf(usage);
    record.append({
      eventType: StreamEvent_EventType.DONE,
      EventData: { case: "completedMessage", value: message },
    });
  }

  #stopForToolCalls(
    record: RunRecord,
    calls: FunctionCall[],
    usage: { prompt: number; completion: number },
  ): void {
    const toolCallList = create(ToolCallListSchema, {
      toolCalls: calls.map((call) => ({
        ToolCallType: { case: "functionCall" as const, value: call },
      })),
    });
    record.pendingCalls = calls;
    record.run.state = create(RunStateSchema, {
      status: RunState_RunStatus.TOOL_CALLS,
      StateData: { case: "toolCallList", value: toolCallList },
    });
    record.run.usage = usageOf(usage);
    record.append({
      eventType: StreamEvent_EventType.TOOL_CALLS,
      EventData: { case: "toolCallList", value: toolCallList },
    });
  }

  #fail(record: RunRecord, message: string, code: number): void {
    const error = create(ErrorSchema, { message, code: BigInt(code) });
    record.pendingCalls = [];
    record.run.state = create(RunStateSchema, {
      status: RunState_RunStatus.FAILED,
      StateData: { case: "error", value: error },
    });
    record.append({
      eventType: StreamEvent_EventType.ERROR,
      EventData: { case: "error", value: error },
    });
  }
}

/** A message content with one text part. */
export function textContent(text: string): MessageContent {
  return create(MessageContentSchema, {
    content: [{ PartType: { case: "text", value: { content: text } } }],
  });
}

function usageOf(usage: { prompt: number; completion: number }) {
  return create(ContentUsageSchema, {
    promptTokens: BigInt(usage.prompt),
    completionTokens: BigInt(usage.completion),
    totalTokens: BigInt(usage.prompt + usage.completion),
  });
}

/** Rejects what a custom model may return by mistake, so the run fails clearly. */
function checkTurn(turn: ModelTurn): ModelTurn {
  if (turn !== null && typeof turn === "object") {
    if ("text" in turn && typeof turn.text === "string") return turn;
    if ("toolCalls" in turn && Array.isArray(turn.toolCalls) && turn.toolCalls.length > 0)
      return turn;
    if ("error" in turn && typeof turn.error?.message === "string") return turn;
  }
  throw new Error("the model returned neither text, toolCalls nor error");
}
