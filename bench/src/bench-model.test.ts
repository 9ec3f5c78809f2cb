import type { ModelContext } from "@yc-assistants/emulator";
import { describe, expect, it } from "vitest";
import { BenchModel } from "./bench-model.js";

const ask = (text: string) =>
  new BenchModel(7).respond({ lastUserMessage: text } as unknown as ModelContext);

describe("BenchModel", () => {
  it("streams n-1 small partials for `small n` (n events with DONE)", () => {
    const turn = ask("small 10");
    expect(turn.partials).toHaveLength(9);
    expect(turn.partials?.every((p) => p.length < 16)).toBe(true);
  });

  it("streams cumulative partials of about the size asked, the last one the whole text", () => {
    const turn = ask("cumulative 50 10000");
    const partials = turn.partials ?? [];
    expect(partials).toHaveLength(49);
    expect(partials[0]?.length).toBeGreaterThanOrEqual(9000);
    for (let i = 1; i < partials.length; i++) {
      expect(partials[i]?.startsWith(partials[i - 1] as string)).toBe(true);
    }
    expect(partials.at(-1)).toBe(turn.text);
    expect(turn.text.length).toBe(11000);
  });

  it("is deterministic for a seed", () => {
    expect(ask("cumulative 3 500").text).toBe(ask("cumulative 3 500").text);
  });

  it("answers anything else shortly", () => {
    expect(ask("short").text).toBe("The answer is forty two.");
  });
});
