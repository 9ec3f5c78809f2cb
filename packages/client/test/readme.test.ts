/**
 * The README's quickstarts are examples/quickstart.ts and examples/answer-from-documents.ts
 * verbatim, so `tsc` type-checks the README and test/examples.test.ts runs them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), "utf8");

describe("README", () => {
  test("the Quickstart code block is identical to examples/quickstart.ts", () => {
    const readme = read("../README.md");
    const section = readme.split("\n## Quickstart\n")[1];
    expect(section).toBeDefined();
    const block = /```ts\n([\s\S]*?)```/.exec(section ?? "")?.[1];
    expect(block).toBe(read("../examples/quickstart.ts"));
  });

  test('the "Answer from your documents" code block is identical to examples/answer-from-documents.ts', () => {
    const readme = read("../README.md");
    const section = readme.split("\n## Answer from your documents\n")[1];
    expect(section).toBeDefined();
    const block = /```ts\n([\s\S]*?)```/.exec(section ?? "")?.[1];
    expect(block).toBe(read("../examples/answer-from-documents.ts"));
  });

  test("every export named in the README exists", async () => {
    const api = await import("../src/index.js");
    for (const name of [
      "AssistantsClient",
      "functionTool",
      "RunStatus",
      "StreamEvent",
      "RunResult",
      "RunStreamEvent",
      "searchIndexTool",
      "Files",
      "File",
      "SearchIndexes",
      "SearchIndex",
      "Operation",
    ]) {
      expect(api).toHaveProperty(name);
    }
  });
});
