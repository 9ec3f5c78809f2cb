/**
 * Expectations derived from the emulator's model script: the runner follows
 * the case's steps (threads, writes, runs, submits) and predicts, from the
 * script's turns (or the echo model's rules), how each round of a run ends.
 * The rules are the emulator's documented contract (contracts: "ModelScript").
 */
import type { JsonValue } from "@bufbuild/protobuf";
import { echoArguments } from "@yc-assistants/emulator";
import type { FunctionToolSpec, ModelSpec, ModelTurn } from "./case-schema.js";

/** How one round of a run ends, as the model script says. */
export interface RoundOutcome {
  readonly status: "COMPLETED" | "TOOL_CALLS" | "FAILED";
  readonly text?: string;
  /** Cumulative partial texts of a streamed round, when the script spells them out. */
  readonly partials?: readonly string[];
  readonly toolCalls?: readonly { name: string; arguments: JsonValue }[];
  readonly error?: { message: string; code?: number };
  readonly usage?: { inputTextTokens: string; completionTokens: string; totalTokens: string };
  readonly stream: boolean;
}

interface ThreadState {
  nextTurn: number;
  /** Texts of the thread's messages, for prompt token counting. */
  messages: string[];
  lastUserMessage: string;
}

const words = (text: string): number => {
  const w = text.trim().split(/\s+/);
  return w[0] === "" ? 0 : w.length;
};

/** Follows a case's steps and predicts each round's outcome from the model script. */
export class ModelTracker {
  private readonly turns: readonly ModelTurn[] | undefined;
  private readonly threads = new Map<string, ThreadState>();
  private assistant: { tools: FunctionToolSpec[]; instruction: string; maxPromptTokens?: number } =
    {
      tools: [],
      instruction: "",
    };
  private round:
    | { thread: string; tools: FunctionToolSpec[]; maxPromptTokens?: number; stream: boolean }
    | undefined;
  private outcome: RoundOutcome | undefined;

  constructor(model: ModelSpec | undefined) {
    this.turns = model === undefined || model === "echo" ? undefined : model.turns;
  }

  /** The outcome of the current round of the current run, when one was predicted. */
  current(): RoundOutcome | undefined {
    return this.outcome;
  }

  /** True when a round has been answered by Submit (the event log has an earlier round). */
  submitted = false;

  createAssistant(
    tools: FunctionToolSpec[] | undefined,
    instruction: string | undefined,
    maxPromptTokens?: number,
  ): void {
    this.assistant = {
      tools: tools ?? [],
      instruction: instruction ?? "",
      ...(maxPromptTokens ? { maxPromptTokens } : {}),
    };
  }

  createThread(id: string): void {
    this.threads.set(id, { nextTurn: 0, messages: [], lastUserMessage: "" });
  }

  write(threadId: string, text: string, role: string): void {
    const t = this.thread(threadId);
    t.messages.push(text);
    if (role === "USER") t.lastUserMessage = text;
  }

  /** A run starts on `threadId`: the first model invocation of the run. */
  run(
    threadId: string,
    options: { tools?: FunctionToolSpec[]; maxPromptTokens?: number; stream?: boolean },
  ): void {
    const tools = options.tools ?? this.assistant.tools;
    const maxPromptTokens = options.maxPromptTokens ?? this.assistant.maxPromptTokens;
    this.round = {
      thread: threadId,
      tools,
      ...(maxPromptTokens ? { maxPromptTokens } : {}),
      stream: options.stream ?? false,
    };
    this.submitted = false;
    this.outcome = this.invoke([]);
  }

  /** Tool results were accepted: the next invocation answers them. */
  submit(results: readonly { name?: string; content?: string }[]): void {
    if (!this.round) return;
    this.submitted = true;
    this.outcome = this.invoke(
      results.map((r) => ({ name: r.name ?? "", content: r.content ?? "" })),
    );
  }

