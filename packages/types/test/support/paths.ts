import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's root directory (the parent of `packages/`). */
export const repoRoot: string = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../..",
);

/**
 * The recorded real traffic, read at run time from beside the checkout and
 * never copied into the repository (shared brief); `YC_FIXTURES_DIR` overrides.
 */
export const fixturesDir: string = path.resolve(
  process.env["YC_FIXTURES_DIR"] ?? path.resolve(repoRoot, "../shared/fixtures/yandex-recorded"),
);

/**
 * The schema sheet the `.proto` files are written from; `YC_SCHEMA_SHEET`
 * overrides.
 */
export const schemaSheetPath: string = path.resolve(
  process.env["YC_SCHEMA_SHEET"] ?? path.resolve(repoRoot, "../shared/schema/assistants-v1.md"),
);

/** Fails loudly when an input outside the repository is missing. */
export function requireExisting(file: string, what: string): string {
  if (!existsSync(file)) {
    throw new Error(`${what} not found at ${file}`);
  }
  return file;
}
