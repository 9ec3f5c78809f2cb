/**
 * Reports of a conformance run: progress lines, the summary table, JUnit XML
 * and JSON.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Where a case ran. */
export type Target = "emulator" | "replay" | "server";

/**
 * How a case ended: `passed`; `failed`; `skipped` (not for this mode);
 * `known-failing` (failed and listed, so expected); `stale` (listed as known
 * failing but passed: the run fails until the list is trimmed).
 */
export type Outcome = "passed" | "failed" | "skipped" | "known-failing" | "stale";

/** The result of one case. */
export interface CaseReport {
  /** `suite/case`. */
  readonly id: string;
  readonly suite: string;
  readonly name: string;
  readonly target: Target;
  readonly outcome: Outcome;
  readonly durationMs: number;
  /** Why it failed (or, for known-failing, why it failed as expected); one line each. */
  readonly failures: readonly string[];
  /** Why it was skipped, or which known-failing pattern matched. */
  readonly note?: string;
  /** Known-failing (or stale): the cause the list's line gives in its `# comment`. */
  readonly cause?: string;
}

/** Counts of one suite. */
export interface SuiteSummary {
  readonly suite: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly knownFailing: number;
}

/** The whole run. */
export interface RunReport {
  readonly mode: "client" | "server";
  /** Where the server-mode cases ran (a URL, or "embedded emulator"). */
  readonly server?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly cases: readonly CaseReport[];
  readonly suites: readonly SuiteSummary[];
  /** Known-failing patterns that matched no case, and similar notes. */
  readonly warnings: readonly string[];
  /** True when every case passed, was skipped or failed as listed, and no listed case passed. */
  readonly ok: boolean;
}

/** Counts per suite, in the order suites first appear. */
export function summarize(cases: readonly CaseReport[]): SuiteSummary[] {
  const bySuite = new Map<
    string,
    { passed: number; failed: number; skipped: number; knownFailing: number }
  >();
  for (const c of cases) {
    const s = bySuite.get(c.suite) ?? { passed: 0, failed: 0, skipped: 0, knownFailing: 0 };
    if (c.outcome === "passed") s.passed++;
    else if (c.outcome === "failed" || c.outcome === "stale") s.failed++;
    else if (c.outcome === "skipped") s.skipped++;
    else s.knownFailing++;
    bySuite.set(c.suite, s);
  }
  return [...bySuite].map(([suite, s]) => ({ suite, ...s }));
}

const LABEL: Record<Outcome, string> = {
  passed: "PASS",
  failed: "FAIL",
  skipped: "SKIP",
  "known-failing": "KNOWN",
  stale: "STALE",
};

/** One progress line: `[ 3/80] PASS submit/happy-path (emulator, 41 ms)`, plus failure lines. */
export function progressLine(c: CaseReport, index: number, total: number): string {
  const width = String(total).length;
  const head = `[${String(index).padStart(width)}/${total}] ${LABEL[c.outcome].padEnd(5)} ${c.id} (${c.target}, ${Math.round(c.durationMs)} ms)`;
  const lines = [head];
  if (c.outcome === "stale") {
    lines.push(
      `        listed as known failing (${c.note ?? ""}) but passed: remove it from the list`,
    );
  }
  if (c.outcome === "skipped" && c.note) lines.push(`        ${c.note}`);
  if (c.outcome === "failed" || c.outcome === "known-failing") {
    for (const f of c.failures) lines.push(`        - ${f}`);
  }
  return lines.join("\n");
}

/** The summary table, plain text with aligned columns and a total row. */
export function summaryTable(report: RunReport): string {
  const rows: string[][] = [["suite", "passed", "failed", "skipped", "known-failing"]];
  const total = { passed: 0, failed: 0, skipped: 0, knownFailing: 0 };
  for (const s of report.suites) {
    rows.push([
      s.suite,
      String(s.passed),
      String(s.failed),
      String(s.skipped),
      String(s.knownFailing),
    ]);
    total.passed += s.passed;
    total.failed += s.failed;
    total.skipped += s.skipped;
    total.knownFailing += s.knownFailing;
  }
  rows.push([
    "total",
    String(total.passed),
    String(total.failed),
    String(total.skipped),
    String(total.knownFailing),
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const lines = [
    fmt(rows[0]!),
    rule,
    ...rows.slice(1, -1).map(fmt),
    rule,
    fmt(rows[rows.length - 1]!),
  ];
  const verdict = report.ok ? "OK" : "FAILED";
  lines.push(
    "",
    `${verdict}: ${report.mode} mode, ${report.cases.length} case(s) in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  return lines.join("\n");
}

function xml(s: string): string {
  return (
    s
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
  );
}

/** JUnit XML: one `testsuite` per suite, one `testcase` per case (known-failing ones as skipped). */
export function junitXml(report: RunReport): string {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = report.cases.filter(
    (c) => c.outcome === "failed" || c.outcome === "stale",
  ).length;
  const skipped = report.cases.filter(
    (c) => c.outcome === "skipped" || c.outcome === "known-failing",
  ).length;
  out.push(
    `<testsuites name="yc-assistants-conformance" tests="${report.cases.length}" failures="${failures}" skipped="${skipped}" time="${secs(report.durationMs)}">`,
  );
  for (const s of report.suites) {
    const cases = report.cases.filter((c) => c.suite === s.suite);
    const time = cases.reduce((t, c) => t + c.durationMs, 0);
    out.push(
      `  <testsuite name="${xml(s.suite)}" tests="${cases.length}" failures="${s.failed}" skipped="${s.skipped + s.knownFailing}" time="${secs(time)}">`,
    );
    for (const c of cases) {
      const open = `    <testcase classname="${xml(c.suite)}" name="${xml(`${c.name} [${c.target}]`)}" time="${secs(c.durationMs)}"`;
      if (c.outcome === "passed") {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (c.outcome === "failed") {
        const first = c.failures[0] ?? "failed";
        out.push(`      <failure message="${xml(first)}">${xml(c.failures.join("\n"))}</failure>`);
      } else if (c.outcome === "stale") {
        out.push(
          `      <failure message="listed as known failing but passed">${xml(c.note ?? "")}</failure>`,
        );
      } else if (c.outcome === "known-failing") {
        out.push(`      <skipped message="${xml(`known failing: ${c.note ?? ""}`)}"/>`);
        out.push(`      <system-out>${xml(c.failures.join("\n"))}</system-out>`);
      } else {
        out.push(`      <skipped message="${xml(c.note ?? "skipped")}"/>`);
      }
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>", "");
  return out.join("\n");
}

/** Writes a text file, creating its directory. */
export function writeReportFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
