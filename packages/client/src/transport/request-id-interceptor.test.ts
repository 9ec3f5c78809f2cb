import { create } from "@bufbuild/protobuf";
import { createClient, createRouterTransport, type HandlerContext } from "@connectrpc/connect";
import { RunSchema, RunService, StreamEventSchema } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { resolveClientConfig } from "./resolve-client-config.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FOLDER = "b1g-folder-that-must-stay-in-the-body";

function recordingClient() {
  const headers: Headers[] = [];
  const record = (ctx: HandlerContext) => headers.push(new Headers(ctx.requestHeader));
  const transport = createRouterTransport((router) =>
    router.service(RunService, {
      get(req, ctx) {
        record(ctx);
        return create(RunSchema, { id: req.runId });
      },
      list(_req, ctx) {
        record(ctx);
        return {};
      },
      async *listen(_req, ctx) {
        record(ctx);
        yield create(StreamEventSchema, {});
      },
    }),
  );
  const config = resolveClientConfig({
    folderId: FOLDER,
    auth: { apiKey: "key-123" },
    env: {},
    transport,
  });
  return { headers, runs: createClient(RunService, config.transport) };
}

describe("x-client-request-id", () => {
  it("is a fresh UUID for every logical call", async () => {
    const { headers, runs } = recordingClient();
    await runs.get({ runId: "a" });
    await runs.get({ runId: "b" });
    for await (const _ of runs.listen({ runId: "c" })) {
      // drain
    }
    const ids = headers.map((h) => h.get("x-client-request-id"));
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
  });

  it("keeps a request id the caller set on the call", async () => {
    const { headers, runs } = recordingClient();
    await runs.get({ runId: "a" }, { headers: { "x-client-request-id": "my-trace-id" } });
    expect(headers[0]?.get("x-client-request-id")).toBe("my-trace-id");
  });
});

describe("idempotency-key", () => {
  it("is a fresh UUID per unary call, distinct from the request id, and absent on streams", async () => {
    const { headers, runs } = recordingClient();
    await runs.get({ runId: "a" });
    await runs.get({ runId: "b" });
    for await (const _ of runs.listen({ runId: "c" })) {
      // drain
    }
    const [first, second, stream] = headers;
    expect(first?.get("idempotency-key")).toMatch(UUID);
    expect(second?.get("idempotency-key")).toMatch(UUID);
    expect(first?.get("idempotency-key")).not.toBe(second?.get("idempotency-key"));
    expect(first?.get("idempotency-key")).not.toBe(first?.get("x-client-request-id"));
    expect(stream?.get("idempotency-key")).toBeNull();
    expect(first?.get("x-retry-attempt")).toBeNull();
  });
});

describe("folder id", () => {
  it("never travels as a header (spec/runs.md: only as a request field)", async () => {
    const { headers, runs } = recordingClient();
    await runs.get({ runId: "a" });
    await runs.list({ folderId: FOLDER });
    for await (const _ of runs.listen({ runId: "c" })) {
      // drain
    }
    for (const h of headers) {
      h.forEach((value, key) => {
        expect(value).not.toContain(FOLDER);
        expect(key).not.toContain("folder");
      });
    }
  });
});
