#!/usr/bin/env node
// The `yc-assistants-emulator` command. This file is committed (with its run bit) so that the
// bin target exists when npm links bins at install time, before any build: a bin pointing
// into dist/ is skipped by `npm ci` in a fresh checkout, and `npx` then falls through to the
// registry (issue 12, "Bins are not linked"). It runs the built CLI as the script itself.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`yc-assistants-emulator: ${cli} is missing; run \`npm run build\` first\n`);
  process.exit(1);
}
// The CLI checks process.argv[1] to know that it was executed, not imported.
process.argv[1] = cli;
await import("../dist/cli.js");
