/**
 * A whole conformance run: selects cases, runs them (a few at a time), applies
 * the known-failing list and builds the report.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmulatorOptions } from "@yc-assistants/emulator";
import { notApplicableCases } from "./applicability.js";
import { DEFAULT_CASES_DIR, type LoadedCase, loadSuites } from "./case-loader.js";
import { DEFAULT_STEP_TIMEOUT_MS, type RunnerHooks, runCase } from "./case-runner.js";
import type { RemoteServer } from "./case-target.js";
import { FAULTS_SUITE, runFaultsSuite } from "./chaos/faults-suite.js";
import type { ChaosOptions } from "./chaos/run-chaos.js";
import type { DriverFactory } from "./drivers/client-driver.js";
import { startSubprocessDriver } from "./drivers/subprocess-driver.js";
import { type KnownFailing, NO_KNOWN_FAILING } from "./known-failing.js";
import { ClientPool } from "./protocol/client-pool.js";
import type { Framing } from "./protocol/framing.js";
import { type CaseReport, type RunReport, summarize, type Target } from "./report.js";

/** The note prefix of a case that is not applicable to the client under test (issue 11). */
export const NOT_APPLICABLE = "not applicable";

/** This package's directory (next to `src/` and `dist/`). */
export const PACKAGE_DIR: string = fileURLToPath(new URL("..", import.meta.url));

/** Where reports go by default: `conformance/reports/` (git-ignored). */
export const DEFAULT_REPORTS_DIR: string = path.join(PACKAGE_DIR, "reports");

/**
 * The recorded fixtures: `YC_FIXTURES_DIR`, else `../shared/fixtures/yandex-recorded`
 * next to the repository.
 */
export function defaultFixturesDir(env: Record<string, string | undefined> = process.env): string {
  return (
    env["YC_FIXTURES_DIR"] ??
    path.resolve(PACKAGE_DIR, "..", "..", "shared", "fixtures", "yandex-recorded")
  );
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** `client` (default): our client vs. the emulator and the replay server; `server`: vs. a server. */
  readonly mode?: "client" | "server";
  readonly casesDir?: string;
  readonly fixturesDir?: string;
  /** Only these suites. */
  readonly suites?: readonly string[];
  /** Only cases whose `suite/name` or name matches (`*` wildcards). */
  readonly casePattern?: string;
  readonly knownFailing?: KnownFailing;
  /** Server mode: the server under test (default: an embedded emulator). */
  readonly remote?: RemoteServer;
  /** Write every case's exchange here. */
  readonly recordDir?: string;
  /** Mutation tests: change what the client reports. */
  readonly hooks?: RunnerHooks;
  /** Mutation tests: options merged into every emulator (quirks). */
  readonly emulatorOverrides?: Partial<EmulatorOptions>;
  /** Cases run at once (default 4). */
  readonly concurrency?: number;
  /**
   * Counts of the `faults` suite (the chaos scenarios, run only when `suites` names it;
   * default about 50 of each).
   */
  readonly faults?: ChaosOptions;
  /** Called as each case ends (progress output). */
  readonly onCase?: (report: CaseReport, done: number, total: number) => void;
  /**
   * The client under test as a subprocess speaking PROTOCOL.md (`--client-command`); absent:
   * our client in process.
   */
  readonly clientCommand?: ClientCommand;
  /** Longest a step may take (default 20 s). */
  readonly stepTimeoutMs?: number;
}

/** A client under test started as a subprocess (issue 11). */
export interface ClientCommand {
  /** The command line, run with `sh -c`. */
  readonly command: string;
  /** `json` (default) or `binary` (`--client-protocol`). */
  readonly framing?: Framing;
  /** Working directory of the command (default: the runner's). */
  readonly cwd?: string;
}

