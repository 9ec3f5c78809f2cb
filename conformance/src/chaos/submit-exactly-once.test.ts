/**
 * The accounting of `submit-exactly-once` for a run that outlives its bound: counted once, as
 * hung, never also as errored by the abort the bound sends into the run's pending `wait()`
 * (the loaded-machine flake of the chaos gate: a slow run showed up as a client failure).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChaosEnv, startChaosEnv } from "./chaos-env.js";
import { submitExactlyOnce } from "./submit-exactly-once.js";

let env: ChaosEnv;
beforeAll(async () => {
  // Every step of a run waits a minute: the run's first wait() is still pending at its bound.
  env = await startChaosEnv({ chunkDelayMs: 60_000 });
});
afterAll(async () => {
  await env.close();
});

describe("submit-exactly-once accounting", () => {
  it("counts a run past its bound during its first wait() as hung only", async () => {
    const row = await submitExactlyOnce({
      env,
      rounds: 4,
      driver: "manual",
      concurrency: 1,
      runTimeoutMs: 1_500,
      faults: {},
    });
    // The aborted wait() settles after the bound: give it the time to (wrongly) count itself.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(row.hung).toBe(1);
    expect(row.errored, row.examples.join("\n")).toBe(0);
    expect(row.errors).toEqual({});
    // The unanswered rounds of a hung run still count as lost: the row fails as it must.
    expect(row.lost).toBe(4);
  }, 20_000);
});
