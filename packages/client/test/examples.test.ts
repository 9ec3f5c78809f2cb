/**
 * Runs examples/quickstart.ts, examples/function-calling.ts and
 * examples/answer-from-documents.ts (the README's quickstarts) against the emulator over
 * HTTP/2: they are type-checked by `tsc` and proven to work here.
 */
import { type Emulator, startEmulator } from "@yc-assistants/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ auth: { apiKey: "example-key" }, chunkDelayMs: 1 });
});

afterAll(async () => {
  await emulator?.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function runExample(file: string): Promise<string> {
  vi.stubEnv("YC_FOLDER_ID", "b1g-examples");
  vi.stubEnv("YC_API_KEY", "example-key");
  vi.stubEnv("YC_IAM_TOKEN", "");
  vi.stubEnv("YC_ASSISTANTS_ENDPOINT", emulator.url);
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    out += `${args.join(" ")}\n`;
  });
  await import(/* @vite-ignore */ file);
  return out;
}

describe("examples", () => {
  test("quickstart.ts: streamed run, then a tool call round trip", async () => {
    const out = await runExample("../examples/quickstart.ts");
    expect(out).toContain("Echo: Say hello!\nCOMPLETED, ");
    expect(out).toMatch(/COMPLETED, \d+ tokens/);
    expect(out).toContain('Tool results: get_weather: {"city":"Paris","celsius":21}');
  });

  test("function-calling.ts: the tool loop and the same round trip by hand", async () => {
    const out = await runExample("../examples/function-calling.ts");
    expect(out).toContain("loop: Tool results: add_numbers: 42");
    expect(out).toContain("model calls: add_numbers");
    expect(out).toContain("by hand: Tool results: add_numbers: 3");
  });

  test("answer-from-documents.ts: upload, index, ask with the search index tool, citations", async () => {
    const out = await runExample("../examples/answer-from-documents.ts");
    // The emulator's deterministic retrieval answers from the best chunk (issue 9): 57.
    expect(out).toContain("57");
    expect(out).toMatch(/ {2}from notes\.txt \(text index\): .*my secret number is 57/);
  });
});
