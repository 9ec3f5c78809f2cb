/**
 * The official Yandex Cloud Node.js SDK (its own gRPC stack, @grpc/grpc-js
 * and ts-proto codecs) runs a whole conversation against the emulator over
 * real HTTP/2 (issue 4, "How it must be proven"). Only the SDK's API is used:
 * its generated service clients, pointed at the emulator's plaintext
 * address with grpc-js insecure credentials (the SDK's `Session` always
 * uses TLS, so it cannot reach an h2c endpoint).
 */
import {
  assistantService,
  messageService,
  runService,
  threadService,
} from "@yandex-cloud/nodejs-sdk/ai-assistants-v1";
import type { Assistant } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1/assistant";
import { type Run, RunState_RunStatus } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1/runs/run";
import type { Message } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1/threads/message";
import type { Thread } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1/threads/thread";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator-options.js";
import { startEmulator } from "../src/server.js";
import { failure, grpc, type Metadata, unary } from "./support/official-sdk.js";

const IAM_TOKEN = "t1.emulator-test-token";
const FOLDER = "b1ghsjum2v37c2un8h64";
const { EventType } = { EventType: runService.StreamEvent_EventType };

/** Reads a server stream until it ends. */
async function readAll<T>(stream: AsyncIterable<unknown>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item as T);
  return out;
}

function text(content: string) {
  return { content: [{ text: { content } }] };
}

