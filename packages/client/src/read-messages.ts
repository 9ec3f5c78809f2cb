/**
 * readMessages: the logic of `thread.read()`. Internal.
 *
 * MessageService.List is a server stream, which the transport's retry policy does not retry
 * (streams are resumed by whoever reads them). It has no cursor, but it lists a thread's
 * messages in the same order every time, so a stream cut by the network (issue 8, point 1) is
 * listed again from the start and the messages already yielded are skipped, each checked
 * against the id it had: every message once, in order.
 *
 * @module
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { backoffDelay, type ClientContext } from "./client-context.js";
import { ThreadMessage } from "./thread-message.js";
import { abortable, abortError } from "./transport/abortable.js";
import { isTransportFault } from "./transport/transport-fault.js";

/** Yields the thread's messages, listing again after a transport fault (see the module). */
export async function* readMessages(
  ctx: ClientContext,
  threadId: string,
  call: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
): AsyncGenerator<ThreadMessage, void, undefined> {
  const yielded: string[] = [];
  const policy = ctx.retry;
  // Broken attempts in a row that yielded nothing new (as listen counts them).
  let failures = 0;
  for (;;) {
    const before = yielded.length;
    let index = 0;
    try {
      for await (const m of ctx.messageService.list({ threadId }, call)) {
        if (index < yielded.length) {
          if (m.id !== yielded[index]) {
            throw new ConnectError(
              `thread ${threadId} listed its messages in another order after a reconnect; stopping instead of yielding one twice`,
              Code.Aborted,
            );
          }
          index++;
          continue;
        }
        index++;
        yielded.push(m.id);
        yield ThreadMessage.fromProto(m);
      }
      return;
    } catch (e) {
      if (call.signal?.aborted) throw abortError(call.signal);
      const err = ConnectError.from(e);
      if (policy === false || !isTransportFault(err)) throw err;
      failures = yielded.length > before ? 1 : failures + 1;
      if (failures >= policy.maxAttempts) throw err;
      await abortable(policy.sleep(backoffDelay(policy, failures), call.signal), call.signal);
    }
  }
}
