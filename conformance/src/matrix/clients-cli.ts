/**
 * The `clients` subcommand of `yc-assistants-conformance` (issue 11): parses its options,
 * runs the matrix (run-clients.ts) and prints a line per column. Exit codes as the main
 * command: 0 when every applicable case passed or failed as its client's known-failing file
 * says, 1 otherwise, 2 for bad arguments.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import type { Credentials, RemoteServer } from "../case-target.js";
import { progressLine } from "../report.js";
import { DEFAULT_REPORTS_DIR, defaultFixturesDir, PACKAGE_DIR } from "../run-conformance.js";
import { ClientsConfigError, loadClientsConfig } from "./clients-config.js";
import { runClients } from "./run-clients.js";

/** The help of `clients`. */
export const CLIENTS_USAGE = `Usage: yc-assistants-conformance clients [options]

Runs every suite once per client of the clients file, against the embedded emulator and the
replay server (and --server URL), and writes reports/clients.json and reports/clients.md.

Options:
  --config FILE            the clients file (default: this package's clients.json)
  --client ID              only this client (repeat, or comma-separate)
  --server URL             also judge this server (server-mode cases), a column per client
  --api-key KEY | --iam-token TOKEN, --folder-id ID   for --server (else YC_API_KEY, ...)
  --suite NAME, --case PATTERN, --fixtures DIR, --cases DIR, --concurrency N   as the main command
  --reports DIR            where clients.json and clients.md go (default reports/)
  --quiet                  print failures and the summary only
`;

type Io = { out: (s: string) => void; err: (s: string) => void; env: NodeJS.ProcessEnv };

function list(values: string[] | undefined): string[] | undefined {
  const out = values
    ?.flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return out && out.length > 0 ? out : undefined;
}

/**
 * Runs `clients` with its arguments (after the word `clients`); returns the exit code.
 *
 * @example
 * process.exitCode = await clientsMain(["--suite", "submit"], io);
 */
export async function clientsMain(argv: readonly string[], io: Io): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  const parse = (args: string[]) =>
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: "string" },
        client: { type: "string", multiple: true },
        server: { type: "string" },
        "api-key": { type: "string" },
        "iam-token": { type: "string" },
        "folder-id": { type: "string" },
        suite: { type: "string", multiple: true },
        case: { type: "string" },
        fixtures: { type: "string" },
        cases: { type: "string" },
        concurrency: { type: "string" },
        reports: { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  const usage = (message: string) => {
    io.err(`error: ${message}`);
    io.err("run with clients --help for the options");
    return 2;
  };
  try {
    values = parse([...argv]).values;
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    io.out(CLIENTS_USAGE);
    return 0;
  }
  const configFile = values.config ?? path.join(PACKAGE_DIR, "clients.json");
  let clients: ReturnType<typeof loadClientsConfig>;
  try {
    clients = loadClientsConfig(configFile);
  } catch (e) {
    if (e instanceof ClientsConfigError) return usage(e.message);
    throw e;
  }
  const only = list(values.client);
  if (only) {
    const unknown = only.filter((id) => !clients.some((c) => c.id === id));
    if (unknown.length > 0)
      return usage(`--client: no client ${unknown.join(", ")} in ${configFile}`);
    clients = clients.filter((c) => only.includes(c.id));
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1))
    return usage("--concurrency must be a positive integer");
  let remote: RemoteServer | undefined;
  if (values.server !== undefined) {
    if (!/^https?:\/\//.test(values.server)) return usage("--server must be an http(s):// URL");
    const folderId = values["folder-id"] ?? io.env["YC_FOLDER_ID"];
    if (!folderId) return usage("--server needs --folder-id (or YC_FOLDER_ID)");
    const apiKey = values["api-key"] ?? io.env["YC_API_KEY"];
    const iamToken = values["iam-token"] ?? io.env["YC_IAM_TOKEN"];
    const credentials: Credentials | undefined = apiKey
      ? { apiKey }
      : iamToken
        ? { iamToken }
        : undefined;
    if (!credentials) return usage("--server needs --api-key or --iam-token");
    remote = { url: values.server, credentials, folderId };
  }
  const suites = list(values.suite);
  const result = await runClients({
    clients,
    cwd: path.dirname(path.resolve(configFile)),
    reportsDir: values.reports ?? DEFAULT_REPORTS_DIR,
    fixturesDir: values.fixtures ?? defaultFixturesDir(io.env),
    ...(values.cases !== undefined ? { casesDir: values.cases } : {}),
    ...(suites ? { suites } : {}),
    ...(values.case !== undefined ? { casePattern: values.case } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(remote ? { remote } : {}),
    onCase: (column, c, done, total) => {
      if (!values.quiet || c.outcome === "failed" || c.outcome === "stale")
        io.out(`${column} ${progressLine(c, done, total)}`);
    },
  });
  io.out("");
  io.out("column                                   passed  failed  n/a  known-failing  ok");
  for (const { column, report } of result.runs) {
    const n = (o: string) => report.cases.filter((c) => c.outcome === o).length;
    io.out(
      `${column.id.padEnd(40)} ${String(n("passed")).padStart(6)}  ${String(n("failed") + n("stale")).padStart(6)}  ${String(n("skipped")).padStart(3)}  ${String(n("known-failing")).padStart(13)}  ${report.ok ? "yes" : "NO"}`,
    );
  }
  io.out(`reports: ${result.files.join(", ")}`);
  return result.ok ? 0 : 1;
}
