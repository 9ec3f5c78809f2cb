/**
 * `yc-assistants-conformance clients`: every suite once per configured client, against the
 * embedded emulator and the replay server (one column per client) and, with `--server URL`,
 * against that server too (a second column per client); writes `reports/clients.json`,
 * `reports/clients.md` and the self-contained `reports/clients.html` (issue 11, "Running and
 * reporting").
 */
import path from "node:path";
import type { RemoteServer } from "../case-target.js";
import { loadKnownFailing } from "../known-failing.js";
import { type CaseReport, writeReportFile } from "../report.js";
import { type ConformanceOptions, runConformance } from "../run-conformance.js";
import { buildMatrix, type ColumnRun } from "./build-matrix.js";
import type { ClientMatrix } from "./client-matrix.js";
import type { ClientEntry } from "./clients-config.js";
import { renderMatrixHtml } from "./render-matrix-html.js";
import { renderMatrixMarkdown } from "./render-matrix-markdown.js";

/** Options of {@link runClients}. */
export interface RunClientsOptions
  extends Pick<
    ConformanceOptions,
    "casesDir" | "fixturesDir" | "suites" | "casePattern" | "concurrency"
  > {
  readonly clients: readonly ClientEntry[];
  /** Where the client commands run (the clients file's directory). */
  readonly cwd: string;
  /** Also judge this server (server-mode cases), a column per client. */
  readonly remote?: RemoteServer;
  /** Where clients.json, clients.md and clients.html go. */
  readonly reportsDir: string;
  readonly onCase?: (column: string, report: CaseReport, done: number, total: number) => void;
}

/** What the command found. */
export interface ClientsResult {
  readonly matrix: ClientMatrix;
  readonly runs: readonly ColumnRun[];
  /** Every column's run was ok (applicable cases passed or failed as listed). */
  readonly ok: boolean;
  readonly files: readonly string[];
}

/**
 * Runs the matrix and writes its reports.
 *
 * @example
 * const { ok } = await runClients({ clients: loadClientsConfig(file), cwd, reportsDir });
 */
export async function runClients(options: RunClientsOptions): Promise<ClientsResult> {
  const runs: ColumnRun[] = [];
  const targets: { key: string; label: string; remote?: RemoteServer }[] = [
    { key: "embedded", label: "emulator + replay" },
    ...(options.remote
      ? [{ key: "server", label: options.remote.url, remote: options.remote }]
      : []),
  ];
  for (const client of options.clients) {
    const knownFailing = client.knownFailing ? loadKnownFailing(client.knownFailing) : undefined;
    for (const t of targets) {
      const id = `${client.id}@${t.key}`;
      const report = await runConformance({
        mode: t.remote ? "server" : "client",
        ...(t.remote ? { remote: t.remote } : {}),
        ...(options.casesDir ? { casesDir: options.casesDir } : {}),
        ...(options.fixturesDir ? { fixturesDir: options.fixturesDir } : {}),
        ...(options.suites ? { suites: options.suites } : {}),
        ...(options.casePattern ? { casePattern: options.casePattern } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(knownFailing ? { knownFailing } : {}),
        ...(client.command
          ? {
              clientCommand: {
                command: client.command,
                cwd: options.cwd,
                ...(client.framing ? { framing: client.framing } : {}),
              },
            }
          : {}),
        onCase: (c, done, total) => options.onCase?.(id, c, done, total),
      });
      runs.push({ column: { id, client: client.label, target: t.label }, report });
    }
  }
  const matrix = buildMatrix(runs);
  const json = path.join(options.reportsDir, "clients.json");
  const md = path.join(options.reportsDir, "clients.md");
  writeReportFile(json, `${JSON.stringify(matrix, null, 2)}\n`);
  const html = path.join(options.reportsDir, "clients.html");
  writeReportFile(md, renderMatrixMarkdown(matrix));
  writeReportFile(html, renderMatrixHtml(matrix));
  return { matrix, runs, ok: runs.every((r) => r.report.ok), files: [json, md, html] };
}
