import { describe, expect, it } from "vitest";
import { notFound, QUOTED_INPUT_MAX_CHARS, quoteInput } from "./errors.js";

describe("quoteInput (issue 8, point 5)", () => {
  it("quotes a short value whole", () => {
    expect(quoteInput("abc")).toBe('"abc"');
    expect(quoteInput("fvt123", { quote: false })).toBe("fvt123");
    expect(quoteInput("x".repeat(QUOTED_INPUT_MAX_CHARS))).toBe(
      JSON.stringify("x".repeat(QUOTED_INPUT_MAX_CHARS)),
    );
  });

  it("quotes a prefix of a long value and says it was cut", () => {
    const quoted = quoteInput("a".repeat(70_000));
    expect(quoted).toBe(`"${"a".repeat(QUOTED_INPUT_MAX_CHARS)}…" (cut, 70000 chars)`);
    expect(quoteInput("b".repeat(100), { quote: false })).toMatch(/^"b+…" \(cut, 100 chars\)$/);
  });

  it("never ends the prefix on half a surrogate pair", () => {
    const value = `${"a".repeat(QUOTED_INPUT_MAX_CHARS - 1)}😀${"z".repeat(10)}`;
    expect(quoteInput(value)).toBe(`"${"a".repeat(QUOTED_INPUT_MAX_CHARS - 1)}…" (cut, 75 chars)`);
  });

  it("keeps NOT_FOUND messages short", () => {
    expect(notFound("run", "r".repeat(100_000)).rawMessage.length).toBeLessThan(120);
    expect(notFound("run", "fvtabc").rawMessage).toBe("run fvtabc not found");
  });
});
