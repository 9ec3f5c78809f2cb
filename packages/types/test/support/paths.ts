import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's root directory (the parent of `packages/`). */
export const repoRoot: string = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../..",
);

/**
 * The recorded real traffic of runs, threads, messages and assistants, read
 * at run time from beside the checkout and never copied into the repository
 * (shared brief); `YC_FIXTURES_DIR` overrides.
 */
export const fixturesDir: string = path.resolve(
  process.env["YC_FIXTURES_DIR"] ?? path.resolve(repoRoot, "../shared/fixtures/yandex-recorded"),
);

/**
 * The recorded real traffic of files, search indexes, operations and endpoint
 * discovery (issue 9); `YC_FILES_FIXTURES_DIR` overrides.
 */
export const filesFixturesDir: string = path.resolve(
  process.env["YC_FILES_FIXTURES_DIR"] ??
    path.resolve(repoRoot, "../shared/fixtures/yandex-recorded-files"),
);

/** Both recording folders, each read in full by the fixture tests (issue 9). */
export const fixtureDirs: readonly string[] = [fixturesDir, filesFixturesDir];

/**
 * The schema sheet the `.proto` files are written from: the full sheet (22
 * files), which supersedes `assistants-v1.md` (issue 9); `YC_SCHEMA_SHEET`
 * overrides.
 */
export const schemaSheetPath: string = path.resolve(
  process.env["YC_SCHEMA_SHEET"] ??
    path.resolve(repoRoot, "../shared/schema/assistants-v1-full.md"),
);

/** Fails loudly when an input outside the repository is missing. */
export function requireExisting(file: string, what: string): string {
  if (!existsSync(file)) {
    throw new Error(`${what} not found at ${file}`);
  }
  return file;
}
