#!/usr/bin/env node
/**
 * The official `@yandex-cloud/nodejs-sdk` as a client under test (issue 11, adapter 3), written
 * from conformance/PROTOCOL.md alone: newline-delimited proto3 JSON on stdin/stdout, one answer
 * per request, logs on stderr.
 *
 * Run it with: yc-assistants-conformance --client-command "node adapters/official-sdk/main.mjs"
 * (from the conformance directory), with --known-failing known-failing/official-sdk.txt.
 */
import { createInterface } from "node:readline";
import { SDK_VERSION, SdkConnection } from "./sdk-connection.mjs";
import { stepErrorOf } from "./step-error.mjs";
import { CaseSteps } from "./steps.mjs";

/**
 * What the SDK never offers (PROTOCOL.md, "Unsupported"): it has no status helpers (only the
 * generated enums), no tool-call helper, no delta of partial messages, and its generated clients
 * have no retries to configure (the default of never retrying is what `retry_disabled` asks).
 */
const UNSUPPORTED = [
  "status.flags",
  "handle_tool_calls",
  "event.delta",
  "options.retry",
  // Files, search indexes and operations (PROTOCOL.md, "Files and search indexes") and the
  // search-index tool are not written for this adapter: their cases are not applicable.
  "upload_file",
  "get_file",
  "update_file",
  "list_files",
  "file_url",
  "download_file",
  "delete_file",
  "create_search_index",
  "poll_operation",
  "wait_operation",
  "get_search_index",
  "update_search_index",
  "list_search_indexes",
  "delete_search_index",
  "add_files",
  "list_index_files",
  "create_assistant.search_index",
];

const STEP_KINDS = new Set(["index", "timeoutMs", "timeout_ms"]);

/** The case in progress: its connection and its current objects. */
/** @type {{ sdk: SdkConnection, steps: CaseSteps } | undefined} */
let current;
/** The connection of ClientInit, for a caseStart without one. */
/** @type {any} */
let defaultConnection;

/**
 * Writes one ClientResponse as one JSON line.
 *
 * @param {Record<string, unknown>} message
 */
function write(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/**
 * proto3 JSON accepts lowerCamelCase and proto names; this adapter reads lowerCamelCase.
 *
 * @param {unknown} value a parsed JSON value
 * @returns {any}
 */
function camel(value) {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()),
      // A Struct (tool parameters, arguments) and a map (labels, handlers) keep their keys.
      k === "parameters" || k === "labels" || k === "handlers" ? v : camel(v),
    ]),
  );
}

/** Forgets the case in progress and closes its channels. */
function endCase() {
  current?.sdk.close();
  current = undefined;
}

/**
 * Answers one ClientRequest (PROTOCOL.md, "Lifecycle").
 *
 * @param {Record<string, any>} request
 */
async function handle(request) {
  if (request.init !== undefined) {
    defaultConnection = request.init.connection;
    write({
      initAck: {
        name: "@yandex-cloud/nodejs-sdk",
        version: SDK_VERSION,
        runtime: `node ${process.version}`,
        unsupported: UNSUPPORTED,
      },
    });
  } else if (request.caseStart !== undefined) {
    endCase();
    const start = request.caseStart;
    const sdk = new SdkConnection(start.connection ?? defaultConnection, start.options ?? {});
    current = { sdk, steps: new CaseSteps(sdk) };
    write({ caseStarted: {} });
  } else if (request.step !== undefined) {
    const { index = 0, ...rest } = request.step;
    const kind = Object.keys(rest).find((k) => !STEP_KINDS.has(k));
    let answer;
    try {
      if (current === undefined) throw new Error("a step before caseStart");
      if (kind === undefined) throw new Error("a step of no kind");
      answer = await current.steps.run(kind, rest[kind] ?? {});
    } catch (error) {
      answer = { error: stepErrorOf(error) };
    }
    write({ step: { index, ...answer } });
  } else if (request.caseEnd !== undefined) {
    endCase();
    write({ caseEnded: {} });
  } else if (request.shutdown !== undefined) {
    endCase();
    process.exit(0);
  } else {
    write({ fatal: { message: `unknown request: ${JSON.stringify(request)}` } });
  }
}

if ((process.env.YC_CONFORMANCE_FRAMING ?? "json") !== "json") {
  process.stderr.write("official-sdk adapter: only the JSON framing is implemented\n");
  process.exit(2);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
let queue = Promise.resolve();
lines.on("line", (line) => {
  if (line.trim() === "") return;
  queue = queue.then(async () => {
    let request;
    try {
      request = camel(JSON.parse(line));
    } catch (error) {
      write({ fatal: { message: `not JSON: ${error instanceof Error ? error.message : error}` } });
      return;
    }
    await handle(request).catch((error) => {
      process.stderr.write(`official-sdk adapter: ${error?.stack ?? error}\n`);
      write({ fatal: { message: String(error instanceof Error ? error.message : error) } });
    });
  });
});
lines.on("close", () => {
  queue.then(() => {
    endCase();
    process.exit(0);
  });
});
