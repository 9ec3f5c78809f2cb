import { create } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type HandlerContext,
} from "@connectrpc/connect";
import {
  AssistantSchema,
  AssistantService,
  MessageSchema,
  MessageService,
  RunSchema,
  RunService,
  SubmitToRunResponseSchema,
  ThreadSchema,
  ThreadService,
} from "@yc-assistants/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveClientConfig } from "./resolve-client-config.js";
import type { RetryPolicy } from "./retry-policy.js";

interface Attempt {
  method: string;
  retryAttempt: string | null;
  idempotencyKey: string | null;
  requestId: string | null;
  authorization: string | null;
}

/**
 * Every RPC of the four services fails with `failures[i]` on attempt i (then succeeds), and
 * records the headers of every attempt.
 */
function flakyBackend(failures: Code[]) {
  const attempts: Attempt[] = [];
  function attempt(method: string, ctx: HandlerContext) {
    const n = attempts.filter((a) => a.method === method).length;
    attempts.push({
      method,
      retryAttempt: ctx.requestHeader.get("x-retry-attempt"),
      idempotencyKey: ctx.requestHeader.get("idempotency-key"),
      requestId: ctx.requestHeader.get("x-client-request-id"),
      authorization: ctx.requestHeader.get("authorization"),
    });
    const code = failures[n];
    if (code !== undefined) throw new ConnectError(`failure #${n + 1}`, code);
  }
  const transport = createRouterTransport((router) => {
    router.service(RunService, {
      get(req, ctx) {
        attempt("Run.Get", ctx);
        return create(RunSchema, { id: req.runId });
      },
      create(_req, ctx) {
        attempt("Run.Create", ctx);
        return create(RunSchema, { id: "new" });
      },
      submit(_req, ctx) {
        attempt("Run.Submit", ctx);
        return create(SubmitToRunResponseSchema);
      },
      async *listen(_req, ctx) {
        attempt("Run.Listen", ctx);
        yield* [];
      },
    });
    router.service(AssistantService, {
      create(_req, ctx) {
        attempt("Assistant.Create", ctx);
        return create(AssistantSchema, { id: "a" });
      },
    });
    router.service(ThreadService, {
      create(_req, ctx) {
        attempt("Thread.Create", ctx);
        return create(ThreadSchema, { id: "t" });
      },
    });
    router.service(MessageService, {
      create(_req, ctx) {
        attempt("Message.Create", ctx);
        return create(MessageSchema, { id: "m" });
      },
    });
  });
  return { attempts, transport };
}

