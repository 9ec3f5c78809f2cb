import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { backoffMs, defaultRetryPolicy, resolveRetryPolicy, sleep } from "./retry-policy.js";

function codeOf(fn: () => unknown): Code | undefined {
  try {
    fn();
  } catch (e) {
    return ConnectError.from(e).code;
  }
  return undefined;
}

describe("defaultRetryPolicy", () => {
  it("has the Python SDK's numbers (spec/runs.md, Transport facts)", () => {
    expect(defaultRetryPolicy.maxAttempts).toBe(5);
    expect(defaultRetryPolicy.initialBackoffMs).toBe(1000);
    expect(defaultRetryPolicy.multiplier).toBe(1.5);
    expect(defaultRetryPolicy.maxBackoffMs).toBe(10_000);
    expect(defaultRetryPolicy.jitterMs).toBe(1000);
    expect([...defaultRetryPolicy.retryableCodes]).toEqual([
      Code.Unavailable,
      Code.ResourceExhausted,
    ]);
    expect(Object.isFrozen(defaultRetryPolicy)).toBe(true);
  });
});

describe("resolveRetryPolicy", () => {
  it("keeps false, defaults undefined and fills missing fields", () => {
    expect(resolveRetryPolicy(false)).toBe(false);
    expect(resolveRetryPolicy(undefined)).toBe(defaultRetryPolicy);
    const policy = resolveRetryPolicy({ maxAttempts: 2 });
    expect(policy).not.toBe(false);
    if (policy === false) return;
    expect(policy.maxAttempts).toBe(2);
    expect(policy.initialBackoffMs).toBe(1000);
    expect(policy.sleep).toBe(defaultRetryPolicy.sleep);
  });

  it.each([
    [{ maxAttempts: 0 }, "retry.maxAttempts"],
    [{ maxAttempts: 1.5 }, "retry.maxAttempts"],
    [{ initialBackoffMs: -1 }, "retry.initialBackoffMs"],
    [{ multiplier: 0.5 }, "retry.multiplier"],
    [{ maxBackoffMs: Number.NaN }, "retry.maxBackoffMs"],
    [{ jitterMs: Number.POSITIVE_INFINITY }, "retry.jitterMs"],
    [{ retryableCodes: [99] }, "retry.retryableCodes"],
    [{ random: 1 }, "retry.random"],
    [{ sleep: "soon" }, "retry.sleep"],
  ])("rejects %j naming %s", (policy, field) => {
    expect(() => resolveRetryPolicy(policy as never)).toThrow(field);
    expect(codeOf(() => resolveRetryPolicy(policy as never))).toBe(Code.InvalidArgument);
  });
});

describe("backoffMs", () => {
  it("is initial × multiplier^n + random × jitter, capped at maxBackoffMs", () => {
    const policy = { ...defaultRetryPolicy, random: () => 0.5 };
    expect([0, 1, 2, 3].map((n) => backoffMs(policy, n))).toEqual([1500, 2000, 2750, 3875]);
    expect(backoffMs({ ...policy, maxBackoffMs: 2500 }, 3)).toBe(2500);
    expect(backoffMs({ ...policy, random: () => 0 }, 0)).toBe(1000);
  });
});

describe("sleep", () => {
  it("resolves after the delay", async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });

  it("rejects with Code.Canceled as soon as the signal aborts", async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: Code.Canceled });
  });

  it("rejects at once for an already aborted signal, keeping a ConnectError reason", async () => {
    const reason = new ConnectError("the operation timed out", Code.DeadlineExceeded);
    await expect(sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});
