/**
 * Every TypeScript / JavaScript sample of every README runs as shown, against an emulator on
 * a free loopback port, and prints what the README says it prints (issue 12). The
 * conventions (not-runnable marks, `Output:` blocks, `…`) are in
 * `readme-samples/markdown-samples.ts`.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Emulator, startEmulator } from "@yc-assistants/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type MarkdownSample,
  markdownSamples,
  printedAsShown,
} from "./readme-samples/markdown-samples.js";
import { runSample } from "./readme-samples/run-sample.js";
import { typeCheckSamples } from "./readme-samples/type-check-samples.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Inside the checkout (so the packages resolve by name), ignored by git and Biome.
const workDir = path.join(root, "conformance", "reports", "readme-samples");

function readmes(): string[] {
  const packages = readdirSync(path.join(root, "packages")).map((p) => `packages/${p}/README.md`);
  return ["README.md", ...packages, "conformance/README.md", "bench/README.md"].filter((f) =>
    existsSync(path.join(root, f)),
  );
}

const samples: MarkdownSample[] = readmes().flatMap((file) =>
  markdownSamples(file, readFileSync(path.join(root, file), "utf8")),
);
const runnable = samples.filter((s) => s.notRunnable === undefined);

/** A file name for a sample: its README and line (`packages-client-README-md-22`). */
function fileName(sample: MarkdownSample): string {
  return `${sample.file}:${sample.line}`.replace(/[^\w]+/g, "-");
}

let emulator: Emulator;

beforeAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  emulator = await startEmulator({ chunkDelayMs: 1, log: () => {} });
});

afterAll(async () => {
  await emulator?.close();
});

describe("README samples", () => {
  test("the READMEs hold samples, and only a few are marked not runnable", () => {
    expect(runnable.length).toBeGreaterThanOrEqual(8);
    // The samples that print something show what they print.
    expect(runnable.filter((s) => s.output !== undefined).length).toBeGreaterThanOrEqual(5);
    const marked = samples.filter((s) => s.notRunnable !== undefined);
    expect(marked.length).toBeLessThanOrEqual(6);
    for (const s of marked) expect(s.notRunnable, `${s.file}:${s.line}`).not.toBe("");
  });

  test("every runnable sample type-checks with the project's strict options", () => {
    const errors = typeCheckSamples(
      runnable.map((s) => ({ name: fileName(s), code: s.code })),
      path.join(workDir, "typed"),
      path.join(root, "tsconfig.base.json"),
    );
    expect(errors).toEqual([]);
  }, 90_000);

  test.each(runnable.map((s) => [`${s.file}:${s.line}`, s] as const))(
    "%s runs as shown and prints what the README shows",
    async (where, sample) => {
      const result = await runSample(sample.code, {
        dir: workDir,
        name: fileName(sample),
        env: {
          YC_FOLDER_ID: "b1g-readme",
          YC_API_KEY: "readme-key",
          YC_IAM_TOKEN: undefined,
          YC_ASSISTANTS_ENDPOINT: emulator.url,
        },
        timeoutMs: 60_000,
      });
      expect(result.code, `exit code of ${where}; stderr:\n${result.stderr}`).toBe(0);
      if (sample.output !== undefined) {
        expect(
          printedAsShown(result.stdout, sample.output),
          `${where} printed:\n${result.stdout}\nthe README shows:\n${sample.output}`,
        ).toBe(true);
      }
    },
    90_000,
  );
});
