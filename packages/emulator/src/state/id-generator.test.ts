import { describe, expect, it } from "vitest";
import { IdGenerator } from "./id-generator.js";

describe("IdGenerator", () => {
  it("makes ids shaped like the recorded ones: fvt + 17 lowercase alphanumerics", () => {
    const ids = new IdGenerator();
    for (let i = 0; i < 100; i++) expect(ids.next()).toMatch(/^fvt[0-9a-v]{17}$/);
    expect(ids.next("aje")).toMatch(/^aje[0-9a-v]{17}$/);
  });

  it("is deterministic per seed", () => {
    const a = new IdGenerator(7);
    const b = new IdGenerator(7);
    const c = new IdGenerator(8);
    const first = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect(c.next()).not.toBe(first[0]);
  });

  it("never repeats an id", () => {
    const ids = new IdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(ids.next());
    expect(seen.size).toBe(20_000);
  });
});
