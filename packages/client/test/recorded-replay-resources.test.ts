/**
 * Replays the recorded assistant, thread and message sessions through the client API: every
 * request must equal the Python SDK's recorded one (update masks included), every recorded
 * interaction is used, and list helpers return what the recorded pages hold (fixtures README).
 */
import { createRouterTransport } from "@connectrpc/connect";
import { AssistantService, type ListAssistantsResponse } from "@yc-assistants/types/assistants";
import { type ListThreadsResponse, ThreadService } from "@yc-assistants/types/threads";
import { afterEach, describe, expect, test } from "vitest";
import { AssistantsClient, functionTool } from "../src/index.js";
import { ReplayServer } from "./replay-server.js";
import { instantRetry } from "./support.js";

let replay: ReplayServer | undefined;

function replayClient(file: string): AssistantsClient {
  replay = new ReplayServer(file);
  return new AssistantsClient({
    folderId: replay.folderId,
    auth: { apiKey: "replay-key" },
    env: {},
    retry: instantRetry,
    transport: createRouterTransport(replay.routes()),
  });
}

afterEach(() => {
  expect(replay?.mismatches).toEqual([]);
  expect(replay?.remaining()).toEqual([]);
  replay = undefined;
});

describe("recorded traffic: assistants", () => {
  test("test_assistant_common.json: updates send the Python SDK's field masks", async () => {
    const client = replayClient("test_assistants/test_assistant_common.json");
    const a = await client.assistants.create({ model: "yandexgpt" });
    expect((await a.update({ name: "name" })).name).toBe("name");
    expect((await a.update({ description: "description" })).description).toBe("description");
    expect((await a.update({ labels: { foo: "bar" } })).labels).toEqual({ foo: "bar" });
    expect((await a.update({ instruction: "instruction" })).instruction).toBe("instruction");
    expect((await a.update({ maxPromptTokens: 50 })).maxPromptTokens).toBe(50);
    expect((await a.update({ truncation: { lastMessages: 10 } })).truncation).toEqual({
      lastMessages: 10,
    });
    const a2 = await client.assistants.create({
      model: "yandexgpt",
      truncation: { lastMessages: 10 },
    });
    expect((await a.update({ truncation: "auto" })).truncation).toBe("auto");
    const a3 = await client.assistants.create({ model: "yandexgpt", truncation: "auto" });
    await a.update({ truncation: "auto" });
    const a4 = await client.assistants.create({ model: "yandexgpt", truncation: "auto" });
    const a5 = await client.assistants.create({ model: "yandexgpt" });
    const withTool = await a5.update({
      tools: [
        functionTool({
          name: "something",
          description:
            "Tool which have to collect all the numbers from user message and do a SOMETHING with it",
          parameters: {
            title: "Numbers",
            type: "object",
            properties: {
              numbers: { title: "Numbers", type: "array", items: { type: "integer" } },
            },
            required: ["numbers"],
          },
        }),
      ],
    });
    expect(withTool.tools).toHaveLength(1);
    expect((await a5.update({ model: "yandexgpt-lite" })).modelUri).toMatch(
      /yandexgpt-lite\/latest$/,
    );
    await a5.update({ model: "yandexgpt" });
    expect((await a5.update({ temperature: 0.5 })).temperature).toBe(0.5);
    expect((await a5.update({ maxTokens: 50 })).maxTokens).toBe(50);
    await a5.update({ model: "yandexgpt-lite", temperature: 1, maxTokens: 100 });
    await a5.update({ model: "yandexgpt-lite", temperature: 0.1, maxTokens: 100 });
    const last = await a5.update({ model: "yandexgpt-lite", temperature: 1, maxTokens: 10 });
    expect(last.maxTokens).toBe(10);
    for (const x of [a, a2, a3, a4]) await x.delete();
  });

  test("test_assistant_zeros.json: temperature 0 is sent, null clears", async () => {
    const client = replayClient("test_assistants/test_assistant_zeros.json");
    const a = await client.assistants.create({ model: "yandexgpt" });
    expect((await a.update({ temperature: 0.5 })).temperature).toBe(0.5);
    await a.update({ temperature: null });
    await a.update({ temperature: 0 });
    const b = await client.assistants.create({ model: "yandexgpt", temperature: 0 });
    await b.update({ temperature: null });
    await a.update({ maxTokens: 50 });
  });

  test("test_assistant_get.json", async () => {
    const client = replayClient("test_assistants/test_assistant_get.json");
    const a = await client.assistants.create({ model: "yandexgpt" });
    const got = await client.assistants.get(a.id);
    expect(got.id).toBe(a.id);
    expect(got.expiration).toEqual({ policy: "since_last_active", ttlDays: 7 });
    await got.delete();
  });

  test("test_assistant_list.json: list returns the recorded pages, stops on the empty token", async () => {
    const client = replayClient("test_assistants/test_assistant_list.json");
    for (let i = 0; i < 10; i++)
      await client.assistants.create({ model: "yandexgpt", name: `t${i}` });
    const listed = [];
    for await (const a of client.assistants.list()) listed.push(a);
    const pages = replay?.responsesOf(AssistantService.method.list) as ListAssistantsResponse[];
    expect(pages).toHaveLength(2);
    expect(listed.map((a) => a.id)).toEqual(pages.flatMap((p) => p.assistants.map((a) => a.id)));
    expect(listed).toHaveLength(26);
    expect(listed.slice(0, 10).map((a) => a.name)).toEqual([
      "t9",
      "t8",
      "t7",
      "t6",
      "t5",
      "t4",
      "t3",
      "t2",
      "t1",
      "t0",
    ]);
    for (const a of listed) await a.delete();
  });
});