function globRegex(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/** The cases a run selects, in file and case order. */
export function selectCases(
  cases: readonly LoadedCase[],
  options: Pick<ConformanceOptions, "suites" | "casePattern">,
): LoadedCase[] {
  const pattern = options.casePattern === undefined ? undefined : globRegex(options.casePattern);
  return cases.filter(
    (c) =>
      (options.suites === undefined ||
        options.suites.length === 0 ||
        options.suites.includes(c.suite)) &&
      (pattern === undefined || pattern.test(c.id) || pattern.test(c.spec.name)),
  );
}

/** Where a case runs in a mode, or why it does not. */
export function targetOf(c: LoadedCase, mode: "client" | "server"): Target | { skip: string } {
  const modes = c.spec.modes ?? ["client"];
  if (!modes.includes(mode))
    return { skip: `not a ${mode}-mode case (modes: ${modes.join(", ")})` };
  if (mode === "server") return "server";
  return "replay" in c.spec.server ? "replay" : "emulator";
}

/**
 * Runs the selected cases and returns the report; never throws for a failing
 * case (only for unusable case files, which throw `CaseFileError`).
 *
 * @example
 * const report = await runConformance({ mode: "client" });
 * console.log(summaryTable(report));
 */
export async function runConformance(options: ConformanceOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const mode = options.mode ?? "client";
  const knownFailing = options.knownFailing ?? NO_KNOWN_FAILING;
  const all = loadSuites(options.casesDir ?? DEFAULT_CASES_DIR).flatMap((s) => s.cases);
  const selected = selectCases(all, options);
  const fixturesDir = options.fixturesDir ?? defaultFixturesDir();
  const reports: (CaseReport | undefined)[] = new Array(selected.length);
  const usedPatterns = new Set<string>();
  let done = 0;
  // One probe of the server under test: cases it cannot be judged on are not applicable.
  const notApplicable = await notApplicableCases(selected, mode, options.remote);

  const runOne = async (c: LoadedCase): Promise<CaseReport> => {
    const naReason = notApplicable.get(c.id);
    const target = naReason === undefined ? targetOf(c, mode) : { skip: naReason };
    const base = { id: c.id, suite: c.suite, name: c.spec.name };
    if (typeof target !== "string") {
      return {
        ...base,
        target: mode === "server" ? "server" : "emulator",
        outcome: "skipped",
        durationMs: 0,
        failures: [],
        note: target.skip,
      };
    }
    const result = await runCase(c, {
      target,
      fixturesDir,
      ...(driverFactory ? { driverFactory, observeRemote: true } : {}),
      ...(options.stepTimeoutMs !== undefined ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
      ...(options.remote ? { remote: options.remote } : {}),
      ...(options.hooks ? { hooks: options.hooks } : {}),
      ...(options.recordDir ? { recordDir: options.recordDir } : {}),
      ...(options.emulatorOverrides ? { emulatorOverrides: options.emulatorOverrides } : {}),
    });
    if (result.notApplicable !== undefined) {
      return {
        ...base,
        target,
        outcome: "skipped",
        durationMs: result.durationMs,
        failures: [],
        note: `${NOT_APPLICABLE}: ${result.notApplicable}`,
      };
    }
    const known = knownFailing.match(c.id);
    if (known) usedPatterns.add(known.pattern);
    const note = known ? `${knownFailing.file}:${known.line} ${known.pattern}` : undefined;
    const failed = result.failures.length > 0;
    return {
      ...base,
      target,
      outcome: known ? (failed ? "known-failing" : "stale") : failed ? "failed" : "passed",
      durationMs: result.durationMs,
      failures: result.failures,
      ...(note ? { note } : {}),
      ...(known?.cause ? { cause: known.cause } : {}),
    };
  };

  const pool = options.clientCommand
    ? new ClientPool({
        command: options.clientCommand.command,
        ...(options.clientCommand.framing ? { framing: options.clientCommand.framing } : {}),
        ...(options.clientCommand.cwd ? { cwd: options.clientCommand.cwd } : {}),
      })
    : undefined;
  const driverFactory: DriverFactory | undefined = pool
    ? (config) =>
        startSubprocessDriver(pool, config, options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS)
    : undefined;

  const concurrency = Math.max(1, options.concurrency ?? 4);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < selected.length; i = next++) {
      const report = await runOne(selected[i] as LoadedCase);
      reports[i] = report;
      done++;
      options.onCase?.(report, done, selected.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, selected.length) }, worker));
  } finally {
    await pool?.close();
  }

  const cases = reports.filter((r): r is CaseReport => r !== undefined);
  // The faults suite is not a case file: it runs the chaos scenarios, only when named.
  const faultsAsked = options.suites?.includes(FAULTS_SUITE) === true;
  if (faultsAsked) {
    const total = selected.length + 5;
    const faults = await runFaultsSuite({
      mode,
      knownFailing,
      ...(options.faults ? { counts: options.faults } : {}),
      onCase: (report) => options.onCase?.(report, ++done, Math.max(total, done)),
    });
    cases.push(...faults.cases);
    for (const p of faults.usedPatterns) usedPatterns.add(p);
  }
  const warnings: string[] = [];
  for (const [id, reason] of notApplicable) warnings.push(`${id}: ${reason}`);
  for (const p of knownFailing.patterns) {
    const matchesSelected =
      selected.some((c) => p.regex.test(c.id)) || cases.some((c) => p.regex.test(c.id));
    if (!matchesSelected && !usedPatterns.has(p.pattern)) {
      warnings.push(
        `${knownFailing.file}:${p.line}: known-failing pattern "${p.pattern}" matches no selected case`,
      );
    }
  }
  if (selected.length === 0 && !faultsAsked) warnings.push("no case matched the filters");
  const ok = cases.every(
    (c) => c.outcome === "passed" || c.outcome === "skipped" || c.outcome === "known-failing",
  );
  return {
    mode,
    ...(mode === "server" ? { server: options.remote?.url ?? "embedded emulator" } : {}),
    startedAt,
    durationMs: performance.now() - started,
    cases,
    suites: summarize(cases),
    warnings,
    ok: ok && cases.length > 0,
  };
}
