import { Code, ConnectError, createRouterTransport, type Transport } from "@connectrpc/connect";
import { OperationService } from "@yc-assistants/types/operation";
import { RunService, RunState_RunStatus } from "@yc-assistants/types/runs";
import { MessageService, ThreadService } from "@yc-assistants/types/threads";
import { describe, expect, test } from "vitest";
import { API_KEY, eventMsg, FOLDER, instantRetry, runMsg } from "../../test/support.js";
import { AssistantsClient } from "../assistants-client.js";
import {
  asTransportFault,
  isLocalDecodeFailure,
  isTransportFault,
  neverSent,
  serverAnswered,
} from "./transport-fault.js";

/** What connect-node raises when the connection under a stream dies (seen over a TCP proxy). */
const cancelReset = () =>
  new ConnectError("http/2 stream closed with error code CANCEL (0x8)", Code.Canceled);

describe("classification", () => {
  test("errors raised under the server's answer are transport faults", () => {
    expect(isTransportFault(cancelReset())).toBe(true);
    expect(
      isTransportFault(
        new ConnectError(
          "http/2 stream closed with error code INTERNAL_ERROR (0x2)",
          Code.Internal,
        ),
      ),
    ).toBe(true);
    expect(isTransportFault(new ConnectError("read ECONNRESET", Code.Aborted))).toBe(true);
    expect(
      isTransportFault(
        new ConnectError("protocol error: incomplete envelope", Code.InvalidArgument),
      ),
    ).toBe(true);
    expect(isTransportFault(asTransportFault(cancelReset()))).toBe(true);
  });

  test("the server's own answers are not, whatever their code", () => {
    const answered = new ConnectError("boom", Code.Internal, { "grpc-status": "13" });
    expect(serverAnswered(answered)).toBe(true);
    expect(isTransportFault(answered)).toBe(false);
    expect(
      isTransportFault(
        new ConnectError("x", Code.Canceled, { "content-type": "application/grpc" }),
      ),
    ).toBe(false);
  });

  test("decode failures and the client's own validation are not faults", () => {
    const decode = new ConnectError("parse binary: premature EOF", Code.Internal);
    expect(isLocalDecodeFailure(decode)).toBe(true);
    expect(isTransportFault(decode)).toBe(false);
    const tooBig = new ConnectError(
      "message size 9000000 is larger than configured readMaxBytes 4194304",
      Code.ResourceExhausted,
    );
    expect(isTransportFault(tooBig)).toBe(false);
    expect(isTransportFault(new ConnectError("runId is required", Code.InvalidArgument))).toBe(
      false,
    );
    expect(isTransportFault(new ConnectError("nope", Code.PermissionDenied))).toBe(false);
  });

  test("a fault is reported as Unavailable with the original as its cause", () => {
    const original = cancelReset();
    const fault = asTransportFault(original);
    expect(fault.code).toBe(Code.Unavailable);
    expect(fault.rawMessage).toContain("connection lost during the call");
    expect(fault.cause).toBe(original);
  });

  test("a refused stream never left the client", () => {
    const refused = new ConnectError(
      "http/2 stream closed with error code REFUSED_STREAM (0x7)",
      Code.Unavailable,
    );
    expect(neverSent(refused)).toBe(true);
    expect(neverSent(asTransportFault(cancelReset()))).toBe(false);
  });
});

/**
 * A transport that fails the first `faults` calls (unary or stream) the way a dying
 * connection does, then serves `routes` in memory.
 */
