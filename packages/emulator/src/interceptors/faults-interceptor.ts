import type { Interceptor, StreamResponse } from "@connectrpc/connect";
import { type StreamEvent, StreamEvent_EventType } from "@yc-assistants/types/runs";
import { unavailable } from "../errors.js";
import { isNonIdempotent } from "../method-names.js";
import { SeededRandom } from "../seeded-random.js";

/** The fault knobs of {@link EmulatorOptions}. */
export interface FaultOptions {
  cutStreamAfterEvents?: number;
  unavailableRate?: number;
  seed?: number;
  delayMs?: number;
  unavailableSpareNonIdempotent?: boolean;
}

/**
 * Fault injection for tests (issue 4), applied before any state changes:
 *
 * - `delayMs`: every call waits this long before it is handled;
 * - `unavailableRate`: that fraction of unary calls is answered UNAVAILABLE,
 *   chosen by a generator seeded with `seed` (the same calls fail on every
 *   run of a test); with `unavailableSpareNonIdempotent`, every `Create` and
 *   `RunService/Submit` is spared (and draws nothing), so whole flows can run
 *   under the rate (issue 8: chaos tests of complete flows);
 * - `cutStreamAfterEvents`: a Listen or Attach stream ends with UNAVAILABLE
 *   right after its N-th event, unless that event ended the stream anyway;
 *   every new stream is cut again after N more.
 *
 * @example
 * createFaultsInterceptor({ cutStreamAfterEvents: 2 });
 */
export function createFaultsInterceptor(faults: FaultOptions): Interceptor {
  const random = new SeededRandom(faults.seed ?? 1);
  const rate = faults.unavailableRate ?? 0;
  const delayMs = faults.delayMs ?? 0;
  const cutAfter = faults.cutStreamAfterEvents;
  return (next) => async (request) => {
    if (delayMs > 0) await sleep(delayMs, request.signal);
    const spared =
      faults.unavailableSpareNonIdempotent === true &&
      isNonIdempotent(`${request.service.name}/${request.method.name}`);
    if (!request.stream && rate > 0 && !spared && random.next() < rate) {
      throw unavailable("injected fault: the emulator answers UNAVAILABLE for this call");
    }
    const response = await next(request);
    const method = request.method.name;
    if (
      !response.stream ||
      cutAfter === undefined ||
      request.service.typeName !== "yandex.cloud.ai.assistants.v1.runs.RunService" ||
      (method !== "Listen" && method !== "Attach")
    ) {
      return response;
    }
    return { ...response, message: cut(response, cutAfter, method === "Attach") } as StreamResponse;
  };
}

async function* cut(
  response: StreamResponse,
  after: number,
  attach: boolean,
): AsyncGenerator<unknown> {
  let sent = 0;
  for await (const message of response.message) {
    yield message;
    sent++;
    if (sent >= after && !endsStream(message as StreamEvent, attach)) {
      throw unavailable(`injected fault: stream cut after ${sent} events`);
    }
  }
}

/** Whether the stream would end after this event by itself. */
function endsStream(event: StreamEvent, attach: boolean): boolean {
  switch (event.eventType) {
    case StreamEvent_EventType.DONE:
    case StreamEvent_EventType.ERROR:
      return true;
    case StreamEvent_EventType.TOOL_CALLS:
      return !attach;
    default:
      return false;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