function setup(failures: Code[], retry?: RetryPolicy | false, timeoutMs?: number) {
  const sleeps: number[] = [];
  const backend = flakyBackend(failures);
  const policy: RetryPolicy | false =
    retry === false
      ? false
      : {
          random: () => 0.5,
          sleep: async (ms: number) => {
            sleeps.push(ms);
          },
          ...retry,
        };
  const config = resolveClientConfig({
    folderId: "folder-1",
    auth: { apiKey: "key-123" },
    env: {},
    transport: backend.transport,
    retry: policy,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return {
    ...backend,
    sleeps,
    runs: createClient(RunService, config.transport),
    config,
  };
}

async function failure(promise: Promise<unknown>): Promise<ConnectError> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => ConnectError.from(e),
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("which failures are retried", () => {
  it.each([Code.Unavailable, Code.ResourceExhausted])(
    "code %s is retried until it succeeds",
    async (code) => {
      const { runs, attempts } = setup([code, code]);
      const run = await runs.get({ runId: "r1" });
      expect(run.id).toBe("r1");
      expect(attempts).toHaveLength(3);
    },
  );

  it.each([
    Code.Internal,
    Code.Unknown,
    Code.InvalidArgument,
    Code.NotFound,
    Code.FailedPrecondition,
    Code.Unauthenticated,
    Code.PermissionDenied,
    Code.DeadlineExceeded,
    Code.Aborted,
  ])("code %s is not retried", async (code) => {
    const { runs, attempts } = setup([code]);
    const error = await failure(runs.get({ runId: "r1" }));
    expect(error.code).toBe(code);
    expect(attempts).toHaveLength(1);
  });

  it("retryableCodes replaces the default set", async () => {
    const { runs, attempts } = setup([Code.Internal, Code.Unavailable], {
      retryableCodes: [Code.Internal],
    });
    const error = await failure(runs.get({ runId: "r1" }));
    expect(error.code).toBe(Code.Unavailable);
    expect(attempts).toHaveLength(2);
  });
});

describe("how many attempts", () => {
  it("makes 5 attempts including the first by default, then fails with the last error", async () => {
    const { runs, attempts, sleeps } = setup(Array(10).fill(Code.Unavailable));
    const error = await failure(runs.get({ runId: "r1" }));
    expect(error.code).toBe(Code.Unavailable);
    expect(error.rawMessage).toBe("failure #5");
    expect(attempts).toHaveLength(5);
    expect(sleeps).toHaveLength(4);
  });

  it("honours maxAttempts", async () => {
    const { runs, attempts } = setup(Array(10).fill(Code.Unavailable), { maxAttempts: 2 });
    await failure(runs.get({ runId: "r1" }));
    expect(attempts).toHaveLength(2);
  });

  it("retry: false disables retries", async () => {
    const { runs, attempts, config } = setup([Code.Unavailable], false);
    expect(config.retry).toBe(false);
    const error = await failure(runs.get({ runId: "r1" }));
    expect(error.code).toBe(Code.Unavailable);
    expect(attempts).toHaveLength(1);
  });
});

describe("never retried", () => {
  it.each([
    [
      "Run.Create",
      (s: ReturnType<typeof setup>) => s.runs.create({ assistantId: "a", threadId: "t" }),
    ],
    ["Run.Submit", (s: ReturnType<typeof setup>) => s.runs.submit({ runId: "r" })],
    [
      "Assistant.Create",
      (s: ReturnType<typeof setup>) =>
        createClient(AssistantService, s.config.transport).create({ folderId: "f" }),
    ],
    [
      "Thread.Create",
      (s: ReturnType<typeof setup>) =>
        createClient(ThreadService, s.config.transport).create({ folderId: "f" }),
    ],
    [
      "Message.Create",
      (s: ReturnType<typeof setup>) =>
        createClient(MessageService, s.config.transport).create({ threadId: "t" }),
    ],
  ])("%s: a single attempt even on Unavailable", async (method, call) => {
    const s = setup([Code.Unavailable, Code.Unavailable]);
    const error = await failure(call(s));
    expect(error.code).toBe(Code.Unavailable);
    expect(s.attempts.map((a) => a.method)).toEqual([method]);
    expect(s.sleeps).toEqual([]);
  });

  it("server streams are not retried (Run.listen resumes them itself)", async () => {
    const s = setup([Code.Unavailable, Code.Unavailable]);
    const error = await failure(
      (async () => {
        for await (const _event of s.runs.listen({ runId: "r" })) {
          // no events expected
        }
      })(),
    );
    expect(error.code).toBe(Code.Unavailable);
    expect(s.attempts).toHaveLength(1);
  });
});

describe("headers of retries", () => {
  it("share x-client-request-id and idempotency-key and add x-retry-attempt 1..n", async () => {
    const { runs, attempts } = setup([Code.Unavailable, Code.ResourceExhausted, Code.Unavailable]);
    await runs.get({ runId: "r1" });
    expect(attempts.map((a) => a.retryAttempt)).toEqual([null, "1", "2", "3"]);
    const keys = new Set(attempts.map((a) => a.idempotencyKey));
    const ids = new Set(attempts.map((a) => a.requestId));
    expect(keys.size).toBe(1);
    expect(ids.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(attempts.every((a) => a.authorization === "Api-Key key-123")).toBe(true);
  });

  it("calls the auth provider again for every attempt", async () => {
    const backend = flakyBackend([Code.Unavailable, Code.Unavailable]);
    let n = 0;
    const config = resolveClientConfig({
      folderId: "f",
      auth: () => `Bearer token-${++n}`,
      env: {},
      transport: backend.transport,
      retry: { sleep: async () => {} },
    });
    await createClient(RunService, config.transport).get({ runId: "r" });
    expect(backend.attempts.map((a) => a.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
      "Bearer token-3",
    ]);
  });
});

describe("backoff", () => {
  it("requests initial × multiplier^n + jitter for each retry", async () => {
    const { runs, sleeps } = setup(Array(10).fill(Code.Unavailable));
    await failure(runs.get({ runId: "r1" }));
    expect(sleeps).toEqual([1500, 2000, 2750, 3875]);
  });

  it("caps every backoff at maxBackoffMs", async () => {
    const { runs, sleeps } = setup(Array(10).fill(Code.Unavailable), { maxBackoffMs: 2500 });
    await failure(runs.get({ runId: "r1" }));
    expect(sleeps).toEqual([1500, 2000, 2500, 2500]);
  });

  it("uses random() × jitterMs as jitter", async () => {
    const { runs, sleeps } = setup(Array(3).fill(Code.Unavailable), {
      maxAttempts: 3,
      random: () => 0.25,
      jitterMs: 400,
      initialBackoffMs: 100,
      multiplier: 2,
    });
    await failure(runs.get({ runId: "r1" }));
    expect(sleeps).toEqual([200, 300]);
  });

  it("never sleeps past the call's deadline: gives up with the last error", async () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const sleeps: number[] = [];
    const backend = flakyBackend(Array(10).fill(Code.Unavailable));
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-123" },
      env: {},
      transport: backend.transport,
      retry: {
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
      },
    });
    const error = await failure(
      createClient(RunService, config.transport).get({ runId: "r" }, { timeoutMs: 5000 }),
    );
    // 1500 (t=1500), 2000 (t=3500); the next 2750 would end at 6250 > 5000: give up.
    expect(sleeps).toEqual([1500, 2000]);
    expect(backend.attempts).toHaveLength(3);
    expect(error.code).toBe(Code.Unavailable);
    expect(error.rawMessage).toBe("failure #3");
  });

  it("the client's default timeout caps retries the same way", async () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const sleeps: number[] = [];
    const backend = flakyBackend(Array(10).fill(Code.Unavailable));
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-123" },
      env: {},
      transport: backend.transport,
      timeoutMs: 1600,
      retry: {
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
      },
    });
    const error = await failure(createClient(RunService, config.transport).get({ runId: "r" }));
    expect(sleeps).toEqual([1500]);
    expect(error.code).toBe(Code.Unavailable);
  });
});

