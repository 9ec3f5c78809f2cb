import { create } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createClient,
  createContextValues,
  createRouterTransport,
  type Transport,
} from "@connectrpc/connect";
import { RunSchema, RunService } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { deadlineKey, effectiveTimeoutMs, remainingMs, withDeadline } from "./deadline.js";
import { resolveClientConfig } from "./resolve-client-config.js";

/** A transport that records the timeout every request reaches it with. */
function timeoutSpy(inner: Transport) {
  const timeouts: (number | undefined)[] = [];
  const spy: Transport = {
    unary(method, signal, timeoutMs, header, input, contextValues) {
      timeouts.push(timeoutMs);
      return inner.unary(method, signal, timeoutMs, header, input, contextValues);
    },
    stream(method, signal, timeoutMs, header, input, contextValues) {
      timeouts.push(timeoutMs);
      return inner.stream(method, signal, timeoutMs, header, input, contextValues);
    },
  };
  return { timeouts, spy };
}

function backend(get: (signal: AbortSignal) => Promise<void> = async () => {}) {
  return createRouterTransport((router) =>
    router.service(RunService, {
      async get(req, ctx) {
        await get(ctx.signal);
        return create(RunSchema, { id: req.runId });
      },
    }),
  );
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

describe("effectiveTimeoutMs", () => {
  it("uses the call's own timeout, the default otherwise, and none for <= 0", () => {
    expect(effectiveTimeoutMs(undefined, 60_000)).toBe(60_000);
    expect(effectiveTimeoutMs(250, 60_000)).toBe(250);
    expect(effectiveTimeoutMs(0, 60_000)).toBeUndefined();
    expect(effectiveTimeoutMs(-1, 60_000)).toBeUndefined();
  });
});

describe("remainingMs", () => {
  it("rounds up and throws DeadlineExceeded once the deadline passed", () => {
    expect(remainingMs(undefined)).toBeUndefined();
    expect(remainingMs(1000.2, 0)).toBe(1001);
    expect(() => remainingMs(1000, 1000)).toThrow(ConnectError);
    try {
      remainingMs(1000, 2000);
    } catch (e) {
      expect(e).toMatchObject({ code: Code.DeadlineExceeded });
    }
  });
});

describe("withDeadline", () => {
  it("overlays the deadline without touching the caller's context values", () => {
    const base = createContextValues();
    const view = withDeadline(base, 1234);
    expect(view.get(deadlineKey)).toBe(1234);
    expect(base.get(deadlineKey)).toBeUndefined();
    view.set(deadlineKey, 99);
    expect(view.get(deadlineKey)).toBe(99);
    expect(base.get(deadlineKey)).toBeUndefined();
    view.delete(deadlineKey);
    expect(view.get(deadlineKey)).toBeUndefined();
  });
});

describe("per-call deadline", () => {
  it("applies the default 60000 ms when the call gives none", async () => {
    const { timeouts, spy } = timeoutSpy(backend());
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-1" },
      env: {},
      transport: spy,
    });
    expect(config.timeoutMs).toBe(60_000);
    await createClient(RunService, config.transport).get({ runId: "r" });
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toBeGreaterThan(59_000);
    expect(timeouts[0]).toBeLessThanOrEqual(60_000);
  });

  it("applies options.timeoutMs as the default", async () => {
    const { timeouts, spy } = timeoutSpy(backend());
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-1" },
      env: {},
      transport: spy,
      timeoutMs: 30_000,
    });
    await createClient(RunService, config.transport).get({ runId: "r" });
    expect(timeouts[0]).toBeGreaterThan(29_000);
    expect(timeouts[0]).toBeLessThanOrEqual(30_000);
  });

  it("a call's own timeoutMs wins; <= 0 disables the deadline down the stack", async () => {
    const { timeouts, spy } = timeoutSpy(backend());
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-1" },
      env: {},
      transport: spy,
    });
    const runs = createClient(RunService, config.transport);
    await runs.get({ runId: "r" }, { timeoutMs: 120_000 });
    await runs.get({ runId: "r" }, { timeoutMs: 0 });
    expect(timeouts[0]).toBeGreaterThan(119_000);
    expect(timeouts[0]).toBeLessThanOrEqual(120_000);
    expect(timeouts[1]).toBe(0);
  });

  it("the server sees the deadline", async () => {
    let serverTimeout: number | undefined;
    const transport = createRouterTransport((router) =>
      router.service(RunService, {
        get(req, ctx) {
          serverTimeout = ctx.timeoutMs();
          return create(RunSchema, { id: req.runId });
        },
      }),
    );
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-1" },
      env: {},
      transport,
      timeoutMs: 45_000,
    });
    await createClient(RunService, config.transport).get({ runId: "r" });
    expect(serverTimeout).toBeGreaterThan(44_000);
    expect(serverTimeout).toBeLessThanOrEqual(45_000);
  });

  it("a call past its deadline fails with DeadlineExceeded", async () => {
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-1" },
      env: {},
      transport: backend(untilAborted),
    });
    await expect(
      createClient(RunService, config.transport).get({ runId: "r" }, { timeoutMs: 20 }),
    ).rejects.toMatchObject({ code: Code.DeadlineExceeded });
  });

  it("the default deadline ends a hanging call with DeadlineExceeded too", async () => {
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-1" },
      env: {},
      transport: backend(untilAborted),
      timeoutMs: 20,
      retry: false,
    });
    await expect(
      createClient(RunService, config.transport).get({ runId: "r" }),
    ).rejects.toMatchObject({ code: Code.DeadlineExceeded });
  });
});
