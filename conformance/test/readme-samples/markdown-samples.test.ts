import { describe, expect, it } from "vitest";
import { markdownSamples, printedAsShown } from "./markdown-samples.js";

const readme = [
  "# Title",
  "",
  "```ts",
  'console.log("hi");',
  "```",
  "",
  "Output:",
  "",
  "```",
  "hi",
  "```",
  "",
  "<!-- not-runnable: continues the block above -->",
  "```ts",
  "console.log(client);",
  "```",
  "",
  "```sh",
  "npm test",
  "```",
  "",
  "- a list item:",
  "  ```js",
  "  console.log(1);",
  "  ```",
  "  Against the emulator it prints:",
  "  ```",
  "  1",
  "  ```",
  "",
  "```ts",
  "const x = 1;",
  "```",
  "Some prose in between.",
  "```",
  "not an output",
  "```",
].join("\n");

describe("markdownSamples", () => {
  const samples = markdownSamples("README.md", readme);

  it("finds the ts and js blocks with their line, and skips other languages", () => {
    expect(samples.map((s) => [s.line, s.lang])).toEqual([
      [3, "ts"],
      [14, "ts"],
      [23, "js"],
      [31, "ts"],
    ]);
    expect(samples[2]?.code).toBe("console.log(1);\n");
  });

  it("reads a not-runnable mark with its reason", () => {
    expect(samples.map((s) => s.notRunnable)).toEqual([
      undefined,
      "continues the block above",
      undefined,
      undefined,
    ]);
  });

  it("takes the block after an Output / prints line as what the sample prints, nothing else", () => {
    expect(samples.map((s) => s.output)).toEqual(["hi", undefined, "1", undefined]);
  });
});

describe("printedAsShown", () => {
  it("compares line by line, ignoring trailing spaces and a final newline", () => {
    expect(printedAsShown("a\nb  \n", "a\nb")).toBe(true);
    expect(printedAsShown("a\nb\n", "a")).toBe(false);
    expect(printedAsShown("Echo: Add 2 and 40\n", "Tool results: add: 42")).toBe(false);
  });

  it("reads … as any text, and every other character literally", () => {
    expect(printedAsShown("COMPLETED, 10 tokens\n", "COMPLETED, … tokens")).toBe(true);
    expect(printedAsShown("COMPLETED, 10 tokens\n", "COMPLETED, … words")).toBe(false);
    expect(printedAsShown("a+b (x)\n", "a+b (x)")).toBe(true);
    expect(printedAsShown("aab\n", "a+b")).toBe(false);
  });
});