describe("abort during backoff", () => {
  it("rejects with Code.Canceled at once, even if sleep ignores the signal", async () => {
    const controller = new AbortController();
    const backend = flakyBackend(Array(10).fill(Code.Unavailable));
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-123" },
      env: {},
      transport: backend.transport,
      retry: {
        sleep: () => {
          controller.abort();
          return new Promise<void>(() => {});
        },
      },
    });
    const error = await failure(
      createClient(RunService, config.transport).get({ runId: "r" }, { signal: controller.signal }),
    );
    expect(error.code).toBe(Code.Canceled);
    expect(backend.attempts).toHaveLength(1);
  });

  it("with the default sleep (a real 60 s backoff) the abort still ends the call", async () => {
    const controller = new AbortController();
    const backend = flakyBackend(Array(10).fill(Code.Unavailable));
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "key-123" },
      env: {},
      transport: backend.transport,
      timeoutMs: 600_000,
      retry: { initialBackoffMs: 60_000, maxBackoffMs: 60_000, jitterMs: 0 },
    });
    const pending = failure(
      createClient(RunService, config.transport).get({ runId: "r" }, { signal: controller.signal }),
    );
    await vi.waitFor(() => expect(backend.attempts).toHaveLength(1));
    controller.abort();
    const error = await pending;
    expect(error.code).toBe(Code.Canceled);
    expect(backend.attempts).toHaveLength(1);
  });
});
