/**
 * The model behind the chaos emulator: streamed runs with many events, and tool runs that
 * ask the IDENTICAL call round after round (issue 8, point 2: "a next round asking the
 * identical call (same name and arguments)"), recording every tool result it receives, per
 * run and round, so a scenario can count results applied twice or never.
 *
 * The thread's last user message says what to do: `text <n>` (a text answer streamed in n
 * cumulative partials) or `tools <r>` (r rounds of the same call, then a text answer).
 *
 * @module
 */
import type { Model, ModelContext, ModelTurn } from "@yc-assistants/emulator";

/** The one call every tool round asks. */
export const CHAOS_CALL = { name: "lookup", arguments: { query: "the same every round" } } as const;

/** The final text of a run: its words `w1 … wn`. */
export function chaosText(words: number): string {
  return Array.from({ length: words }, (_, i) => `w${i + 1}`).join(" ");
}

/** What a tool run received in one invocation after a Submit. */
export interface AppliedRound {
  /** The model invocation: n after the n-th applied Submit. */
  readonly round: number;
  /** The contents of the submitted results. */
  readonly contents: readonly string[];
}

/**
 * The chaos model. `applied(runId)` lists what each applied Submit delivered, in order.
 *
 * @example
 * const model = new ChaosModel();
 * const emulator = await startEmulator({ model, chunkDelayMs: 1 });
 * // … thread.write("tools 4"); … model.applied(run.id)
 */
export class ChaosModel implements Model {
  readonly #applied = new Map<string, AppliedRound[]>();
  readonly #finalRound = new Map<string, number>();

  respond(ctx: ModelContext): ModelTurn {
    const [kind, arg] = ctx.lastUserMessage.trim().split(/\s+/);
    const n = Math.max(1, Number(arg) || 1);
    if (ctx.round > 0) {
      const list = this.#applied.get(ctx.runId) ?? [];
      list.push({
        round: ctx.round,
        contents: ctx.toolResults.map((r) => r.content),
      });
      this.#applied.set(ctx.runId, list);
    }
    if (kind === "tools") {
      if (ctx.round < n) return { toolCalls: [CHAOS_CALL] };
      this.#finalRound.set(ctx.runId, ctx.round);
      return { text: `done after ${ctx.round} rounds` };
    }
    const text = chaosText(n);
    const words = text.split(" ");
    return { text, partials: words.map((_, i) => words.slice(0, i + 1).join(" ")) };
  }

  /** Every applied Submit of the run, in order. */
  applied(runId: string): readonly AppliedRound[] {
    return this.#applied.get(runId) ?? [];
  }

  /** Whether the run's model gave its final text answer (the last round was answered). */
  answeredAll(runId: string): boolean {
    return this.#finalRound.has(runId);
  }
}
