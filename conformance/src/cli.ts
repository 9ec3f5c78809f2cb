#!/usr/bin/env node
/**
 * `yc-assistants-conformance`: runs the conformance suite and prints the
 * report. Exit codes: 0 when every expected case passed, 1 when a case failed
 * (or a known-failing case passed), 2 for bad arguments or case files.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { CaseFileError } from "./case-loader.js";
import type { Credentials, RemoteServer } from "./case-target.js";
import { type KnownFailing, loadKnownFailing } from "./known-failing.js";
import { clientsMain } from "./matrix/clients-cli.js";
import { startRecordingProxy, writeRecording } from "./recorder.js";
import { junitXml, progressLine, summaryTable, writeReportFile } from "./report.js";
import { runAsCommand } from "./run-as-command.js";
import { DEFAULT_REPORTS_DIR, defaultFixturesDir, runConformance } from "./run-conformance.js";

const USAGE = `Usage: yc-assistants-conformance [options]
       yc-assistants-conformance clients [options]   (the client matrix; clients --help)

Runs the conformance cases of the Yandex Cloud AI Assistants runs API.

Modes:
  --mode client            (default) our client against the embedded emulator and the replay server
  --mode server            a reference client against --server (default: an embedded emulator)
  --mode proxy             a recording proxy to --server: point your own client at it, stop with
                           Ctrl-C, the exchange is written to --record DIR

Options:
  --server URL             the server under test (server mode), e.g. https://assistant.api.cloud.yandex.net
  --api-key KEY            credentials for --server (else YC_API_KEY)
  --iam-token TOKEN        credentials for --server (else YC_IAM_TOKEN)
  --folder-id ID           folder for --server (else YC_FOLDER_ID)
  --suite NAME             only this suite (repeat, or comma-separate)
                           (faults: the chaos scenarios with about 50 runs each; only when named)
  --case PATTERN           only cases whose suite/name or name matches (* wildcards)
  --record DIR             write every case's exchange to DIR/<suite>/<case>.json (fixture format)
  --known-failing FILE     cases expected to fail (patterns, # comments); listed cases that pass fail the run
  --junit FILE             JUnit XML report (default reports/junit.xml)
  --json FILE              JSON report (default reports/report.json)
  --fixtures DIR           recorded fixtures (default YC_FIXTURES_DIR or ../shared/fixtures/yandex-recorded)
  --cases DIR              case files (default: this package's cases/)
  --concurrency N          cases run at once (default 4)
  --client-command "CMD"   client mode: the client under test is CMD (run with sh -c), speaking
                           PROTOCOL.md on stdin/stdout, instead of our client in process
  --client-protocol P      json (default: newline-delimited proto3 JSON) or binary (size-delimited)
  --step-timeout MS        longest a step may take (default 20000)
  --port N                 proxy mode: port to listen on (default: a free port)
  --quiet                  print failures and the summary only
  -h, --help               this help
`;

/** A command-line problem: exit code 2. */
class UsageError extends Error {}

function credentialsFrom(
  values: { "api-key"?: string; "iam-token"?: string },
  env: NodeJS.ProcessEnv,
): Credentials {
  const apiKey = values["api-key"] ?? env["YC_API_KEY"];
  const iamToken = values["iam-token"] ?? env["YC_IAM_TOKEN"];
  if (apiKey) return { apiKey };
  if (iamToken) return { iamToken };
  throw new UsageError(
    "--server needs credentials: --api-key or --iam-token (or YC_API_KEY / YC_IAM_TOKEN)",
  );
}

/**
 * Runs the CLI with `argv` (without the node and script names) and returns the exit code.
 *
 * @example
 * process.exitCode = await main(["--suite", "submit"]);
 */
