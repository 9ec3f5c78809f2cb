import { type Client, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AssistantService } from "@yc-assistants/types/assistants";
import { RunService, StreamEvent_EventType } from "@yc-assistants/types/runs";
import { MessageService, ThreadService } from "@yc-assistants/types/threads";

/** The folder every bench resource lives in (the emulator's folders are implicit). */
export const BENCH_FOLDER = "b1gbenchfolder0000000";

/** An interceptor sending `authorization: Api-Key …`, as ours and the official SDK do. */
export function apiKeyInterceptor(apiKey: string): Interceptor {
  return (next) => (request) => {
    request.header.set("authorization", `Api-Key ${apiKey}`);
    return next(request);
  };
}

/**
 * Raw Connect clients on our types, used to prepare the rows (assistants,
 * threads, finished runs) so that neither contender pays for the set-up, and
 * as the "raw Connect" contender: `createClient(RunService,
 * createGrpcTransport(...))` (issue 10, row "Listen, 10,000 small events").
 *
 * @example
 * const setup = new SetupClient(emulator.url, "key");
 * const threadId = await setup.thread("small 10000");
 */
export class SetupClient {
  readonly runs: Client<typeof RunService>;
  readonly #assistants: Client<typeof AssistantService>;
  readonly #threads: Client<typeof ThreadService>;
  readonly #messages: Client<typeof MessageService>;

  constructor(url: string, apiKey: string) {
    const transport = createGrpcTransport({
      baseUrl: url,
      interceptors: [apiKeyInterceptor(apiKey)],
    });
    this.runs = createClient(RunService, transport);
    this.#assistants = createClient(AssistantService, transport);
    this.#threads = createClient(ThreadService, transport);
    this.#messages = createClient(MessageService, transport);
  }

  /** A new assistant; resolves with its id. */
  async assistant(): Promise<string> {
    const created = await this.#assistants.create({
      folderId: BENCH_FOLDER,
      modelUri: `gpt://${BENCH_FOLDER}/yandexgpt/latest`,
    });
    return created.id;
  }

  /** A new thread whose one user message is `text` (it tells the bench model what to stream). */
  async thread(text: string): Promise<string> {
    const thread = await this.#threads.create({ folderId: BENCH_FOLDER });
    await this.#messages.create({
      threadId: thread.id,
      content: { content: [{ PartType: { case: "text", value: { content: text } } }] },
    });
    return thread.id;
  }

  /** `count` threads with `text`, made 100 at a time. */
  async threads(count: number, text: string): Promise<string[]> {
    const ids: string[] = [];
    while (ids.length < count) {
      const batch = Math.min(100, count - ids.length);
      ids.push(...(await Promise.all(Array.from({ length: batch }, () => this.thread(text)))));
    }
    return ids;
  }

  /** Starts a streamed run and reads its events to the end (it is finished then); resolves with its id and event count. */
  async finishedRun(
    assistantId: string,
    threadId: string,
  ): Promise<{ id: string; events: number }> {
    const run = await this.runs.create({ assistantId, threadId, stream: true });
    let events = 0;
    for await (const event of this.runs.listen({ runId: run.id, eventsStartIdx: 0n })) {
      events++;
      if (event.eventType === StreamEvent_EventType.ERROR) throw new Error(`run ${run.id} failed`);
    }
    return { id: run.id, events };
  }

  /** Raw Connect Listen of a whole run, read to its end; resolves with the event count. */
  async listen(runId: string): Promise<number> {
    let events = 0;
    for await (const _event of this.runs.listen({ runId, eventsStartIdx: 0n })) events++;
    return events;
  }
}
