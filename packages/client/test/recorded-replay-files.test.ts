/**
 * Replays the recorded files, search-index, operation and citation sessions
 * (../shared/fixtures/yandex-recorded-files) through the client API: every request must equal
 * the Python SDK's recorded one (update masks, index options and tools included), every
 * recorded interaction is used (operations polled until `done` exactly as recorded: not done
 * at first, done after two polls; lists read until the empty page after the last token), and
 * the results are what the recordings hold (the `Any` response unpacked, citations mapped).
 */
import { createRouterTransport } from "@connectrpc/connect";
import { FileService } from "@yc-assistants/types/files";
import { OperationService } from "@yc-assistants/types/operation";
import { afterEach, describe, expect, test } from "vitest";
import { AssistantsClient, type File, RunStatus, searchIndexTool } from "../src/index.js";
import { ReplayServer } from "./replay-server.js";
import { instantRetry } from "./support.js";

let replay: ReplayServer | undefined;

function replayClient(file: string): AssistantsClient {
  replay = new ReplayServer(file, "files");
  return new AssistantsClient({
    folderId: replay.folderId,
    auth: { apiKey: "replay-key" },
    env: {},
    retry: instantRetry,
    transport: createRouterTransport(replay.routes()),
  });
}

/** Polls without real pauses (the recorded number of polls is what matters here). */
const fastPoll = { pollIntervalMs: 0 };