describe("the official @yandex-cloud/nodejs-sdk against the emulator", () => {
  let emulator: Emulator;
  let metadata: Metadata;
  let assistants: assistantService.AssistantServiceClient;
  let threads: threadService.ThreadServiceClient;
  let messages: messageService.MessageServiceClient;
  let runs: runService.RunServiceClient;

  beforeAll(async () => {
    emulator = await startEmulator({ auth: { iamToken: IAM_TOKEN }, chunkDelayMs: 2 });
    const address = new URL(emulator.url).host;
    const insecure = grpc.credentials.createInsecure();
    assistants = new assistantService.AssistantServiceClient(address, insecure);
    threads = new threadService.ThreadServiceClient(address, insecure);
    messages = new messageService.MessageServiceClient(address, insecure);
    runs = new runService.RunServiceClient(address, insecure);
    metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${IAM_TOKEN}`);
  });

  afterAll(async () => {
    for (const client of [assistants, threads, messages, runs]) client?.close();
    await emulator?.close();
  });

  it("runs a conversation with a tool call: create, write, stream, Listen, Submit, Get, List, delete", async () => {
    const md = metadata;
    const assistant = await unary<Assistant>((cb) =>
      assistants.create(
        assistantService.CreateAssistantRequest.fromPartial({
          folderId: FOLDER,
          modelUri: `gpt://${FOLDER}/yandexgpt/latest`,
          instruction: "You are a calculator",
          tools: [
            {
              function: {
                name: "special_operation",
                description: "Collect all the numbers from the user message and do a FOO with them",
                parameters: {
                  type: "object",
                  properties: { numbers: { type: "array", items: { type: "integer" } } },
                  required: ["numbers"],
                },
              },
            },
          ],
        }),
        md,
        cb,
      ),
    );
    expect(assistant.id).toMatch(/^fvt[0-9a-v]{17}$/);
    expect(assistant.tools[0]?.function?.name).toBe("special_operation");
    expect(assistant.expirationConfig?.ttlDays).toBe(7);
    expect(assistant.promptTruncationOptions?.autoStrategy).toBeDefined();

    const thread = await unary<Thread>((cb) =>
      threads.create(threadService.CreateThreadRequest.fromPartial({ folderId: FOLDER }), md, cb),
    );
    const written = await unary<Message>((cb) =>
      messages.create(
        messageService.CreateMessageRequest.fromPartial({
          threadId: thread.id,
          content: text("do a special_operation with all the numbers from: 5, 4, a, 1"),
        }),
        md,
        cb,
      ),
    );
    expect(written.author).toEqual({ id: thread.defaultMessageAuthorId, role: "USER" });

    const run = await unary<Run>((cb) =>
      runs.create(
        runService.CreateRunRequest.fromPartial({
          assistantId: assistant.id,
          threadId: thread.id,
          stream: true,
        }),
        md,
        cb,
      ),
    );
    expect(run.state?.status).toBe(RunState_RunStatus.PENDING);

    // Listen until TOOL_CALLS.
    const firstRound = await readAll<runService.StreamEvent>(
      runs.listen(
        runService.ListenRunRequest.fromPartial({ runId: run.id, eventsStartIdx: 0 }),
        md,
      ),
    );
    expect(firstRound.map((e) => e.eventType)).toEqual([EventType.TOOL_CALLS]);
    const call = firstRound[0]?.toolCallList?.toolCalls[0]?.functionCall;
    expect(call?.name).toBe("special_operation");
    expect(call?.arguments?.["numbers"]).toEqual([5, 4, 1]);
    const waiting = await unary<Run>((cb) =>
      runs.get(runService.GetRunRequest.fromPartial({ runId: run.id }), md, cb),
    );
    expect(waiting.state?.status).toBe(RunState_RunStatus.TOOL_CALLS);
    expect(waiting.usage?.totalTokens).toBeGreaterThan(0);

    // Submit the result, then Listen from after the TOOL_CALLS event until DONE.
    await unary((cb) =>
      runs.submit(
        runService.SubmitToRunRequest.fromPartial({
          runId: run.id,
          toolResultList: {
            toolResults: [{ functionResult: { name: "special_operation", content: "+20.0" } }],
          },
        }),
        md,
        cb,
      ),
    );
    const secondRound = await readAll<runService.StreamEvent>(
      runs.listen(
        runService.ListenRunRequest.fromPartial({ runId: run.id, eventsStartIdx: 1 }),
        md,
      ),
    );
    expect(secondRound.map((e) => e.eventType)).toEqual([
      EventType.PARTIAL_MESSAGE,
      EventType.PARTIAL_MESSAGE,
      EventType.PARTIAL_MESSAGE,
      EventType.DONE,
    ]);
    expect(secondRound.map((e) => e.streamCursor?.currentEventIdx)).toEqual([1, 2, 3, 4]);
    const answer = secondRound.at(-1)?.completedMessage?.content?.content[0]?.text?.content;
    expect(answer).toBe("Tool results: special_operation: +20.0");

    const done = await unary<Run>((cb) =>
      runs.get(runService.GetRunRequest.fromPartial({ runId: run.id }), md, cb),
    );
    expect(done.state?.status).toBe(RunState_RunStatus.COMPLETED);
    expect(done.state?.completedMessage?.author?.role).toBe("ASSISTANT");
    expect(done.usage?.completionTokens).toBeGreaterThan(0);
    const last = await unary<Run>((cb) =>
      runs.getLastByThread(
        runService.GetLastRunByThreadRequest.fromPartial({ threadId: thread.id }),
        md,
        cb,
      ),
    );
    expect(last.id).toBe(run.id);
    const listed = await unary<runService.ListRunsResponse>((cb) =>
      runs.list(runService.ListRunsRequest.fromPartial({ folderId: FOLDER }), md, cb),
    );
    expect(listed.runs.map((r) => r.id)).toContain(run.id);
    const history = await readAll<Message>(
      messages.list(messageService.ListMessagesRequest.fromPartial({ threadId: thread.id }), md),
    );
    expect(history.map((m) => m.author?.role)).toEqual(["ASSISTANT", "USER"]);

    // Submit again: the run is not waiting for tools any more.
    const late = await failure(
      unary((cb) =>
        runs.submit(
          runService.SubmitToRunRequest.fromPartial({
            runId: run.id,
            toolResultList: {
              toolResults: [{ functionResult: { name: "special_operation", content: "x" } }],
            },
          }),
          md,
          cb,
        ),
      ),
    );
    expect(late.code).toBe(grpc.status["FAILED_PRECONDITION"]);

    await unary((cb) =>
      threads.delete(
        threadService.DeleteThreadRequest.fromPartial({ threadId: thread.id }),
        md,
        cb,
      ),
    );
    await unary((cb) =>
      assistants.delete(
        assistantService.DeleteAssistantRequest.fromPartial({ assistantId: assistant.id }),
        md,
        cb,
      ),
    );
    const gone = await failure(
      unary((cb) => runs.get(runService.GetRunRequest.fromPartial({ runId: run.id }), md, cb)),
    );
    expect(gone.code).toBe(grpc.status["NOT_FOUND"]);
    expect(gone.details).toBe(`run ${run.id} not found`);
  });

  it("answers tool calls on an Attach stream", async () => {
    const md = metadata;
    const assistant = await unary<{ id: string }>((cb) =>
      assistants.create(
        assistantService.CreateAssistantRequest.fromPartial({
          folderId: FOLDER,
          modelUri: `gpt://${FOLDER}/yandexgpt/latest`,
          tools: [{ function: { name: "lookup", description: "Look things up" } }],
        }),
        md,
        cb,
      ),
    );
    const thread = await unary<{ id: string }>((cb) =>
      threads.create(
        threadService.CreateThreadRequest.fromPartial({
          folderId: FOLDER,
          messages: [{ content: text("please lookup 42") }],
        }),
        md,
        cb,
      ),
    );
    const run = await unary<{ id: string }>((cb) =>
      runs.create(
        runService.CreateRunRequest.fromPartial({ assistantId: assistant.id, threadId: thread.id }),
        md,
        cb,
      ),
    );
    const stream = runs.attach(md);
    stream.write(runService.AttachRunRequest.fromPartial({ runId: run.id }));
    const events: runService.StreamEvent[] = [];
    for await (const event of stream as AsyncIterable<runService.StreamEvent>) {
      events.push(event);
      if (event.eventType === EventType.TOOL_CALLS) {
        stream.write(
          runService.AttachRunRequest.fromPartial({
            toolResultList: {
              toolResults: [{ functionResult: { name: "lookup", content: "the answer" } }],
            },
          }),
        );
        stream.end();
      }
    }
    expect(events.map((e) => e.eventType)).toEqual([EventType.TOOL_CALLS, EventType.DONE]);
    expect(events[1]?.streamCursor?.numUserEventsReceived).toBe(1);
    expect(events[1]?.completedMessage?.content?.content[0]?.text?.content).toBe(
      "Tool results: lookup: the answer",
    );
  });

  it("gets UNAUTHENTICATED without the token and INVALID_ARGUMENT naming a missing field", async () => {
    const anonymous = await failure(
      unary((cb) =>
        threads.list(threadService.ListThreadsRequest.fromPartial({ folderId: FOLDER }), cb),
      ),
    );
    expect(anonymous.code).toBe(grpc.status["UNAUTHENTICATED"]);
    expect(anonymous.details).not.toContain(IAM_TOKEN);
    const missing = await failure(
      unary((cb) => runs.submit(runService.SubmitToRunRequest.fromPartial({}), metadata, cb)),
    );
    expect(missing.code).toBe(grpc.status["INVALID_ARGUMENT"]);
    expect(missing.details).toBe("run_id is required");
  });
});
