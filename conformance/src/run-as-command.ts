/**
 * runAsCommand: how the package's command-line entry points (`cli.ts`, `chaos/cli.ts`) run
 * `main` when the file is executed, not when a test imports it.
 *
 * @module
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

function invokedDirectly(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * When the module at `moduleUrl` is the script node was started with, runs `main` with the
 * command-line arguments and exits with its code once the output is flushed: a client that
 * leaves a call's timer behind must not keep the command alive after the report (the suite
 * reports such leaks itself). A thrown error is printed and the exit code is 2.
 *
 * @example
 * runAsCommand(import.meta.url, main);
 */
export function runAsCommand(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  if (!invokedDirectly(moduleUrl)) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.stdout.write("", () => process.exit(code));
    },
    (e) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
