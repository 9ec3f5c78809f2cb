import { create } from "@bufbuild/protobuf";
import {
  createClient,
  createContextKey,
  createContextValues,
  createRouterTransport,
  type Interceptor,
} from "@connectrpc/connect";
import { RunSchema, RunService, StreamEventSchema } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { applyInterceptors } from "./apply-interceptors.js";
import { deadlineKey } from "./deadline.js";

function backend() {
  return createRouterTransport((router) =>
    router.service(RunService, {
      get(req, ctx) {
        return create(RunSchema, { id: `${req.runId}:${ctx.requestHeader.get("x-tag") ?? ""}` });
      },
      async *listen(_req, ctx) {
        const tag = ctx.requestHeader.get("x-tag") ?? "";
        yield create(StreamEventSchema, { streamCursor: { currentEventIdx: 0n } });
        yield create(StreamEventSchema, { streamCursor: { currentEventIdx: BigInt(tag.length) } });
      },
    }),
  );
}

describe("applyInterceptors", () => {
  it("runs interceptors around an arbitrary transport for unary and streaming calls", async () => {
    const calls: string[] = [];
    const tag: Interceptor = (next) => async (req) => {
      calls.push(`${req.method.name}:${req.stream ? "stream" : "unary"}:${req.url}`);
      req.header.set("x-tag", "tagged");
      return await next(req);
    };
    const transport = applyInterceptors(backend(), {
      interceptors: [tag],
      defaultTimeoutMs: 60_000,
      baseUrl: "https://example.test",
    });
    const runs = createClient(RunService, transport);
    expect((await runs.get({ runId: "r" })).id).toBe("r:tagged");
    const cursors: bigint[] = [];
    for await (const event of runs.listen({ runId: "r" })) {
      cursors.push(event.streamCursor?.currentEventIdx ?? -1n);
    }
    expect(cursors).toEqual([0n, 6n]);
    expect(calls).toEqual([
      "Get:unary:https://example.test/yandex.cloud.ai.assistants.v1.runs.RunService/Get",
      "Listen:stream:https://example.test/yandex.cloud.ai.assistants.v1.runs.RunService/Listen",
    ]);
  });

  it("applies interceptors outermost first", async () => {
    const order: string[] = [];
    const named =
      (name: string): Interceptor =>
      (next) =>
      async (req) => {
        order.push(`${name}>`);
        const res = await next(req);
        order.push(`<${name}`);
        return res;
      };
    const transport = applyInterceptors(backend(), {
      interceptors: [named("a"), named("b")],
      defaultTimeoutMs: 60_000,
      baseUrl: "https://example.test",
    });
    await createClient(RunService, transport).get({ runId: "r" });
    expect(order).toEqual(["a>", "b>", "<b", "<a"]);
  });

  it("exposes the call's deadline and keeps the caller's context values untouched", async () => {
    const userKey = createContextKey("none");
    const seen: { user: string; deadline: number | undefined }[] = [];
    const spy: Interceptor = (next) => async (req) => {
      seen.push({
        user: req.contextValues.get(userKey),
        deadline: req.contextValues.get(deadlineKey),
      });
      return await next(req);
    };
    const transport = applyInterceptors(backend(), {
      interceptors: [spy],
      defaultTimeoutMs: 60_000,
      baseUrl: "https://example.test",
    });
    const contextValues = createContextValues().set(userKey, "mine");
    const before = Date.now();
    await createClient(RunService, transport).get(
      { runId: "r" },
      { contextValues, timeoutMs: 5000 },
    );
    await createClient(RunService, transport).get({ runId: "r" }, { timeoutMs: -1 });
    expect(seen[0]?.user).toBe("mine");
    expect(seen[0]?.deadline).toBeGreaterThanOrEqual(before + 5000);
    expect(seen[0]?.deadline).toBeLessThanOrEqual(Date.now() + 5000);
    expect(seen[1]?.deadline).toBeUndefined();
    expect(contextValues.get(deadlineKey)).toBeUndefined();
  });
});
