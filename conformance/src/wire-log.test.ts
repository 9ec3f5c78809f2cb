import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { RunService, StreamEvent_EventType } from "@yc-assistants/types";
import { describe, expect, it } from "vitest";
import { WireLog } from "./wire-log.js";

function setup(fail: boolean) {
  const log = new WireLog();
  const transport = createRouterTransport(
    (router) =>
      router.service(RunService, {
        async *listen() {
          yield { eventType: StreamEvent_EventType.PARTIAL_MESSAGE };
          yield { eventType: StreamEvent_EventType.DONE, streamCursor: { currentEventIdx: 1n } };
          if (fail) throw new ConnectError("cut", Code.Unavailable);
        },
        get: (req) => ({ id: req.runId }),
      }),
    { transport: { interceptors: [log.interceptor] } },
  );
  return { log, client: createClient(RunService, transport) };
}

describe("WireLog", () => {
  it("records unary calls with headers, request and response", async () => {
    const { log, client } = setup(false);
    await client.get({ runId: "r1" }, { headers: { "X-Id": "7" } });
    const call = log.calls[0];
    expect(call?.rpc).toBe("RunService.Get");
    expect(call?.headers["x-id"]).toBe("7");
    expect(call?.requests).toHaveLength(1);
    expect(call?.responses).toHaveLength(1);
    expect(call?.done).toBe(true);
    expect(call?.streamState).toBeUndefined();
  });

  it("tells a stream read to its end from one that failed or was left open", async () => {
    const complete = setup(false);
    for await (const _ of complete.client.listen({ runId: "r" })) {
      /* read all */
    }
    expect(complete.log.calls[0]?.streamState).toBe("complete");

    const failed = setup(true);
    await expect(
      (async () => {
        for await (const _ of failed.client.listen({ runId: "r" })) {
          /* read all */
        }
      })(),
    ).rejects.toThrow("cut");
    expect(failed.log.calls[0]?.streamState).toBe("failed");
    expect(failed.log.calls[0]?.error?.code).toBe(Code.Unavailable);

    const abandoned = setup(false);
    for await (const ev of abandoned.client.listen({ runId: "r" })) {
      if (ev.eventType === StreamEvent_EventType.DONE) break;
    }
    // Connect's iterator does not pass `return()` on: the call stays open until its deadline.
    expect(abandoned.log.calls[0]?.streamState).toBe("open");
    expect(abandoned.log.calls[0]?.responses).toHaveLength(2);
    expect(abandoned.log.since(1)).toEqual([]);
  });
});
