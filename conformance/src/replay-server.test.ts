import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { RunService, StreamEvent_EventType } from "@yc-assistants/types";
import { describe, expect, it } from "vitest";
import { validateExchange } from "./replay-script.js";
import { createReplayTransport, startReplayServer } from "./replay-server.js";
import { WireLog } from "./wire-log.js";

const exchanges = [
  validateExchange(
    {
      rpc: "RunService.Get",
      request: { runId: "r1" },
      response: { id: "r1", state: { status: "PENDING" } },
    },
    [],
  ),
  validateExchange(
    { rpc: "RunService.Get", response: { id: "r1", state: { status: "COMPLETED" } }, times: 2 },
    [],
  ),
  validateExchange(
    {
      rpc: "RunService.Listen",
      stream: [
        { eventType: "PARTIAL_MESSAGE", partialMessage: { content: [{ text: { content: "a" } }] } },
      ],
      error: { code: Code.Unavailable, message: "cut" },
    },
    [],
  ),
];

describe("the replay server in process", () => {
  it("answers each RPC with its exchanges in order, each `times` times, then repeats the last", async () => {
    const { transport, state } = createReplayTransport({ exchanges });
    const client = createClient(RunService, transport);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await client.get({ runId: "r1" })).state?.status ?? -1);
    expect(statuses).toEqual([1, 4, 4, 4]);
    expect(state.mismatches).toEqual([]);
  });

  it("notes requests that differ from the recorded ones", async () => {
    const { transport, state } = createReplayTransport({ exchanges });
    await createClient(RunService, transport).get({ runId: "other" });
    expect(state.mismatches).toEqual([
      'RunService.Get call #1 (exchange): request differs: runId: expected "r1", got "other"',
    ]);
  });

  it("streams messages, then fails with the scripted error (a cut stream)", async () => {
    const { transport } = createReplayTransport({ exchanges });
    const seen: StreamEvent_EventType[] = [];
    const err = await (async () => {
      try {
        for await (const ev of createClient(RunService, transport).listen({ runId: "r1" }))
          seen.push(ev.eventType);
      } catch (e) {
        return ConnectError.from(e);
      }
      return undefined;
    })();
    expect(seen).toEqual([StreamEvent_EventType.PARTIAL_MESSAGE]);
    expect(err?.code).toBe(Code.Unavailable);
    expect(err?.rawMessage).toBe("cut");
  });

  it("answers an RPC the script lacks with UNIMPLEMENTED and notes it", async () => {
    const { transport, state } = createReplayTransport({ exchanges });
    await expect(createClient(RunService, transport).submit({ runId: "r1" })).rejects.toMatchObject(
      {
        code: Code.Unimplemented,
      },
    );
    expect(state.unexpected).toEqual(["RunService.Submit: no exchange in the script"]);
  });
});

describe("the replay server over HTTP/2", () => {
  it("serves gRPC on a free loopback port, seen by server-side interceptors", async () => {
    const log = new WireLog();
    const server = await startReplayServer({ exchanges }, [log.interceptor]);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = createClient(RunService, createGrpcTransport({ baseUrl: server.url }));
      const run = await client.get({ runId: "r1" }, { headers: { "x-test": "1" } });
      expect(run.id).toBe("r1");
      expect(log.calls.map((c) => c.rpc)).toEqual(["RunService.Get"]);
      expect(log.calls[0]?.headers["x-test"]).toBe("1");
      expect(log.calls[0]?.done).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("delays an answer and gives up the delay when the client goes away", async () => {
    const slow = [
      validateExchange({ rpc: "RunService.Get", response: { id: "r1" }, delayMs: 10_000 }, []),
    ];
    const server = await startReplayServer({ exchanges: slow });
    try {
      const client = createClient(RunService, createGrpcTransport({ baseUrl: server.url }));
      await expect(client.get({ runId: "r1" }, { timeoutMs: 50 })).rejects.toMatchObject({
        code: Code.DeadlineExceeded,
      });
    } finally {
      await server.close();
    }
  });
});
