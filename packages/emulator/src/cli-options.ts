import { parseArgs } from "node:util";
import type {
  EmulatorOptions,
  FaultCount,
  Http2ErrorCodeName,
  LoseResponseFault,
} from "./emulator-options.js";

/** The `yc-assistants-emulator` help text. */
export const USAGE = `Usage: yc-assistants-emulator [options]

Serves the Yandex Cloud AI Assistants API (gRPC over HTTP/2 cleartext) from memory.

Options:
  --port N                 port to listen on (default 0: a free port)
  --host H                 interface to listen on (default 127.0.0.1)
  --model echo|script      the model behind every assistant (default echo)
  --script FILE            JSON or YAML model script (implies --model script)
  --api-key K              require "authorization: Api-Key K"
  --iam-token T            require "authorization: Bearer T"
  --chunk-delay-ms N       pause between run steps and streamed chunks (default 5)
  --max-message-bytes N    RESOURCE_EXHAUSTED for larger request messages (default 4194304)
  --max-runs N             RESOURCE_EXHAUSTED past N runs kept
  --max-file-bytes N       RESOURCE_EXHAUSTED for larger file uploads (default 134217728)
  --operation-delay-ms N   how long indexing operations take (default 20)
  --compression none|gzip  response compression (default none)
  --quiet                  do not log calls
  -h, --help               show this help

Faults (COUNT is N or MIN-MAX, drawn per stream; METHODS is a comma list like RunService/Submit;
CODE is an HTTP/2 error code name such as CANCEL or INTERNAL_ERROR):
  --seed N                             seed of the fault generator (default 1)
  --delay-ms N                         delay before every response
  --cut-stream-after N                 end Listen/Attach streams with UNAVAILABLE after N events
  --unavailable-rate F                 answer UNAVAILABLE for a fraction F (0..1) of unary calls
  --unavailable-spare-non-idempotent   never answer UNAVAILABLE to Create or RunService/Submit
  --destroy-connection-after-bytes COUNT   drop the TCP connection after COUNT response bytes
  --destroy-connection-after-events COUNT  drop the TCP connection after COUNT response messages
  --destroy-connection-methods METHODS     the methods those two hit (default all)
  --reset-streams-rate F               RST_STREAM a fraction F of calls before they run
  --reset-streams-after-events COUNT   RST_STREAM a stream after COUNT response messages
  --reset-streams-code CODE            their RST_STREAM code (default INTERNAL_ERROR)
  --reset-streams-methods METHODS      the methods they hit (default all)
  --lose-response-methods METHODS      apply these calls, then lose their response
  --lose-response-rate F               the fraction of them that is lost (default 1)
  --lose-response-how reset-stream|destroy-connection   how (default reset-stream)
  --lose-response-code CODE            the RST_STREAM code (default CANCEL)
  --goaway-after-streams N             send GOAWAY after N streams of a connection, then close it
  --goaway-rate F                      send GOAWAY after a fraction F of streams
  --goaway-code CODE                   the GOAWAY code (default NO_ERROR)
`;

