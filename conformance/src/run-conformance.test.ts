import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadKnownFailing } from "./known-failing.js";
import type { RunReport } from "./report.js";
import { runConformance } from "./run-conformance.js";

const knownFailing = loadKnownFailing(
  fileURLToPath(new URL("../known-failing.txt", import.meta.url)),
);

function failuresOf(report: RunReport): string[] {
  return report.cases
    .filter((c) => c.outcome === "failed" || c.outcome === "stale")
    .map((c) => `${c.id} (${c.outcome}): ${c.failures.join(" | ")}`);
}

describe("the whole suite", () => {
  it("passes in client mode against the embedded emulator and the replay server", async () => {
    const report = await runConformance({ mode: "client", knownFailing });
    expect(failuresOf(report)).toEqual([]);
    expect(report.ok).toBe(true);
    const targets = new Set(report.cases.map((c) => c.target));
    expect(targets).toEqual(new Set(["emulator", "replay"]));
    expect(report.suites.map((s) => s.suite).sort()).toEqual([
      "citations",
      "enum-mapping",
      "errors",
      "files",
      "listen-cursors",
      "pagination",
      "recorded",
      "run-results",
      "search-indexes",
      "server-bookkeeping",
      "server-not-found",
      "server-paging",
      "server-runs",
      "server-validation",
      "stream-events",
      "submit",
    ]);
    expect(report.cases.filter((c) => c.outcome === "skipped")).toEqual([]);
  }, 120_000);

  it("passes in server mode against an embedded emulator", async () => {
    const report = await runConformance({ mode: "server", knownFailing });
    expect(failuresOf(report)).toEqual([]);
    expect(report.ok).toBe(true);
    const ran = report.cases.filter((c) => c.outcome === "passed");
    // issue 11, "Servers too": at least 60 server-mode cases, grouped by suite.
    expect(ran.length).toBeGreaterThanOrEqual(60);
    const serverSuites = new Set(ran.map((c) => c.suite));
    for (const suite of [
      "server-bookkeeping",
      "server-not-found",
      "server-paging",
      "server-runs",
      "server-validation",
    ]) {
      expect(serverSuites.has(suite), suite).toBe(true);
    }
    expect(ran.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        "submit/submit-through-attach-any-server",
        "submit/several-results-one-submit-any-server",
        // issue 9: files, operations, citations and the real service's paging
        "files/download",
        "search-indexes/unknown-file-fails-operation",
        "citations/secret-number",
        "pagination/folder-lists-any-server",
      ]),
    );
    expect(ran.every((c) => c.target === "server")).toBe(true);
  }, 120_000);

  it("filters by suite and case pattern", async () => {
    const report = await runConformance({
      suites: ["enum-mapping"],
      casePattern: "run-status-unknown-*",
    });
    expect(report.cases.map((c) => c.name)).toEqual([
      "run-status-unknown-6",
      "run-status-unknown-99",
      "run-status-unknown-minus-1",
      "run-status-unknown-int32-max",
    ]);
    expect(report.ok).toBe(true);
  }, 60_000);
});
