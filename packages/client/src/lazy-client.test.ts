import { createRouterTransport } from "@connectrpc/connect";
import { OperationService } from "@yc-assistants/types/operation";
import { describe, expect, it } from "vitest";
import { lazyClient } from "./lazy-client.js";

// issue 10, cold start: a feature's service descriptor is imported on its first call.
describe("lazyClient", () => {
  const transport = createRouterTransport(({ service }) => {
    service(OperationService, {
      get: (req) => ({ id: req.operationId, done: true }),
      cancel: (req) => ({ id: req.operationId }),
    });
  });

  it("loads the descriptor once, on the first call, and then calls through", async () => {
    let loads = 0;
    const client = lazyClient(async () => {
      loads++;
      return OperationService;
    }, transport);
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([
      client.get({ operationId: "op1" }),
      client.cancel({ operationId: "op2" }),
    ]);
    expect(a.id).toBe("op1");
    expect(a.done).toBe(true);
    expect(b.id).toBe("op2");
    expect(loads).toBe(1);
  });

  it("rejects the call when the load fails, and tries the load again on the next call", async () => {
    let loads = 0;
    const client = lazyClient(async () => {
      if (++loads === 1) throw new Error("load failed");
      return OperationService;
    }, transport);
    await expect(client.get({ operationId: "op1" })).rejects.toThrow("load failed");
    expect((await client.get({ operationId: "op1" })).id).toBe("op1");
    expect(loads).toBe(2);
  });

  it("is not a thenable, so an async function can return it", async () => {
    const client = lazyClient(async () => OperationService, transport);
    expect((client as unknown as { then?: unknown }).then).toBeUndefined();
    expect(await Promise.resolve(client)).toBe(client);
  });
});
