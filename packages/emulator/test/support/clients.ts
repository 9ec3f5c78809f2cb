import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Client,
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type Transport,
} from "@connectrpc/connect";
import { type Assistant, AssistantService } from "@yc-assistants/types/assistants";
import type { Tool } from "@yc-assistants/types/common";
import { RunService, type StreamEvent } from "@yc-assistants/types/runs";
import { MessageService, type Thread, ThreadService } from "@yc-assistants/types/threads";
import { expect } from "vitest";
import type { EmulatorOptions } from "../../src/emulator-options.js";
import { createEmulatorRoutes } from "../../src/routes.js";

/** The folder every test uses (folders are implicit in the emulator). */
export const FOLDER = "b1gtestfolder0000000";
export const MODEL_URI = `gpt://${FOLDER}/yandexgpt/latest`;

/** Typed clients of the four services over one transport. */
export interface Clients {
  assistants: Client<typeof AssistantService>;
  threads: Client<typeof ThreadService>;
  messages: Client<typeof MessageService>;
  runs: Client<typeof RunService>;
}

export function clientsFor(transport: Transport): Clients {
  return {
    assistants: createClient(AssistantService, transport),
    threads: createClient(ThreadService, transport),
    messages: createClient(MessageService, transport),
    runs: createClient(RunService, transport),
  };
}

/** Clients of a fresh in-process emulator (router transport, no network). */
export function inProcess(options: EmulatorOptions = {}): Clients {
  return clientsFor(createRouterTransport(createEmulatorRoutes({ chunkDelayMs: 1, ...options })));
}

/** Every item of an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Awaits `promise` (or drains a stream) and checks it fails with `code` (and text). */
export async function expectCode(
  action: Promise<unknown> | AsyncIterable<unknown>,
  code: Code,
  text?: string | RegExp,
): Promise<ConnectError> {
  let error: unknown;
  try {
    if (Symbol.asyncIterator in action) await collect(action);
    else await action;
  } catch (caught) {
    error = caught;
  }
  expect(error, "the call should have failed").toBeInstanceOf(ConnectError);
  const connectError = ConnectError.from(error);
  expect(Code[connectError.code]).toBe(Code[code]);
  if (text !== undefined) expect(connectError.rawMessage).toMatch(text);
  return connectError;
}

/** A function tool named `name` taking `{ numbers: number[] }`. */
export function functionTool(name: string): Tool {
  return {
    $typeName: "yandex.cloud.ai.assistants.v1.Tool",
    ToolType: {
      case: "function",
      value: {
        $typeName: "yandex.cloud.ai.assistants.v1.FunctionTool",
        name,
        description: `Tool ${name}`,
        parameters: { type: "object", properties: { numbers: { type: "array" } } },
      },
    },
  };
}

/** An assistant and a thread holding one USER message. */
export async function conversation(
  c: Clients,
  text: string,
  assistant: { tools?: Tool[]; instruction?: string; maxPromptTokens?: bigint } = {},
): Promise<{ assistant: Assistant; thread: Thread }> {
  const created = await c.assistants.create({
    folderId: FOLDER,
    modelUri: MODEL_URI,
    instruction: assistant.instruction ?? "",
    tools: assistant.tools ?? [],
    ...(assistant.maxPromptTokens === undefined
      ? {}
      : { promptTruncationOptions: { maxPromptTokens: assistant.maxPromptTokens } }),
  });
  const thread = await c.threads.create({ folderId: FOLDER });
  await c.messages.create({
    threadId: thread.id,
    content: { content: [{ PartType: { case: "text", value: { content: text } } }] },
  });
  return { assistant: created, thread };
}

/** Text of a stream event's partial or completed message. */
export function eventText(event: StreamEvent): string | undefined {
  const data = event.EventData;
  const content =
    data.case === "partialMessage"
      ? data.value
      : data.case === "completedMessage"
        ? data.value.content
        : undefined;
  if (content === undefined) return undefined;
  return content.content
    .map((part) => (part.PartType.case === "text" ? part.PartType.value.content : ""))
    .join("\n");
}

/** Cursor index of an event (absent on the wire means 0). */
export function cursorOf(event: StreamEvent): number {
  return Number(event.streamCursor?.currentEventIdx ?? 0n);
}

/** The recorded traffic of the real service (common brief: read at run time). */
export function fixturesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const repoRoot = path.resolve(here, "../../../..");
  return (
    process.env["YC_FIXTURES_DIR"] ?? path.resolve(repoRoot, "../shared/fixtures/yandex-recorded")
  );
}

/** Clients of a fresh in-process emulator that send `authorization: <value>`. */
export function inProcessWithAuth(
  options: EmulatorOptions,
  authorization: string | undefined,
): Clients {
  return clientsFor(
    createRouterTransport(createEmulatorRoutes({ chunkDelayMs: 1, ...options }), {
      transport: {
        interceptors: [
          (next) => (request) => {
            if (authorization !== undefined) request.header.set("authorization", authorization);
            return next(request);
          },
        ],
      },
    }),
  );
}
