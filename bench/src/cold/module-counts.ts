/** Modules a cold-start process loaded (built-ins excluded). */
export interface ModuleCounts {
  /** ES modules (the `load` hook's format "module"). */
  esm: number;
  /** CommonJS modules (`require.cache`). */
  commonjs: number;
}

/** What a cold-start script prints as its one line of JSON. */
export interface ColdReport {
  /** ms from the process's start until the client's module was imported. */
  importedAtMs: number;
  /** ms from the process's start until the RPC's answer was in hand. */
  answeredAtMs: number;
  modules?: ModuleCounts;
}

/** Prints the report (with module counts when the counting hooks are on) and exits. */
export async function reportAndExit(importedAtMs: number, answeredAtMs: number): Promise<never> {
  const count = (globalThis as { __benchCountModules?: () => Promise<ModuleCounts> })
    .__benchCountModules;
  const report: ColdReport = { importedAtMs, answeredAtMs };
  if (count !== undefined) report.modules = await count();
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}
