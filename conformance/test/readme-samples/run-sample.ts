/**
 * Runs one README sample as a user would: the block, transpiled from TypeScript as is, in
 * its own `node` process, with the environment a user sets (`YC_FOLDER_ID`, `YC_API_KEY`,
 * `YC_ASSISTANTS_ENDPOINT` pointing at an emulator), from a folder inside this checkout so
 * the packages resolve by name as they do for a user.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** What a sample did. */
export interface SampleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run a sample. */
export interface RunSampleOptions {
  /** The folder the transpiled sample is written to (inside the checkout). */
  readonly dir: string;
  /** A file name for it, without extension. */
  readonly name: string;
  /** The environment on top of this process's. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
}

/**
 * Transpiles `code` (TypeScript or JavaScript, ESM with top-level await) and runs it with
 * `node`; resolves with its exit code and output (never rejects on a failing sample).
 */
export function runSample(code: string, options: RunSampleOptions): Promise<SampleRun> {
  mkdirSync(options.dir, { recursive: true });
  const js = ts.transpileModule(code, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  }).outputText;
  const file = path.join(options.dir, `${options.name}.mjs`);
  writeFileSync(file, js);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file],
      {
        cwd: options.dir,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr: error?.killed ? `${stderr}\n(killed: timeout)` : stderr });
      },
    );
  });
}
