#!/usr/bin/env node
import { parseArgs } from "node:util";
import type { EmulatorOptions } from "./emulator-options.js";
import { startEmulator } from "./server.js";

/**
 * `yc-assistants-emulator`: runs the emulator until SIGINT/SIGTERM, printing
 * its address and one line per call (issue 4, "a CLI that prints the
 * address and logs one line per call; graceful shutdown").
 */

const USAGE = `Usage: yc-assistants-emulator [options]

Serves the Yandex Cloud AI Assistants API (gRPC over HTTP/2 cleartext) from memory.

Options:
  --port N                 port to listen on (default 0: a free port)
  --host H                 interface to listen on (default 127.0.0.1)
  --model echo|script      the model behind every assistant (default echo)
  --script FILE            JSON or YAML model script (implies --model script)
  --api-key K              require "authorization: Api-Key K"
  --iam-token T            require "authorization: Bearer T"
  --chunk-delay-ms N       pause between run steps and streamed chunks (default 5)
  --cut-stream-after N     end Listen/Attach streams with UNAVAILABLE after N events
  --unavailable-rate F     answer UNAVAILABLE for a fraction F (0..1) of unary calls
  --seed N                 seed of the fault generator (default 1)
  --delay-ms N             delay before every response
  --max-message-bytes N    RESOURCE_EXHAUSTED for larger request messages
  --max-runs N             RESOURCE_EXHAUSTED past N runs kept
  --quiet                  do not log calls
  -h, --help               show this help
`;

class UsageError extends Error {}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) {
    throw new UsageError(`--${name} must be a number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function parseOptions(argv: string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      model: { type: "string" },
      script: { type: "string" },
      "api-key": { type: "string" },
      "iam-token": { type: "string" },
      "chunk-delay-ms": { type: "string" },
      "cut-stream-after": { type: "string" },
      "unavailable-rate": { type: "string" },
      seed: { type: "string" },
      "delay-ms": { type: "string" },
      "max-message-bytes": { type: "string" },
      "max-runs": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const model = values.model ?? (values.script === undefined ? "echo" : "script");
  if (model !== "echo" && model !== "script") {
    throw new UsageError(`--model must be echo or script, got ${JSON.stringify(model)}`);
  }
  if (model === "script" && values.script === undefined) {
    throw new UsageError("--model script needs --script FILE");
  }
  if (model === "echo" && values.script !== undefined) {
    throw new UsageError("--script needs --model script (or no --model)");
  }
  const options: EmulatorOptions = { model: "echo" };
  const port = numberOption(values.port, "port");
  if (port !== undefined) options.port = port;
  if (values.host !== undefined) options.host = values.host;
  if (values.script !== undefined) options.scriptFile = values.script;
  if (values["api-key"] !== undefined || values["iam-token"] !== undefined) {
    options.auth = {};
    if (values["api-key"] !== undefined) options.auth.apiKey = values["api-key"];
    if (values["iam-token"] !== undefined) options.auth.iamToken = values["iam-token"];
  }
  const chunkDelayMs = numberOption(values["chunk-delay-ms"], "chunk-delay-ms");
  if (chunkDelayMs !== undefined) options.chunkDelayMs = chunkDelayMs;
  const faults: NonNullable<EmulatorOptions["faults"]> = {};
  const cut = numberOption(values["cut-stream-after"], "cut-stream-after");
  if (cut !== undefined) faults.cutStreamAfterEvents = cut;
  const rate = numberOption(values["unavailable-rate"], "unavailable-rate");
  if (rate !== undefined) faults.unavailableRate = rate;
  const seed = numberOption(values.seed, "seed");
  if (seed !== undefined) faults.seed = seed;
  const delayMs = numberOption(values["delay-ms"], "delay-ms");
  if (delayMs !== undefined) faults.delayMs = delayMs;
  if (Object.keys(faults).length > 0) options.faults = faults;
  const maxMessageBytes = numberOption(values["max-message-bytes"], "max-message-bytes");
  const maxRuns = numberOption(values["max-runs"], "max-runs");
  if (maxMessageBytes !== undefined || maxRuns !== undefined) {
    options.limits = {};
    if (maxMessageBytes !== undefined) options.limits.maxMessageBytes = maxMessageBytes;
    if (maxRuns !== undefined) options.limits.maxRuns = maxRuns;
  }
  if (!values.quiet) options.log = (line) => process.stdout.write(`${line}\n`);
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseOptions(process.argv.slice(2));
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
