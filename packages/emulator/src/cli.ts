#!/usr/bin/env node
import { parseCliOptions, USAGE } from "./cli-options.js";
import type { EmulatorOptions } from "./emulator-options.js";
import { startEmulator } from "./server.js";

/**
 * `yc-assistants-emulator`: runs the emulator until SIGINT/SIGTERM, printing
 * its address and one line per call (issue 4, "a CLI that prints the
 * address and logs one line per call; graceful shutdown").
 */

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator(options);
  process.stdout.write(`yc-assistants emulator listening on ${emulator.url}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`received ${signal}, shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `yc-assistants-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