/** A bad command line: the CLI prints it with {@link USAGE} and exits with code 2. */
export class UsageError extends Error {}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) {
    throw new UsageError(`--${name} must be a number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** `N` or `MIN-MAX`. */
function countOption(value: string | undefined, name: string): FaultCount | undefined {
  if (value === undefined) return undefined;
  const range = /^(\d+)-(\d+)$/.exec(value.trim());
  if (range !== null) return { min: Number(range[1]), max: Number(range[2]) };
  return numberOption(value, name);
}

function listOption(value: string | undefined): string[] | undefined {
  return value?.split(",").map((item) => item.trim());
}

const STRING_OPTIONS = [
  "port",
  "host",
  "model",
  "script",
  "api-key",
  "iam-token",
  "chunk-delay-ms",
  "cut-stream-after",
  "unavailable-rate",
  "seed",
  "delay-ms",
  "max-message-bytes",
  "max-runs",
  "max-file-bytes",
  "operation-delay-ms",
  "compression",
  "destroy-connection-after-bytes",
  "destroy-connection-after-events",
  "destroy-connection-methods",
  "reset-streams-rate",
  "reset-streams-after-events",
  "reset-streams-code",
  "reset-streams-methods",
  "lose-response-methods",
  "lose-response-rate",
  "lose-response-how",
  "lose-response-code",
  "goaway-after-streams",
  "goaway-rate",
  "goaway-code",
] as const;

/**
 * The {@link EmulatorOptions} of a command line, or "help". Values are
 * parsed here; their ranges are checked by `startEmulator`, which names the
 * option in its RangeError.
 *
 * @example
 * parseCliOptions(["--port", "8080", "--lose-response-methods", "RunService/Submit"]);
 */
export function parseCliOptions(argv: string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      ...Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: "string" as const }])),
      "unavailable-spare-non-idempotent": { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const text = values as Partial<Record<(typeof STRING_OPTIONS)[number], string>>;
  if (values.help) return "help";
  const model = text.model ?? (text.script === undefined ? "echo" : "script");
  if (model !== "echo" && model !== "script") {
    throw new UsageError(`--model must be echo or script, got ${JSON.stringify(model)}`);
  }
  if (model === "script" && text.script === undefined) {
    throw new UsageError("--model script needs --script FILE");
  }
  if (model === "echo" && text.script !== undefined) {
    throw new UsageError("--script needs --model script (or no --model)");
  }
  const options: EmulatorOptions = { model: "echo" };
  const port = numberOption(text.port, "port");
  if (port !== undefined) options.port = port;
  if (text.host !== undefined) options.host = text.host;
  if (text.script !== undefined) options.scriptFile = text.script;
  if (text["api-key"] !== undefined || text["iam-token"] !== undefined) {
    options.auth = {};
    if (text["api-key"] !== undefined) options.auth.apiKey = text["api-key"];
    if (text["iam-token"] !== undefined) options.auth.iamToken = text["iam-token"];
  }
  const chunkDelayMs = numberOption(text["chunk-delay-ms"], "chunk-delay-ms");
  if (chunkDelayMs !== undefined) options.chunkDelayMs = chunkDelayMs;
  const faults = parseFaults(text, values["unavailable-spare-non-idempotent"] === true);
  if (Object.keys(faults).length > 0) options.faults = faults;
  const maxMessageBytes = numberOption(text["max-message-bytes"], "max-message-bytes");
  const maxRuns = numberOption(text["max-runs"], "max-runs");
  if (maxMessageBytes !== undefined || maxRuns !== undefined) {
    options.limits = {};
    if (maxMessageBytes !== undefined) options.limits.maxMessageBytes = maxMessageBytes;
    if (maxRuns !== undefined) options.limits.maxRuns = maxRuns;
  }
  const maxFileBytes = numberOption(text["max-file-bytes"], "max-file-bytes");
  if (maxFileBytes !== undefined) options.files = { maxBytes: maxFileBytes };
  const operationDelayMs = numberOption(text["operation-delay-ms"], "operation-delay-ms");
  if (operationDelayMs !== undefined) options.operationDelayMs = operationDelayMs;
  const compression = text.compression;
  if (compression !== undefined) {
    if (compression !== "none" && compression !== "gzip") {
      throw new UsageError(
        `--compression must be none or gzip, got ${JSON.stringify(compression)}`,
      );
    }
    options.compression = compression;
  }
  if (!values.quiet) options.log = (line) => process.stdout.write(`${line}\n`);
  return options;
}

type Faults = NonNullable<EmulatorOptions["faults"]>;

function parseFaults(
  text: Partial<Record<(typeof STRING_OPTIONS)[number], string>>,
  spare: boolean,
): Faults {
  const faults: Faults = {};
  const set = <K extends keyof Faults>(key: K, value: Faults[K] | undefined) => {
    if (value !== undefined) faults[key] = value;
  };
  set("cutStreamAfterEvents", numberOption(text["cut-stream-after"], "cut-stream-after"));
  set("unavailableRate", numberOption(text["unavailable-rate"], "unavailable-rate"));
  if (spare) faults.unavailableSpareNonIdempotent = true;
  set("seed", numberOption(text.seed, "seed"));
  set("delayMs", numberOption(text["delay-ms"], "delay-ms"));
  const bytes = "destroy-connection-after-bytes";
  set("destroyConnectionAfterBytes", countOption(text[bytes], bytes));
  const events = "destroy-connection-after-events";
  set("destroyConnectionAfterEvents", countOption(text[events], events));
  set("destroyConnectionMethods", listOption(text["destroy-connection-methods"]));
  const reset: Faults["resetStreams"] = {};
  const resetRate = numberOption(text["reset-streams-rate"], "reset-streams-rate");
  if (resetRate !== undefined) reset.rate = resetRate;
  const resetAfter = countOption(text["reset-streams-after-events"], "reset-streams-after-events");
  if (resetAfter !== undefined) reset.afterEvents = resetAfter;
  if (text["reset-streams-code"] !== undefined) {
    reset.code = text["reset-streams-code"] as Http2ErrorCodeName;
  }
  const resetMethods = listOption(text["reset-streams-methods"]);
  if (resetMethods !== undefined) reset.methods = resetMethods;
  if (Object.keys(reset).length > 0) faults.resetStreams = reset;
  const loseMethods = listOption(text["lose-response-methods"]);
  if (loseMethods !== undefined) {
    const lose: LoseResponseFault = { methods: loseMethods };
    const rate = numberOption(text["lose-response-rate"], "lose-response-rate");
    if (rate !== undefined) lose.rate = rate;
    if (text["lose-response-how"] !== undefined) {
      lose.how = text["lose-response-how"] as LoseResponseFault["how"] & string;
    }
    if (text["lose-response-code"] !== undefined) {
      lose.code = text["lose-response-code"] as Http2ErrorCodeName;
    }
    faults.loseResponse = lose;
  } else if (
    text["lose-response-rate"] !== undefined ||
    text["lose-response-how"] !== undefined ||
    text["lose-response-code"] !== undefined
  ) {
    throw new UsageError("--lose-response-rate/-how/-code need --lose-response-methods");
  }
  const goAway: Faults["goAway"] = {};
  const after = numberOption(text["goaway-after-streams"], "goaway-after-streams");
  if (after !== undefined) goAway.afterStreams = after;
  const goAwayRate = numberOption(text["goaway-rate"], "goaway-rate");
  if (goAwayRate !== undefined) goAway.rate = goAwayRate;
  if (text["goaway-code"] !== undefined) goAway.code = text["goaway-code"] as Http2ErrorCodeName;
  if (Object.keys(goAway).length > 0) faults.goAway = goAway;
  return faults;
}
