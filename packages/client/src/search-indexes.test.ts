import { inspect } from "node:util";
import { Code, ConnectError } from "@connectrpc/connect";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeRetrieval } from "../test/fake-retrieval.js";
import { API_KEY, clientOver } from "../test/support.js";
import type { AssistantsClient } from "./index.js";

/** Instant polls: the number of polls is what these tests look at, not the pauses. */
const fastPoll = { pollIntervalMs: 0 };

let fake: FakeRetrieval;
let client: AssistantsClient;

beforeEach(() => {
  fake = new FakeRetrieval();
  client = clientOver(fake.routes());
});

async function expectCode(promise: Promise<unknown>, code: Code, text?: string | RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
  expect(error?.code).toBe(code);
  if (text !== undefined) expect(error?.message).toMatch(text);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe("client.searchIndexes.create", () => {
  it("resolves when the operation is done: Create, then OperationService.Get polls until done", async () => {
    const file = await client.files.upload("my secret number is 57");
    const index = await client.searchIndexes.create({ files: [file], name: "notes", ...fastPoll });
    expect(index.name).toBe("notes");
    expect(index.type).toBe("text");
    expect(index.chunking).toEqual({ maxChunkSizeTokens: 800, chunkOverlapTokens: 400 });
    expect(fake.callsOf("OperationService/Get")).toBe(2);
    expect(fake.createIndexRequests[0]?.fileIds).toEqual([file.id]);
  });

  it("maps type, chunking, analyzer and hybrid options to the IndexType oneof", async () => {
    const file = await client.files.upload("x");
    const chunking = { maxChunkSizeTokens: 300, chunkOverlapTokens: 50 };
    await client.searchIndexes.create({ files: [file], ...fastPoll });
    await client.searchIndexes.create({
      files: [file],
      type: "text",
      chunking,
      analyzer: "standard",
      ...fastPoll,
    });
    await client.searchIndexes.create({ files: [file], type: "vector", chunking, ...fastPoll });
    const hybrid = await client.searchIndexes.create({
      files: [file],
      type: "hybrid",
      chunking,
      normalization: "min_max",
      combination: { mean: { technique: "geometric", weights: [0.3, 0.7] } },
      ...fastPoll,
    });
    const [none, text, vector, hyb] = fake.createIndexRequests;
    expect(none?.IndexType.case).toBeUndefined();
    expect(text?.IndexType).toMatchObject({
      case: "textSearchIndex",
      value: {
        chunkingStrategy: {
          Strategy: { value: { maxChunkSizeTokens: 300n, chunkOverlapTokens: 50n } },
        },
        TextAnalyzer: { case: "standardAnalyzer" },
      },
    });
    expect(vector?.IndexType.case).toBe("vectorSearchIndex");
    expect(hyb?.IndexType).toMatchObject({
      case: "hybridSearchIndex",
      value: {
        chunkingStrategy: { Strategy: { case: "staticStrategy" } },
        normalizationStrategy: 1,
        combinationStrategy: {
          Strategy: {
            case: "meanCombination",
            value: { meanEvaluationTechnique: 2, weights: [0.3, 0.7] },
          },
        },
      },
    });
    expect(hybrid.type).toBe("hybrid");
    expect(hybrid.chunking).toEqual(chunking);
  });

  it("surfaces the operation's error as a ConnectError with its code and message", async () => {
    await expectCode(
      client.searchIndexes.create({ files: ["no-such-file"], ...fastPoll }),
      Code.NotFound,
      "file no-such-file not found",
    );
    expect(fake.callsOf("OperationService/Get")).toBe(2);
  });

  it("refuses bad input before any network call, naming the field", async () => {
    const bad: [unknown, RegExp][] = [
      [undefined, /options is required/],
      [{ files: "f" }, /options\.files must be an array/],
      [{ files: [""] }, /options\.files\[0\] is required/],
      [{ type: "graph" }, /options\.type must be "text", "vector" or "hybrid"/],
      [{ chunking: { maxChunkSizeTokens: 100, chunkOverlapTokens: 100 } }, /chunkOverlapTokens/],
      [{ chunking: { maxChunkSizeTokens: 0, chunkOverlapTokens: 0 } }, /maxChunkSizeTokens/],
      [{ type: "text", normalization: "l2" }, /options\.normalization is only for a hybrid index/],
      [{ type: "vector", analyzer: "standard" }, /options\.analyzer is only for a text or hybrid/],
      [{ type: "hybrid", combination: { max: {} } }, /options\.combination must be/],
      [{ labels: { a: 1 } }, /options\.labels\.a must be a string/],
      [{ timeoutMs: -1 }, /options\.timeoutMs/],
      [{ pollMultiplier: 0.5 }, /options\.pollMultiplier must be >= 1/],
      [{ fileIds: [] }, /options\.fileIds is not a known option/],
    ];
    for (const [options, message] of bad) {
      await expectCode(
        client.searchIndexes.create(options as never),
        Code.InvalidArgument,
        message,
      );
    }
    expect(fake.totalCalls()).toBe(0);
  });

  it("never retries the Create (a retry would start a second indexing), but retries polls", async () => {
    const file = await client.files.upload("x");
    fake.faults.set("SearchIndexService/Create", [new ConnectError("down", Code.Unavailable)]);
    await expectCode(client.searchIndexes.create({ files: [file], ...fastPoll }), Code.Unavailable);
    expect(fake.callsOf("SearchIndexService/Create")).toBe(1);
    fake.faults.set("OperationService/Get", [new ConnectError("blip", Code.Unavailable)]);
    const index = await client.searchIndexes.create({ files: [file], ...fastPoll });
    expect(index.id).not.toBe("");
    expect(fake.callsOf("OperationService/Get")).toBe(3);
  });

  it("honours timeoutMs (DeadlineExceeded) and an AbortSignal (Canceled) while polling", async () => {
    fake.pollsUntilDone = 1_000_000;
    const file = await client.files.upload("x");
    await expectCode(
      client.searchIndexes.create({ files: [file], timeoutMs: 60, pollIntervalMs: 5 }),
      Code.DeadlineExceeded,
    );
    const controller = new AbortController();
    const pending = client.searchIndexes.create({
      files: [file],
      signal: controller.signal,
      pollIntervalMs: 5,
    });
    setTimeout(() => controller.abort(), 30);
    await expectCode(pending, Code.Canceled);
  });
});

describe("client.searchIndexes.createDeferred: the Operation handle", () => {
  it("has id, description and done; poll() refreshes; wait() resolves the index", async () => {
    const file = await client.files.upload("x");
    const operation = await client.searchIndexes.createDeferred({ files: [file] });
    expect(operation.id).toMatch(/^op/);
    expect(operation.description).toBe("search index creation");
    expect(operation.done).toBe(false);
    expect(() => operation.result()).toThrow(/not done yet/);
    expect((await operation.poll()).done).toBe(false);
    const index = await operation.wait(fastPoll);
    expect(operation.done).toBe(true);
    expect(fake.callsOf("OperationService/Get")).toBe(2);
    expect(index.id).toMatch(/^index/);
    // A done operation answers at once, without a call.
    expect((await operation.wait()).id).toBe(index.id);
    expect(fake.callsOf("OperationService/Get")).toBe(2);
    expect(operation.toJSON()).toEqual({
      id: operation.id,
      description: "search index creation",
      done: true,
    });
    expect(inspect(operation)).not.toContain(API_KEY);
  });

  it("cancel() sends OperationService.Cancel; the service's refusal keeps its code", async () => {
    const file = await client.files.upload("x");
    const operation = await client.searchIndexes.createDeferred({ files: [file] });
    await expectCode(operation.cancel(), Code.FailedPrecondition, /cannot be cancelled/);
    expect(fake.callsOf("OperationService/Cancel")).toBe(1);
  });

  it("client.searchIndexes.operation(id) resumes an operation by its id", async () => {
    const file = await client.files.upload("x");
    const started = await client.searchIndexes.createDeferred({ files: [file] });
    const resumed = await client.searchIndexes.operation(started.id);
    expect(resumed.id).toBe(started.id);
    expect((await resumed.wait(fastPoll)).type).toBe("text");
  });

  it("the error of a failed operation is on the handle and rejects wait()", async () => {
    const operation = await client.searchIndexes.createDeferred({ files: ["missing"] });
    await expectCode(operation.wait(fastPoll), Code.NotFound);
    expect(operation.error?.code).toBe(Code.NotFound);
  });
});

describe("search index handles: get, list, update, delete, addFiles, listFiles", () => {
  it("works on handles and ids; lists page as the service does", async () => {
    const a = await client.files.upload("a");
    const b = await client.files.upload("b");
    const index = await client.searchIndexes.create({ files: [a], ...fastPoll });
    expect((await client.searchIndexes.get(index.id)).id).toBe(index.id);
    const renamed = await index.update({ name: "renamed" });
    expect(renamed.name).toBe("renamed");
    expect(inspect(renamed)).toBe(
      `SearchIndex { id: '${index.id}', name: 'renamed', type: 'text' }`,
    );
    expect(JSON.stringify(renamed)).toBe(`{"id":"${index.id}","name":"renamed","type":"text"}`);
    expect((await client.searchIndexes.update(index.id, { labels: { k: "v" } })).labels).toEqual({
      k: "v",
    });
    const added = await client.searchIndexes.addFiles(index, [b], fastPoll);
    expect(added.map((f) => f.id)).toEqual([b.id]);
    expect(added[0]?.createdAt).toBeInstanceOf(Date);
    expect(fake.callsOf("SearchIndexFileService/BatchCreate")).toBe(1);
    expect((await collect(index.listFiles({ pageSize: 1 }))).map((f) => f.id)).toEqual([
      a.id,
      b.id,
    ]);
    // 2 pages with a token each, then the empty page.
    expect(fake.callsOf("SearchIndexFileService/List")).toBe(3);
    await client.searchIndexes.create({ files: [b], ...fastPoll });
    expect(await collect(client.searchIndexes.list())).toHaveLength(2);
    await index.delete();
    await client.searchIndexes.delete((await collect(client.searchIndexes.list()))[0] ?? "");
    expect(fake.indexes.size).toBe(0);
  });

  it("addFiles surfaces an unknown file id as the operation's NotFound, and needs a file", async () => {
    const index = await client.searchIndexes.create({ files: [], ...fastPoll });
    await expectCode(index.addFiles(["missing"], fastPoll), Code.NotFound, /missing/);
    const before = fake.totalCalls();
    await expectCode(index.addFiles([]), Code.InvalidArgument, /files needs at least one file/);
    await expectCode(index.update({}), Code.InvalidArgument, /patch must change/);
    expect(fake.totalCalls()).toBe(before);
  });

  it("BatchCreate is never retried", async () => {
    const index = await client.searchIndexes.create({ files: [], ...fastPoll });
    const file = await client.files.upload("x");
    fake.faults.set("SearchIndexFileService/BatchCreate", [
      new ConnectError("x", Code.Unavailable),
    ]);
    await expectCode(index.addFiles([file], fastPoll), Code.Unavailable);
    expect(fake.callsOf("SearchIndexFileService/BatchCreate")).toBe(1);
  });
});