  private thread(id: string): ThreadState {
    let t = this.threads.get(id);
    if (!t) {
      t = { nextTurn: 0, messages: [], lastUserMessage: "" };
      this.threads.set(id, t);
    }
    return t;
  }

  private invoke(results: { name: string; content: string }[]): RoundOutcome {
    const round = this.round as NonNullable<ModelTracker["round"]>;
    const t = this.thread(round.thread);
    const stream = round.stream;
    // contracts, "Echo model": max_prompt_tokens smaller than the prompt → FAILED
    // (tokens = words of every thread message plus the instruction).
    const prompt = t.messages.reduce((n, m) => n + words(m), 0) + words(this.assistant.instruction);
    if (
      results.length === 0 &&
      round.maxPromptTokens !== undefined &&
      round.maxPromptTokens < prompt
    ) {
      return {
        status: "FAILED",
        stream,
        error: {
          message: `failed to fit messages within the maximum prompt tokens limit of ${round.maxPromptTokens} tokens`,
        },
      };
    }
    const fill = (s: string) =>
      s
        .replaceAll("{{tool_results}}", results.map((r) => r.content).join("; "))
        .replaceAll("{{last_user_message}}", t.lastUserMessage);
    const turn = this.turns?.[t.nextTurn];
    let outcome: RoundOutcome;
    if (turn) {
      t.nextTurn++;
      const usage = turn.usage && {
        inputTextTokens: String(turn.usage.promptTokens),
        completionTokens: String(turn.usage.completionTokens),
        totalTokens: String(turn.usage.promptTokens + turn.usage.completionTokens),
      };
      if (turn.error) {
        outcome = {
          status: "FAILED",
          stream,
          error: { ...turn.error, message: fill(turn.error.message) },
        };
      } else if (turn.toolCalls) {
        outcome = {
          status: "TOOL_CALLS",
          stream,
          toolCalls: turn.toolCalls.map((c) => ({
            name: c.name,
            arguments: fillJson(c.arguments ?? {}, fill),
          })),
          ...(usage ? { usage } : {}),
        };
      } else {
        outcome = {
          status: "COMPLETED",
          stream,
          text: fill(turn.text ?? ""),
          ...(turn.partials ? { partials: turn.partials.map(fill) } : {}),
          ...(usage ? { usage } : {}),
        };
      }
    } else {
      outcome = this.echo(t, round.tools, results, stream);
    }
    if (outcome.status === "COMPLETED" && outcome.text !== undefined) t.messages.push(outcome.text);
    return outcome;
  }

  private echo(
    t: ThreadState,
    tools: FunctionToolSpec[],
    results: { name: string; content: string }[],
    stream: boolean,
  ): RoundOutcome {
    if (results.length > 0) {
      return {
        status: "COMPLETED",
        stream,
        text: `Tool results: ${results.map((r) => `${r.name}: ${r.content}`).join("; ")}`,
      };
    }
    const message = t.lastUserMessage;
    // The echo model names a tool ignoring case (issue 12: "Add 2 and 40" calls `add`).
    const lower = message.toLowerCase();
    const called = tools.filter(
      (tool) => tool.name !== "" && lower.includes(tool.name.toLowerCase()),
    );
    if (called.length > 0) {
      return {
        status: "TOOL_CALLS",
        stream,
        toolCalls: called.map((tool) => ({
          name: tool.name,
          // The echo model's own rule (packages/emulator/src/model/echo-arguments.ts, tested there).
          arguments: echoArguments(message, tool.parameters as JsonValue | undefined),
        })),
      };
    }
    return { status: "COMPLETED", stream, text: `Echo: ${message}` };
  }
}

function fillJson(value: JsonValue, fill: (s: string) => string): JsonValue {
  if (typeof value === "string") return fill(value);
  if (Array.isArray(value)) return value.map((v) => fillJson(v, fill));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, fill)]));
  }
  return value;
}