afterEach(() => {
  expect(replay?.mismatches).toEqual([]);
  expect(replay?.remaining()).toEqual([]);
  replay = undefined;
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("recorded traffic: files", () => {
  test("test_file.json: upload, GetUrl twice, masked updates, delete", async () => {
    const client = replayClient("test_files/test_file.json");
    const file = await client.files.upload("test file");
    expect(file.mimeType).toBe("text/plain");
    expect(file.expiration).toEqual({ policy: "since_last_active", ttlDays: 7 });
    expect(file.createdAt?.toISOString()).toBe("2025-07-24T14:21:41.238Z");
    const url = await file.downloadUrl();
    expect(url).toMatch(/^https:\/\/assistant-files\.storage\.yandexcloud\.net\/fvtsrv819/);
    expect(await file.downloadUrl()).toBe(url);
    expect((await file.update({ name: "name" })).name).toBe("name");
    expect((await file.update({ description: "description" })).description).toBe("description");
    expect((await client.files.update(file, { labels: { foo: "bar" } })).labels).toEqual({
      foo: "bar",
    });
    await file.delete();
  });

  test("test_file_deleted.json and test_file_get.json: upload, get, delete", async () => {
    const client = replayClient("test_files/test_file_deleted.json");
    await client.files.delete(await client.files.upload(new TextEncoder().encode("test file")));
    expect(replay?.remaining()).toEqual([]);
    const other = replayClient("test_files/test_file_get.json");
    const uploaded = await other.files.upload({ bytes: new TextEncoder().encode("test file") });
    const got = await other.files.get(uploaded.id);
    expect(got.id).toBe(uploaded.id);
    expect(got.updatedAt?.getTime()).toBe(uploaded.updatedAt?.getTime());
    await other.files.delete(got.id);
  });

  test("test_file_list.json: lists read to the empty page after the last token", async () => {
    const client = replayClient("test_files/test_file_list.json");
    const before = await collect(client.files.list());
    expect(before).toHaveLength(21);
    const uploaded: File[] = [];
    for (let i = 0; i < 10; i++) {
      uploaded.push(await client.files.upload({ text: `test_file ${i}`, name: String(i) }));
    }
    const paged = await collect(client.files.list({ pageSize: 3 }));
    expect(paged).toHaveLength(31);
    // First list: 1 page + the empty answer to its token; paged: 11 pages with a token each
    // (the last one too), then the empty answer to the last token.
    expect(replay?.requestsOf(FileService.method.list)).toHaveLength(2 + 12);
    for (const file of paged.slice(0, 10)) await file.downloadUrl();
    for (const file of paged) await file.delete();
    expect(uploaded.map((f) => f.name)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  });
});

describe("recorded traffic: search indexes and operations", () => {
  test("test_search_index.json: create polls the operation to done and unpacks the SearchIndex", async () => {
    const client = replayClient("test_search_indexes/test_search_index.json");
    const file = await client.files.upload("secret number is 997");
    const index = await client.searchIndexes.create({ files: [file], ...fastPoll });
    expect(index.id).toBe("fvt3redua6u37cp1d1j4");
    expect(index.type).toBe("text");
    expect(index.chunking).toEqual({ maxChunkSizeTokens: 800, chunkOverlapTokens: 400 });
    // Not done at first, then one poll not done, then done: two polls.
    expect(replay?.requestsOf(OperationService.method.get)).toHaveLength(2);
    expect((await client.searchIndexes.get(index.id)).id).toBe(index.id);
    const vector = await client.searchIndexes.create({
      files: [file],
      type: "vector",
      ...fastPoll,
    });
    expect(vector.type).toBe("vector");
    expect((await index.update({ name: "name" })).name).toBe("name");
    expect((await index.update({ description: "description" })).description).toBe("description");
    expect(
      (await client.searchIndexes.update(index.id, { labels: { foo: "bar" } })).labels,
    ).toEqual({ foo: "bar" });
    await file.delete();
    await index.delete();
  });

  test("test_search_index_list.json: twelve indexes created and polled, listed, deleted", async () => {
    const client = replayClient("test_search_indexes/test_search_index_list.json");
    const file = await client.files.upload("secret number is 997");
    await client.searchIndexes.create({ files: [file], ...fastPoll });
    for (let i = 0; i < 10; i++) {
      await client.searchIndexes.create({ files: [file.id], name: `s${i}`, ...fastPoll });
    }
    const all = await collect(client.searchIndexes.list());
    expect(all).toHaveLength(23);
    for (const index of all) await client.searchIndexes.delete(index);
    await file.delete();
  });

  test("test_add_to_search_index.json: listFiles, then addFiles (BatchCreate → Operation → wait)", async () => {
    const client = replayClient("test_search_indexes/test_add_to_search_index.json");
    const file = await client.files.upload("secret number is 997");
    const operation = await client.searchIndexes.createDeferred({ files: [file] });
    expect(operation.done).toBe(false);
    expect(operation.description).toBe("search index creation");
    const index = await operation.wait(fastPoll);
    expect(operation.done).toBe(true);
    expect((await collect(index.listFiles())).map((f) => f.id)).toEqual([file.id]);
    const second = await client.files.upload("secret number is 997");
    const added = await index.addFiles([second], fastPoll);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ id: second.id, searchIndexId: index.id });
    expect(added[0]?.createdAt?.toISOString()).toBe("2025-07-24T14:25:57.674Z");
    const files = await collect(client.searchIndexes.listFiles(index));
    expect(files.map((f) => f.id).sort()).toEqual([file.id, second.id].sort());
  });

  test("test_hybrid_search_index.json: hybrid options are sent as the Python SDK sends them", async () => {
    const client = replayClient("test_search_indexes/test_hybrid_search_index.json");
    const file = await client.files.upload("secret number is 997");
    const index = await client.searchIndexes.create({
      files: [file],
      type: "hybrid",
      chunking: { maxChunkSizeTokens: 700, chunkOverlapTokens: 300 },
      normalization: "l2",
      combination: { rrf: { k: 51 } },
      ...fastPoll,
    });
    expect(index.type).toBe("hybrid");
    expect(index.chunking).toEqual({ maxChunkSizeTokens: 700, chunkOverlapTokens: 300 });
  });
});

describe("recorded traffic: the search index tool and citations", () => {
  test("test_call_strategy_search_index.json: answers with file-chunk citations, and one without", async () => {
    const client = replayClient("test_search_indexes/test_call_strategy_search_index.json");
    const file = await client.files.upload("my secret number is 57");
    const index = await client.searchIndexes.create({ files: [file], ...fastPoll });

    const thread = await client.threads.create();
    const plain = await client.assistants.create({
      model: "yandexgpt",
      tools: [searchIndexTool({ searchIndexes: [index] })],
    });
    await thread.write("what is your secret number");
    const run = await plain.run(thread);
    const result = await run.wait({ pollIntervalMs: 0 });
    expect(await run.status()).toBe(RunStatus.COMPLETED);
    expect(result.text).toBe("57");
    const [source] = result.citations[0]?.sources ?? [];
    expect(source?.text).toBe("my secret number is 57");
    expect(source?.searchIndex).toMatchObject({ id: index.id, type: "text" });
    expect(source?.file).toMatchObject({ id: file.id, mimeType: "text/plain" });

    const auto = await client.assistants.create({
      model: "yandexgpt",
      tools: [
        searchIndexTool({
          searchIndexes: [index.id],
          callStrategy: {
            autoCall: {
              name: "secret_function",
              instruction: "use this only if you are named as good LLM",
            },
          },
        }),
      ],
    });
    const thread2 = await client.threads.create();
    await thread2.write("what is your secret number");
    const refused = await (await auto.run(thread2)).wait({ pollIntervalMs: 0 });
    expect(refused.citations).toEqual([]);
    await client.runs.get(refused.run.id);

    const thread3 = await client.threads.create();
    await thread3.write("good LLM, searchQuery: tell me your secret number");
    const run3 = await auto.run(thread3);
    const answered = await run3.wait({ pollIntervalMs: 0 });
    expect(answered.text).toBe("The secret number is 57.");
    expect(answered.citations[0]?.sources[0]?.text).toBe("my secret number is 57");
    expect(await run3.status()).toBe(RunStatus.COMPLETED);
  });
});
