import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, test } from "vitest";
import { eventMsg, runMsg, runOver, S, ScriptedRunService } from "../test/support.js";
import { RunStatus } from "./run-status.js";

// issue 8, point 2: a next round may ask the identical call, so only the event log tells
// "applied, and asked again" from "not applied".
const calls = [{ name: "lookup", arguments: { q: "same" } }];
const waiting = runMsg({ status: S.TOOL_CALLS, toolCalls: calls });

/** A run whose log holds one TOOL_CALLS round at index 0; the handle has seen it on Listen. */
async function atRound() {
  const log = [eventMsg(0, { toolCalls: calls })];
  const service = new ScriptedRunService({ log, gets: [waiting] });
  const { run } = await runOver(service, runMsg({ status: S.IN_PROGRESS }));
  const first = await run.wait();
  expect(first.status).toBe(RunStatus.TOOL_CALLS);
  return { service, run, log };
}

/** What the server does when it applies a Submit: the run works on and asks the same again. */
function applyAndAskAgain(log: ReturnType<typeof eventMsg>[], service: ScriptedRunService) {
  log.push(
    eventMsg(log.length, { partial: "..." }),
    eventMsg(log.length + 1, { toolCalls: calls }),
  );
  service.gets = [waiting];
}

describe("submitToolResults: exactly once", () => {
  test("a lost answer of an applied Submit, then an identical round: not sent again", async () => {
    const { service, run, log } = await atRound();
    service.submit = (call) => {
      if (call === 1) {
        applyAndAskAgain(log, service);
        throw new ConnectError("response lost", Code.Unavailable);
      }
    };
    await run.submitToolResults({ lookup: "r1" });
    expect(service.submitRequests).toHaveLength(1);
    // The handle moved past the answered round: wait() gives the new round (index 2).
    const next = await run.wait();
    expect(next.status).toBe(RunStatus.TOOL_CALLS);
    expect(service.listenRequests.at(-1)?.eventsStartIdx).toBe(1n);
  });

  test("a stream reset (INTERNAL) after the server applied it is as ambiguous: not sent again", async () => {
    const { service, run, log } = await atRound();
    service.submit = (call) => {
      if (call === 1) {
        applyAndAskAgain(log, service);
        throw new ConnectError(
          "http/2 stream closed with error code INTERNAL_ERROR",
          Code.Internal,
        );
      }
    };
    await run.submitToolResults({ lookup: "r1" });
    expect(service.submitRequests).toHaveLength(1);
  });

  test("a Submit lost before the server applied it is sent again, once", async () => {
    const { service, run } = await atRound();
    service.submit = (call) => {
      if (call === 1) throw new ConnectError("connection lost", Code.Unavailable);
    };
    await run.submitToolResults({ lookup: "r1" });
    expect(service.submitRequests).toHaveLength(2);
  });

  test("the run left TOOL_CALLS: applied, whatever the error said", async () => {
    const { service, run } = await atRound();
    service.submit = () => {
      service.gets = [runMsg({ status: S.COMPLETED, text: "done" })];
      throw new ConnectError("deadline", Code.DeadlineExceeded);
    };
    await run.submitToolResults({ lookup: "r1" });
    expect(service.submitRequests).toHaveLength(1);
    expect((await run.wait()).text).toBe("done");
  });

  test("a refusal the server answered is not retried", async () => {
    const { service, run } = await atRound();
    service.submit = () => {
      throw new ConnectError("bad result", Code.InvalidArgument);
    };
    const err = await run.submitToolResults({ lookup: "r1" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect(service.submitRequests).toHaveLength(1);
  });

  test("an unknown outcome is never answered from the snapshot: wait() asks the server", async () => {
    const { service, run } = await atRound();
    let down = true;
    service.getFault = () => (down ? new ConnectError("down", Code.Unavailable) : undefined);
    service.submit = () => {
      service.gets = [runMsg({ status: S.COMPLETED, text: "answer" })];
      throw new ConnectError("response lost", Code.Unavailable);
    };
    const err = await run.submitToolResults({ lookup: "r1" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect((err as ConnectError).rawMessage).toContain("may or may not have been applied");
    down = false;
    const result = await run.wait();
    // Before the fix: the old TOOL_CALLS from the handle's cache, with no call at all.
    expect(result.status).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("answer");
  });

  test("a caller retrying after an unknown outcome does not apply the results twice", async () => {
    const { service, run, log } = await atRound();
    let down = true;
    service.getFault = () => (down ? new ConnectError("down", Code.Unavailable) : undefined);
    service.submit = (call) => {
      if (call === 1) {
        applyAndAskAgain(log, service);
        throw new ConnectError("response lost", Code.Unavailable);
      }
    };
    await run.submitToolResults({ lookup: "r1" }).catch(() => {});
    down = false;
    await run.submitToolResults({ lookup: "r1" });
    expect(service.submitRequests).toHaveLength(1);
  });

  test("a round learned from Get: the log from the start finds it, and proves it still waits", async () => {
    const log = [eventMsg(0, { partial: "x" }), eventMsg(1, { toolCalls: calls })];
    const service = new ScriptedRunService({ log, gets: [waiting] });
    const { run } = await runOver(service, waiting);
    service.submit = (call) => {
      if (call === 1) throw new ConnectError("response lost", Code.Unavailable);
    };
    await run.submitToolResults({ lookup: "r1" });
    expect(service.submitRequests).toHaveLength(2);
    // Before the Submit: the walk from the start, then the question after the round (2) and
    // its control (1); after the lost answer, the same question about the known round.
    expect(service.listenRequests.map((r) => r.eventsStartIdx)).toEqual([0n, 2n, 1n, 2n, 1n]);
  });

  test("a round learned from Get is located in the log first, so an identical next round is told apart", async () => {
    const log = [eventMsg(0, { toolCalls: calls })];
    const service = new ScriptedRunService({ log, gets: [waiting] });
    const { run } = await runOver(service, waiting);
    service.submit = (call) => {
      if (call === 1) {
        applyAndAskAgain(log, service);
        throw new ConnectError("response lost", Code.Unavailable);
      }
    };
    await run.submitToolResults({ lookup: "r1" });
    expect(service.submitRequests).toHaveLength(1);
    const next = await run.wait();
    expect(next.status).toBe(RunStatus.TOOL_CALLS);
    expect(service.listenRequests.at(-1)?.eventsStartIdx).toBe(1n);
  });

  test("the log unreadable before the Submit, and an identical next round: unknown, never resent", async () => {
    const log = [eventMsg(0, { toolCalls: calls })];
    const service = new ScriptedRunService({ log, gets: [waiting] });
    let listens = 0;
    service.listen = (_call, request) => {
      listens++;
      // The walk before the Submit fails for good; later Listens answer.
      if (listens <= 1)
        return { events: [], error: new ConnectError("denied", Code.PermissionDenied) };
      return { events: log.slice(Number(request.eventsStartIdx ?? 0n)) };
    };
    const { run } = await runOver(service, waiting);
    service.submit = (call) => {
      if (call === 1) {
        applyAndAskAgain(log, service);
        throw new ConnectError("response lost", Code.Unavailable);
      }
    };
    const err = await run.submitToolResults({ lookup: "r1" }).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect((err as ConnectError).rawMessage).toContain("may or may not have been applied");
    expect(service.submitRequests).toHaveLength(1);
    // The run waits in a round: wait() says so, and that round is what to answer next.
    expect((await run.wait()).status).toBe(RunStatus.TOOL_CALLS);
  });

  test("without Listen, identical calls from Get are an unknown outcome, never resent", async () => {
    const service = new ScriptedRunService({ gets: [waiting] });
    service.listenUnimplemented = true;
    const { run } = await runOver(service, runMsg({ status: S.IN_PROGRESS }));
    await run.wait({ pollIntervalMs: 0 });
    service.submit = (call) => {
      if (call === 1) throw new ConnectError("lost", Code.Unavailable);
    };
    const err = await run.submitToolResults({ lookup: "r1" }).catch((e: unknown) => e);
    expect((err as ConnectError).rawMessage).toContain("may or may not have been applied");
    expect(service.submitRequests).toHaveLength(1);
  });
});