export async function main(
  argv: readonly string[],
  io: { out: (s: string) => void; err: (s: string) => void; env: NodeJS.ProcessEnv } = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    env: process.env,
  },
): Promise<number> {
  // `clients`: the matrix of every configured client (issue 11).
  if (argv[0] === "clients") return clientsMain(argv.slice(1), io);
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        mode: { type: "string", default: "client" },
        server: { type: "string" },
        "api-key": { type: "string" },
        "iam-token": { type: "string" },
        "folder-id": { type: "string" },
        suite: { type: "string", multiple: true },
        case: { type: "string" },
        record: { type: "string" },
        "known-failing": { type: "string" },
        junit: { type: "string" },
        json: { type: "string" },
        fixtures: { type: "string" },
        cases: { type: "string" },
        concurrency: { type: "string" },
        port: { type: "string" },
        "client-command": { type: "string" },
        "client-protocol": { type: "string" },
        "step-timeout": { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const mode = values.mode;
    if (mode !== "client" && mode !== "server" && mode !== "proxy") {
      throw new UsageError(`--mode must be client, server or proxy, got "${mode}"`);
    }
    if (mode === "proxy") return await proxyMode(values, io);
    if (values.server !== undefined && mode !== "server") {
      throw new UsageError("--server is for --mode server (or proxy)");
    }
    const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
      throw new UsageError("--concurrency must be a positive integer");
    }
    let remote: RemoteServer | undefined;
    if (values.server !== undefined) {
      const folderId = values["folder-id"] ?? io.env["YC_FOLDER_ID"];
      if (!folderId) throw new UsageError("--server needs --folder-id (or YC_FOLDER_ID)");
      if (!/^https?:\/\//.test(values.server))
        throw new UsageError("--server must be an http(s):// URL");
      remote = { url: values.server, credentials: credentialsFrom(values, io.env), folderId };
    }
    let knownFailing: KnownFailing | undefined;
    if (values["known-failing"] !== undefined) {
      try {
        knownFailing = loadKnownFailing(values["known-failing"]);
      } catch (e) {
        throw new UsageError(`--known-failing: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const framing = values["client-protocol"];
    if (framing !== undefined && framing !== "json" && framing !== "binary") {
      throw new UsageError(`--client-protocol must be json or binary, got "${framing}"`);
    }
    if (framing !== undefined && values["client-command"] === undefined) {
      throw new UsageError("--client-protocol needs --client-command");
    }
    const stepTimeoutMs =
      values["step-timeout"] === undefined ? undefined : Number(values["step-timeout"]);
    if (stepTimeoutMs !== undefined && !(Number.isInteger(stepTimeoutMs) && stepTimeoutMs >= 1)) {
      throw new UsageError("--step-timeout must be a positive number of milliseconds");
    }
    const suites = values.suite
      ?.flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const report = await runConformance({
      mode,
      fixturesDir: values.fixtures ?? defaultFixturesDir(io.env),
      ...(values.cases !== undefined ? { casesDir: values.cases } : {}),
      ...(suites && suites.length > 0 ? { suites } : {}),
      ...(values.case !== undefined ? { casePattern: values.case } : {}),
      ...(knownFailing ? { knownFailing } : {}),
      ...(remote ? { remote } : {}),
      ...(values.record !== undefined ? { recordDir: values.record } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(stepTimeoutMs !== undefined ? { stepTimeoutMs } : {}),
      ...(values["client-command"] !== undefined
        ? {
            clientCommand: {
              command: values["client-command"],
              ...(framing !== undefined ? { framing } : {}),
            },
          }
        : {}),
      onCase: (c, done, total) => {
        if (!values.quiet || c.outcome === "failed" || c.outcome === "stale")
          io.out(progressLine(c, done, total));
      },
    });
    const junit = values.junit ?? path.join(DEFAULT_REPORTS_DIR, "junit.xml");
    const json = values.json ?? path.join(DEFAULT_REPORTS_DIR, "report.json");
    writeReportFile(junit, junitXml(report));
    writeReportFile(json, `${JSON.stringify(report, null, 2)}\n`);
    io.out("");
    io.out(summaryTable(report));
    io.out(`reports: ${junit}, ${json}`);
    return report.ok ? 0 : 1;
  } catch (e) {
    if (
      e instanceof UsageError ||
      e instanceof CaseFileError ||
      (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
    ) {
      io.err(`error: ${(e as Error).message}`);
      if (!(e instanceof CaseFileError)) io.err("run with --help for the options");
      return 2;
    }
    throw e;
  }
}

async function proxyMode(
  values: { server?: string | undefined; record?: string | undefined; port?: string | undefined },
  io: { out: (s: string) => void; err: (s: string) => void },
): Promise<number> {
  if (values.server === undefined) throw new UsageError("--mode proxy needs --server URL");
  if (values.record === undefined) throw new UsageError("--mode proxy needs --record DIR");
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new UsageError("--port must be a port number");
  }
  const proxy = await startRecordingProxy({
    upstream: values.server,
    ...(port !== undefined ? { port } : {}),
  });
  io.out(
    `recording proxy to ${values.server} listening on ${proxy.url} (Ctrl-C to stop and write)`,
  );
  const dir = values.record;
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await proxy.close();
  const file = path.join(dir, `recording-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeRecording(file, proxy.recording());
  io.out(`wrote ${proxy.recording().interactions.length} interaction(s) to ${file}`);
  return 0;
}

// Run when executed (not when imported by tests).
runAsCommand(import.meta.url, main);