function faultyTransport(
  inner: Transport,
  faults: number,
  fault: () => ConnectError = cancelReset,
  streamsOnly = false,
): { transport: Transport; calls: string[] } {
  const calls: string[] = [];
  let left = faults;
  const transport: Transport = {
    async unary(method, signal, timeoutMs, header, input, contextValues) {
      calls.push(method.name);
      if (left > 0 && !streamsOnly) {
        left--;
        throw fault();
      }
      return inner.unary(method, signal, timeoutMs, header, input, contextValues);
    },
    async stream(method, signal, timeoutMs, header, input, contextValues) {
      calls.push(method.name);
      const res = await inner.stream(method, signal, timeoutMs, header, input, contextValues);
      if (left <= 0) return res;
      left--;
      async function* cut() {
        const it = res.message[Symbol.asyncIterator]();
        const first = await it.next();
        if (!first.done) yield first.value;
        throw fault();
      }
      return { ...res, message: cut() };
    },
  };
  return { transport, calls };
}

function clientWith(transport: Transport) {
  return new AssistantsClient({
    folderId: FOLDER,
    auth: { apiKey: API_KEY },
    env: {},
    retry: { ...instantRetry, maxAttempts: 3 },
    transport,
  });
}

describe("transportFaultInterceptor in a client", () => {
  const done = runMsg({ status: RunState_RunStatus.COMPLETED, text: "hi" });
  const routes = createRouterTransport(({ service }) =>
    service(RunService, {
      get: () => done,
      async *listen(request) {
        const log = [eventMsg(0, { partial: "h" }), eventMsg(1, { partial: "hi" })];
        for (const e of log.slice(Number(request.eventsStartIdx ?? 0n))) yield e;
        yield eventMsg(2, { done: "hi" });
      },
    }),
  );

  test("an idempotent Get whose connection died is retried at once, and succeeds", async () => {
    const { transport, calls } = faultyTransport(routes, 1);
    const sleeps: number[] = [];
    const client = new AssistantsClient({
      folderId: FOLDER,
      auth: { apiKey: API_KEY },
      env: {},
      retry: { ...instantRetry, sleep: async (ms) => void sleeps.push(ms) },
      transport,
    });
    const run = await client.runs.get("run-1");
    expect(run.lastStatus.name).toBe("COMPLETED");
    expect(calls).toEqual(["Get", "Get"]);
    // The first retry after a transport fault does not back off (retry-interceptor).
    expect(sleeps).toEqual([]);
  });

  test("a Create refused before it left the client (REFUSED_STREAM) is retried; a lost one is not", async () => {
    const threads = createRouterTransport(({ service }) =>
      service(ThreadService, { create: () => ({ id: "t-1" }) }),
    );
    const refused = () =>
      new ConnectError("Stream closed with error code NGHTTP2_REFUSED_STREAM", Code.Internal);
    const ok = faultyTransport(threads, 1, refused);
    expect((await clientWith(ok.transport).threads.create()).id).toBe("t-1");
    expect(ok.calls).toEqual(["Create", "Create"]);
    const lost = faultyTransport(threads, 1);
    const err = await clientWith(lost.transport)
      .threads.create()
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(err?.code).toBe(Code.Unavailable);
    expect(lost.calls).toEqual(["Create"]);
  });

  test("a Delete whose answer was lost: the retry's NOT_FOUND means it was deleted", async () => {
    const existing = new Set(["t-1"]);
    const threads = createRouterTransport(({ service }) =>
      service(ThreadService, {
        delete: (req) => {
          if (!existing.delete(req.threadId)) {
            throw new ConnectError("thread not found", Code.NotFound);
          }
          return {};
        },
      }),
    );
    let lost = 1;
    const transport: Transport = {
      ...threads,
      async unary(method, signal, timeoutMs, header, input, contextValues) {
        const res = await threads.unary(method, signal, timeoutMs, header, input, contextValues);
        if (lost-- > 0) throw cancelReset(); // applied, then the answer is lost
        return res;
      },
    };
    await clientWith(transport).threads.delete("t-1");
    expect(existing.has("t-1")).toBe(false);
    // A Delete of something that never was still says so.
    const err = await clientWith(threads)
      .threads.delete("nope")
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(err?.code).toBe(Code.NotFound);
  });

  test("an Update whose answer was lost is not sent again (it could apply twice)", async () => {
    const updates: string[] = [];
    const threads = createRouterTransport(({ service }) =>
      service(ThreadService, {
        update: (req) => {
          updates.push(req.threadId);
          return { id: req.threadId, name: req.name };
        },
      }),
    );
    const { transport, calls } = faultyTransport(threads, 1);
    const err = await clientWith(transport)
      .threads.update("t-1", { name: "x" })
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(err?.code).toBe(Code.Unavailable);
    expect(calls).toEqual(["Update"]);
  });

  test("an operation's Cancel whose answer was lost is not sent again", async () => {
    const operations = createRouterTransport(({ service }) =>
      service(OperationService, {
        get: (req) => ({ id: req.operationId, done: false }),
        cancel: (req) => ({ id: req.operationId, done: true }),
      }),
    );
    const calls: string[] = [];
    let lost = 1;
    const transport: Transport = {
      ...operations,
      async unary(method, signal, timeoutMs, header, input, contextValues) {
        calls.push(method.name);
        const res = await operations.unary(method, signal, timeoutMs, header, input, contextValues);
        if (method.name === "Cancel" && lost-- > 0) throw cancelReset(); // applied, answer lost
        return res;
      },
    };
    const client = clientWith(transport);
    const err = await client.searchIndexes
      .operation("op-1")
      .then((op) => op.cancel())
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(err?.code).toBe(Code.Unavailable);
    expect(calls.filter((c) => c === "Cancel")).toEqual(["Cancel"]);
  });

  test("thread.read() cut by the network lists again and yields every message once", async () => {
    const messages = createRouterTransport(({ service }) => {
      service(ThreadService, { get: (req) => ({ id: req.threadId }) });
      service(MessageService, {
        async *list() {
          for (const id of ["m1", "m2", "m3"]) yield { id, threadId: "t-1" };
        },
      });
    });
    // Two Lists cut after their first message, then one whole.
    const { transport, calls } = faultyTransport(messages, 2, cancelReset, true);
    const thread = await clientWith(transport).threads.get("t-1");
    const ids: string[] = [];
    for await (const m of thread.read()) ids.push(m.id ?? "");
    expect(ids).toEqual(["m1", "m2", "m3"]);
    expect(calls).toEqual(["Get", "List", "List", "List"]);
  });

  test("a Get that keeps failing ends in Unavailable, never Canceled", async () => {
    const { transport } = faultyTransport(routes, 10);
    const err = await clientWith(transport)
      .runs.get("run-1")
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(err?.code).toBe(Code.Unavailable);
    expect(err?.rawMessage).toContain("CANCEL");
  });

  test("a Listen stream cut by the network is resumed from the next index: no loss, no dup", async () => {
    const { transport, calls } = faultyTransport(routes, 1, cancelReset, true);
    const run = await clientWith(transport).runs.get("run-1");
    const seen: number[] = [];
    for await (const ev of run.listen()) seen.push(ev.cursor.currentEventIdx);
    expect(seen).toEqual([0, 1, 2]);
    expect(calls).toEqual(["Get", "Listen", "Listen"]);
  });

  test("only the caller's own abort ends a listen with Canceled", async () => {
    const run = await clientWith(routes).runs.get("run-1");
    const controller = new AbortController();
    const err = await (async () => {
      for await (const _ of run.listen({ signal: controller.signal })) controller.abort();
    })().then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(err?.code).toBe(Code.Canceled);
  });

  test("a decode failure is never resumed", async () => {
    const { transport, calls } = faultyTransport(
      routes,
      5,
      () => new ConnectError("parse binary: premature EOF", Code.Internal),
      true,
    );
    const run = await clientWith(transport).runs.get("run-1");
    const err = await (async () => {
      for await (const _ of run.listen()) {
        // drain
      }
    })().then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(err?.code).toBe(Code.Internal);
    expect(calls.filter((c) => c === "Listen")).toHaveLength(1);
  });
});