describe("recorded traffic: threads and messages", () => {
  test("test_thread.json", async () => {
    const client = replayClient("test_threads/test_thread.json");
    const t = await client.threads.create();
    expect((await t.update({ name: "name" })).name).toBe("name");
    expect((await t.update({ description: "description" })).description).toBe("description");
    expect((await t.update({ labels: { foo: "bar" } })).labels).toEqual({ foo: "bar" });
    await t.delete();
  });

  test("test_thread_expiration.json: partial expiration updates mask one sub-field", async () => {
    const client = replayClient("test_threads/test_thread_expiration.json");
    const t1 = await client.threads.create();
    expect(t1.expiration).toEqual({ policy: "since_last_active", ttlDays: 7 });
    const t2 = await client.threads.create({ expiration: { policy: "static", ttlDays: 5 } });
    expect(t2.expiration).toEqual({ policy: "static", ttlDays: 5 });
    expect((await t1.update({ expiration: { ttlDays: 3 } })).expiration?.ttlDays).toBe(3);
    expect((await t1.update({ expiration: { policy: "static" } })).expiration?.policy).toBe(
      "static",
    );
    await t1.delete();
    await t2.delete();
  });

  test("test_thread_get.json", async () => {
    const client = replayClient("test_threads/test_thread_get.json");
    const t = await client.threads.create();
    expect((await client.threads.get(t.id)).id).toBe(t.id);
    await t.delete();
  });

  test("test_thread_list.json: list returns the recorded pages", async () => {
    const client = replayClient("test_threads/test_thread_list.json");
    for (let i = 0; i < 10; i++) await client.threads.create({ name: `t${i}` });
    const listed = [];
    for await (const t of client.threads.list()) listed.push(t);
    const pages = replay?.responsesOf(ThreadService.method.list) as ListThreadsResponse[];
    expect(listed.map((t) => t.id)).toEqual(pages.flatMap((p) => p.threads.map((t) => t.id)));
    expect(listed.length).toBeGreaterThanOrEqual(10);
    for (const t of listed) await t.delete();
  });

  test("test_thread_read_write.json and test_message_list.json: read() returns every written message", async () => {
    for (const file of [
      "test_threads/test_thread_read_write.json",
      "test_messages/test_message_list.json",
    ]) {
      const client = replayClient(file);
      const t = await client.threads.create();
      const written = [];
      for (let i = 0; i < 10; i++) written.push(await t.write(String(i)));
      const read = [];
      for await (const m of t.read()) read.push(m);
      expect(read).toHaveLength(10);
      expect(new Set(read.map((m) => m.id))).toEqual(new Set(written.map((m) => m.id)));
      expect(read.map((m) => m.text).sort()).toEqual([
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
      ]);
      expect(read.every((m) => m.role === "USER")).toBe(true);
      await t.delete();
      expect(replay?.mismatches).toEqual([]);
      expect(replay?.remaining()).toEqual([]);
    }
  });

  test("test_message.json: labels", async () => {
    const client = replayClient("test_messages/test_message.json");
    const t = await client.threads.create();
    const m = await t.write({ text: "foo", labels: { foo: "bar" } });
    expect(m.labels).toEqual({ foo: "bar" });
    await t.delete();
  });

  test("test_message_format.json: author id and role", async () => {
    const client = replayClient("test_messages/test_message_format.json");
    const t = await client.threads.create();
    expect((await t.write("foo1")).role).toBe("USER");
    const author = "yandex-cloud-ml-sdk/0.13.0 python/3.12";
    const m2 = await t.write({ text: "foo2", authorId: author, role: "assistant" });
    expect(m2.author).toEqual({ id: author, role: "ASSISTANT" });
    await t.write({ text: "foo2", authorId: author, role: "ASSISTANT" });
    await t.delete();
  });

  test("test_message_get.json", async () => {
    const client = replayClient("test_messages/test_message_get.json");
    const t = await client.threads.create();
    const m = await t.write("foo");
    const got = await t.getMessage(m.id ?? "");
    expect(got.text).toBe("foo");
    expect(got.id).toBe(m.id);
    await t.delete();
  });
});
