/**
 * Observed fields a client reports as unsupported (PROTOCOL.md, "Unsupported"): a client
 * without helper flags passes the cases that only derive flags from the wire, and the cases
 * that write a flag out are not applicable to it, never passed; the same client without the
 * declaration fails them (the flags are then compared, and absent).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { NODE_OURS_MAIN } from "../adapters/node-ours/node-ours-command.js";
import { runConformance } from "../run-conformance.js";

const dir = mkdtempSync(path.join(tmpdir(), "no-flags-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixturesDir = fileURLToPath(
  new URL("../../../../shared/fixtures/yandex-recorded", import.meta.url),
);

// node-ours with every helper flag removed from its answers; DECLARE=1 also says so in InitAck.
const WRAPPER = `
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
const child = spawn(process.execPath, [process.env.NODE_OURS_MAIN], { stdio: ["pipe", "pipe", "inherit"] });
process.stdin.pipe(child.stdin);
const strip = (o) => {
  if (!o || typeof o !== "object") return;
  delete o.flags;
  delete o.ownFlags;
  for (const v of Object.values(o)) strip(v);
};
for await (const line of createInterface({ input: child.stdout })) {
  const m = JSON.parse(line);
  if (m.initAck && process.env.DECLARE === "1") m.initAck.unsupported = ["status.flags"];
  strip(m);
  process.stdout.write(JSON.stringify(m) + "\\n");
}
`;
const wrapper = path.join(dir, "no-flags.mjs");
writeFileSync(wrapper, WRAPPER);

function run(declare: boolean, suites: string[]) {
  return runConformance({
    suites,
    fixturesDir,
    clientCommand: {
      command: `DECLARE=${declare ? 1 : 0} NODE_OURS_MAIN='${NODE_OURS_MAIN}' node '${wrapper}'`,
    },
  });
}

describe("a client without helper flags", () => {
  it("declared unsupported: flags are not compared; a case that writes one out is n/a", async () => {
    const report = await run(true, ["enum-mapping", "recorded"]);
    const byOutcome = (o: string) => report.cases.filter((c) => c.outcome === o).map((c) => c.id);
    expect(byOutcome("failed")).toEqual([]);
    expect(byOutcome("passed")).toContain("enum-mapping/run-status-unknown-99");
    const na = report.cases.filter((c) => c.outcome === "skipped");
    expect(na.length).toBeGreaterThan(0);
    for (const c of na) {
      expect(c.suite).toBe("recorded");
      expect(c.note).toMatch(
        /which the client reports as unsupported \(status\.is_(succeeded|failed)\)/,
      );
    }
    expect(report.ok).toBe(true);
  }, 60_000);

  it("not declared: the absent flags fail the cases", async () => {
    const report = await run(false, ["enum-mapping"]);
    const failed = report.cases.filter((c) => c.outcome === "failed");
    expect(failed.map((c) => c.id)).toContain("enum-mapping/run-status-1-pending");
    expect(failed[0]?.failures.join("\n")).toMatch(/isRunning: expected (true|false), got nothing/);
    expect(report.ok).toBe(false);
  }, 60_000);
});
