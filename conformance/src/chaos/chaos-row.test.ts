import { describe, expect, it } from "vitest";
import { bump, chaosTable, example, missedTargets, newRow } from "./chaos-row.js";
import { compareEvents } from "./listen-cut.js";

describe("chaos rows", () => {
  it("counts only what a scenario measures, and misses only its targets", () => {
    const row = newRow("x", "runs", ["errored", "clientResets"], ["errored"]);
    expect(row.lost).toBeNull();
    bump(row, "clientResets", 3);
    expect(missedTargets(row)).toEqual([]);
    bump(row, "errored");
    expect(missedTargets(row)).toEqual(["errored=1"]);
  });

  it("prints one aligned table: - for unmeasured counts, * for missed targets, errors below", () => {
    const row = newRow("listen-cut/tcp/listen", "runs", ["errored", "lost"], ["errored", "lost"]);
    row.runs = 1000;
    bump(row, "errored", 997);
    row.errors["Canceled"] = 997;
    const table = chaosTable([row]).split("\n");
    expect(table[0]).toMatch(/^scenario\s+runs\s+lost\s+duplicated\s+out-of-order/);
    expect(table[2]).toMatch(
      /^listen-cut\/tcp\/listen\s+1000\s+0\s+-\s+-\s+-\s+-\s+997\*\s+-\s+-\s+-$/,
    );
    expect(table.at(-1)).toBe("listen-cut/tcp/listen: errors Canceled 997");
  });

  it("keeps a few examples of each kind", () => {
    const row = newRow("x", "runs", [], []);
    for (let i = 0; i < 10; i++) example(row, `e${i}`, "Canceled");
    example(row, "h", "hung");
    expect(row.examples).toEqual(["[Canceled] e0", "[Canceled] e1", "[Canceled] e2", "[hung] h"]);
  });
});

describe("compareEvents", () => {
  const ev = (idx: number, key = `k${idx}`) => ({ idx, key });
  const truth = [ev(0), ev(1), ev(2), ev(3)];

  it("finds nothing wrong in the truth itself", () => {
    expect(compareEvents(truth, truth)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
  });

  it("counts lost, duplicated and out-of-order events, and a changed event as lost", () => {
    expect(compareEvents(truth, [ev(0), ev(2), ev(1), ev(2), ev(3, "other")])).toEqual({
      lost: 1,
      duplicated: 1,
      outOfOrder: 1,
    });
  });
});
