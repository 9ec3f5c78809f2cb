import type { Model, ModelContext, ModelTextTurn } from "@yc-assistants/emulator";
import { seededText } from "./seeded-random.js";

/**
 * The emulator model of the bench: the last user message of a thread names
 * what its runs stream, so one emulator serves every row.
 *
 * - `small <n>`: n-1 small PARTIAL_MESSAGE events (a few bytes each, not
 *   cumulative) and DONE: n events (issue 10 row "Listen, 10,000 small events").
 * - `cumulative <n> <bytes>`: n-1 cumulative partials growing from 90% to 110%
 *   of `bytes` (seeded prose, as the real service streams: every partial
 *   holds all text so far) and DONE (row "5,000 cumulative partials of ~10 KB").
 * - anything else: a short answer in 3 cumulative partials and DONE (the
 *   wait-latency, unary and concurrent-runs rows).
 *
 * @example
 * await startEmulator({ model: new BenchModel(1), chunkDelayMs: 0 });
 */
export class BenchModel implements Model {
  readonly #seed: number;

  constructor(seed: number) {
    this.#seed = seed;
  }

  respond(context: ModelContext): ModelTextTurn {
    const [kind, a, b] = context.lastUserMessage.trim().split(/\s+/);
    if (kind === "small") return smallEvents(Number(a));
    if (kind === "cumulative") return cumulativeEvents(this.#seed, Number(a), Number(b));
    return { text: "The answer is forty two.", usage: { promptTokens: 4, completionTokens: 5 } };
  }
}

function smallEvents(count: number): ModelTextTurn {
  const partials: string[] = [];
  for (let i = 1; i < count; i++) partials.push(`token ${i}`);
  return { text: "done", partials };
}

function cumulativeEvents(seed: number, count: number, bytes: number): ModelTextTurn {
  const from = Math.floor(bytes * 0.9);
  const to = Math.ceil(bytes * 1.1);
  const text = seededText(seed, to);
  const partials: string[] = [];
  const steps = Math.max(1, count - 1);
  for (let i = 1; i <= steps; i++) {
    partials.push(text.slice(0, from + Math.floor(((to - from) * i) / steps)));
  }
  return { text, partials };
}
