/**
 * End to end: files, search indexes, operations and citations against
 * @yc-assistants/emulator over real gRPC on HTTP/2 (h2c on 127.0.0.1, a free port), and the
 * file download from the emulator's own `http://` URL over HTTP/2 cleartext.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { type Emulator, startEmulator } from "@yc-assistants/emulator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AssistantsClient, searchIndexTool } from "../src/index.js";

const API_KEY = "e2e-retrieval-key";
let emulator: Emulator;
let client: AssistantsClient;

beforeAll(async () => {
  emulator = await startEmulator({ auth: { apiKey: API_KEY }, chunkDelayMs: 1 });
  client = new AssistantsClient({
    folderId: "b1g-e2e-retrieval",
    auth: { apiKey: API_KEY },
    endpoint: emulator.url,
    env: {},
    retry: { initialBackoffMs: 1, maxBackoffMs: 5, jitterMs: 0 },
    timeoutMs: 10_000,
  });
});

afterAll(async () => {
  await emulator?.close();
});

async function codeOf(promise: Promise<unknown>): Promise<Code | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e).code,
  );
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe("e2e against the emulator: files, search indexes, operations, citations", () => {
  test("files: upload, get, list, update, download over h2c, delete", async () => {
    const file = await client.files.upload({
      text: "my secret number is 57",
      name: "notes.txt",
      labels: { e2e: "yes" },
    });
    expect(file).toMatchObject({ name: "notes.txt", labels: { e2e: "yes" } });
    expect(file.createdAt).toBeInstanceOf(Date);
    expect((await client.files.get(file.id)).name).toBe("notes.txt");
    expect((await collect(client.files.list({ pageSize: 1 }))).map((f) => f.id)).toContain(file.id);
    expect((await file.update({ description: "d" })).description).toBe("d");
    const url = await file.downloadUrl();
    expect(url.startsWith("http://127.0.0.1:")).toBe(true);
    expect(new TextDecoder().decode(await file.download())).toBe("my secret number is 57");
    await file.delete();
    expect(await codeOf(client.files.get(file.id))).toBe(Code.NotFound);
  });

  test("search indexes: operations polled to done, addFiles, listFiles, an operation's error", async () => {
    const a = await client.files.upload("alpha document");
    const b = await client.files.upload("beta document");
    const operation = await client.searchIndexes.createDeferred({
      files: [a],
      type: "hybrid",
      chunking: { maxChunkSizeTokens: 100, chunkOverlapTokens: 10 },
      combination: { rrf: { k: 51 } },
    });
    expect(operation.id).not.toBe("");
    const index = await operation.wait({ pollIntervalMs: 5 });
    expect(operation.done).toBe(true);
    expect(index.type).toBe("hybrid");
    expect(index.chunking).toEqual({ maxChunkSizeTokens: 100, chunkOverlapTokens: 10 });
    const added = await index.addFiles([b], { pollIntervalMs: 5 });
    expect(added.map((f) => f.id)).toEqual([b.id]);
    expect((await collect(index.listFiles())).map((f) => f.id).sort()).toEqual([a.id, b.id].sort());
    expect(await codeOf(index.addFiles(["fvt-no-such-file"], { pollIntervalMs: 5 }))).toBe(
      Code.NotFound,
    );
    expect((await collect(client.searchIndexes.list())).map((i) => i.id)).toContain(index.id);
    await index.delete();
  });

  test("a streamed run with the search index tool: DONE carries citations", async () => {
    const file = await client.files.upload({ text: "my secret number is 57", name: "s.txt" });
    const index = await client.searchIndexes.create({ files: [file], pollIntervalMs: 5 });
    const assistant = await client.assistants.create({
      model: "yandexgpt",
      tools: [
        searchIndexTool({ searchIndexes: [index], maxNumResults: 2, callStrategy: "always" }),
      ],
    });
    const thread = await client.threads.create();
    await thread.write("what is my secret number?");
    const run = await assistant.runStream(thread);
    const events = await collect(run.listen());
    const done = events.at(-1);
    expect(done?.text).toContain("57");
    const source = done?.citations[0]?.sources[0];
    expect(source?.text).toContain("my secret number is 57");
    expect(source?.file?.id).toBe(file.id);
    expect(source?.searchIndex?.id).toBe(index.id);
    const result = await run.wait();
    expect(result.citations[0]?.sources[0]?.file?.name).toBe("s.txt");
  });
});
