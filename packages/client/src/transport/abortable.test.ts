import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { RunSchema, RunService, StreamEventSchema } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { abortable, abortError } from "./abortable.js";
import { resolveClientConfig } from "./resolve-client-config.js";

function hangingBackend() {
  let listenStarted = false;
  let getStarted = false;
  const transport = createRouterTransport((router) =>
    router.service(RunService, {
      async get(req, ctx) {
        getStarted = true;
        await new Promise((_, reject) => ctx.signal.addEventListener("abort", reject));
        return create(RunSchema, { id: req.runId });
      },
      async *listen(_req, ctx) {
        listenStarted = true;
        yield create(StreamEventSchema, {});
        await new Promise((_, reject) => ctx.signal.addEventListener("abort", reject));
      },
    }),
  );
  const config = resolveClientConfig({
    folderId: "f",
    auth: { apiKey: "key-1" },
    env: {},
    transport,
  });
  return {
    runs: createClient(RunService, config.transport),
    started: () => ({ get: getStarted, listen: listenStarted }),
  };
}

describe("abortError", () => {
  it("maps a plain abort to Canceled and keeps a ConnectError reason", () => {
    expect(abortError(AbortSignal.abort()).code).toBe(Code.Canceled);
    const deadline = new ConnectError("timed out", Code.DeadlineExceeded);
    expect(abortError(AbortSignal.abort(deadline))).toBe(deadline);
    const noReason = { reason: undefined } as AbortSignal;
    expect(abortError(noReason).code).toBe(Code.Canceled);
  });
});

describe("abortable", () => {
  it("settles like the promise when nothing aborts", async () => {
    await expect(abortable(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
    await expect(abortable(Promise.reject(new Error("x")), undefined)).rejects.toThrow("x");
  });

  it("rejects with Canceled when the signal aborts first, or was aborted already", async () => {
    const controller = new AbortController();
    const pending = abortable(new Promise(() => {}), controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: Code.Canceled });
    await expect(abortable(new Promise(() => {}), AbortSignal.abort())).rejects.toMatchObject({
      code: Code.Canceled,
    });
  });
});

describe("AbortSignal on calls", () => {
  it("aborting a unary call rejects with Code.Canceled", async () => {
    const { runs, started } = hangingBackend();
    const controller = new AbortController();
    const pending = runs.get({ runId: "r" }, { signal: controller.signal });
    await expect.poll(() => started().get).toBe(true);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: Code.Canceled });
  });

  it("an already aborted signal fails the call before it starts", async () => {
    const { runs, started } = hangingBackend();
    await expect(runs.get({ runId: "r" }, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: Code.Canceled,
    });
    expect(started().get).toBe(false);
  });

  it("aborting a server stream mid-way stops it with Code.Canceled", async () => {
    const { runs } = hangingBackend();
    const controller = new AbortController();
    let received = 0;
    const error = await (async () => {
      for await (const _event of runs.listen({ runId: "r" }, { signal: controller.signal })) {
        received++;
        controller.abort();
      }
    })().then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(received).toBe(1);
    expect(error?.code).toBe(Code.Canceled);
  });
});
