import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CodecReport } from "./codec-report.js";

const cli = fileURLToPath(new URL("../../dist/codec/cli.js", import.meta.url));

/**
 * `npm run bench:codec` runs end to end with tiny counts (issue 10, "Codec speed": the report
 * must stay reproducible). No timing is asserted: only that every section is there with
 * finite figures, and the precision facts, which are not timings.
 */
describe("npm run bench:codec (smoke)", () => {
  it("prints the tables, writes the report, and finds ts-proto's precision losses", () => {
    const out = join(mkdtempSync(join(tmpdir(), "yc-codec-")), "codec.json");
    const run = spawnSync(process.execPath, ["--expose-gc", cli, "--smoke", "--out", out], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Recorded messages (protobuf-es vs ts-proto)");
    expect(run.stdout).toContain("| all recorded messages |");
    const report = JSON.parse(readFileSync(out, "utf8")) as CodecReport;
    expect(report.total.messages).toBeGreaterThan(100);
    expect(report.perType).toHaveLength(2);
    expect(report.probes.map((p) => p.name)).toEqual([
      "Thread: 3 strings (baseline)",
      "Thread: 3 Timestamps",
      "ContentUsage: 3 int64",
      "FunctionTool: Struct parameters",
      "StreamEvent: oneof partial_message",
      "Thread: 3 strings + 2 unknown fields",
    ]);
    expect(report.options).toHaveLength(2);
    for (const line of [report.total, ...report.perType, ...report.probes, ...report.options]) {
      for (const t of [line.decode, line.encode]) {
        expect(Number.isFinite(t.oursNs) && Number.isFinite(t.peerNs), line.name).toBe(true);
      }
    }
    // Ours keeps an int64 above 2^53 and a Timestamp's nanoseconds; ts-proto does not.
    expect(report.precision.map((p) => [p.field, p.oursExact, p.officialExact])).toEqual([
      ["ContentUsage.total_tokens (int64)", true, false],
      ["Thread.created_at (Timestamp)", true, false],
    ]);
    expect(report.precision[1]?.officialRoundTrip).toBe("1733000000s 123000000ns");
  });
});
