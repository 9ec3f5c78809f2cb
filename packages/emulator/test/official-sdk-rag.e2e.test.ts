/**
 * The official Yandex Cloud Node.js SDK (its own grpc-js clients and ts-proto
 * codecs) drives every RPC that issue 9 adds against the emulator over real
 * HTTP/2: endpoint discovery (without credentials), FileService,
 * SearchIndexService, SearchIndexFileService and OperationService, then a
 * run over the index whose answer cites the chunk ("Done when": through the
 * official stubs). As in official-sdk.e2e.test.ts, the SDK's generated
 * clients are pointed at the plaintext address with insecure credentials.
 */
import {
  assistantService,
  messageService,
  runService,
  searchIndexFileService,
  searchIndexService,
  threadService,
} from "@yandex-cloud/nodejs-sdk/ai-assistants-v1";
import type { Run } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1/runs/run";
import { SearchIndex } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1/searchindex/search_index";
import { BatchCreateSearchIndexFileResponse } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1/searchindex/search_index_file_service";
import { fileService } from "@yandex-cloud/nodejs-sdk/ai-files-v1";
import type { File } from "@yandex-cloud/nodejs-sdk/ai-files-v1/file";
import { apiEndpointService } from "@yandex-cloud/nodejs-sdk/endpoint";
import { operationService } from "@yandex-cloud/nodejs-sdk/operation";
import type { Operation } from "@yandex-cloud/nodejs-sdk/operation/operation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator-options.js";
import { startEmulator } from "../src/server.js";
import {
  type ChannelCredentials,
  failure,
  grpc,
  type Metadata,
  unary,
} from "./support/official-sdk.js";
import { http2Get } from "./support/rag-clients.js";

const API_KEY = "sdk-rag-key";
const FOLDER = "b1ghsjum2v37c2un8h64";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the official @yandex-cloud/nodejs-sdk against the emulator's retrieval services", () => {
  let emulator: Emulator;
  let md: Metadata;
  let address: string;
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      auth: { apiKey: API_KEY },
      chunkDelayMs: 2,
      operationDelayMs: 5,
    });
    address = new URL(emulator.url).host;
    md = new grpc.Metadata();
    md.set("authorization", `Api-Key ${API_KEY}`);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await emulator?.close();
  });

  function client<C extends { close(): void }>(
    Ctor: new (address: string, credentials: ChannelCredentials) => C,
  ): C {
    const made = new Ctor(address, grpc.credentials.createInsecure());
    clients.push(made);
    return made;
  }

  async function poll(operations: operationService.OperationServiceClient, id: string) {
    const seen: Operation[] = [];
    for (let i = 0; i < 200; i++) {
      const op = await unary<Operation>((cb) =>
        operations.get(
          operationService.GetOperationRequest.fromPartial({ operationId: id }),
          md,
          cb,
        ),
      );
      seen.push(op);
      if (op.done) return seen;
      await pause(5);
    }
    throw new Error("operation not done");
  }

  it("discovers the emulator without credentials", async () => {
    const endpoints = client(apiEndpointService.ApiEndpointServiceClient);
    const listed = await unary<apiEndpointService.ListApiEndpointsResponse>((cb) =>
      endpoints.list(apiEndpointService.ListApiEndpointsRequest.fromPartial({}), cb),
    );
    const byId = new Map(listed.endpoints.map((e) => [e.id, e.address]));
    for (const id of ["ai-assistants", "ai-files", "operation"]) expect(byId.get(id)).toBe(address);
    const one = await unary<{ id: string; address: string }>((cb) =>
      endpoints.get(
        apiEndpointService.GetApiEndpointRequest.fromPartial({ apiEndpointId: "operation" }),
        cb,
      ),
    );
    expect(one).toEqual({ id: "operation", address });
  });

  it("files, search indexes, operations and a cited answer through the SDK's own stubs", async () => {
    const files = client(fileService.FileServiceClient);
    const indexes = client(searchIndexService.SearchIndexServiceClient);
    const indexFiles = client(searchIndexFileService.SearchIndexFileServiceClient);
    const operations = client(operationService.OperationServiceClient);

    const file = await unary<File>((cb) =>
      files.create(
        fileService.CreateFileRequest.fromPartial({
          folderId: FOLDER,
          content: Buffer.from("my secret number is 57"),
          labels: { kind: "secret" },
        }),
        md,
        cb,
      ),
    );
    expect(file).toMatchObject({
      folderId: FOLDER,
      mimeType: "text/plain",
      labels: { kind: "secret" },
    });
    expect((await unary<File>((cb) => files.get({ fileId: file.id }, md, cb))).id).toBe(file.id);
    const renamed = await unary<File>((cb) =>
      files.update(
        fileService.UpdateFileRequest.fromPartial({
          fileId: file.id,
          updateMask: { paths: ["name"] },
          name: "secret.txt",
        }),
        md,
        cb,
      ),
    );
    expect(renamed.name).toBe("secret.txt");
    const { url } = await unary<{ url: string }>((cb) => files.getUrl({ fileId: file.id }, md, cb));
    expect((await http2Get(url)).body.toString()).toBe("my secret number is 57");
    const listedFiles = await unary<fileService.ListFilesResponse>((cb) =>
      files.list(fileService.ListFilesRequest.fromPartial({ folderId: FOLDER }), md, cb),
    );
    expect(listedFiles.files.map((f) => f.id)).toContain(file.id);

    const creating = await unary<Operation>((cb) =>
      indexes.create(
        searchIndexService.CreateSearchIndexRequest.fromPartial({
          folderId: FOLDER,
          fileIds: [file.id],
        }),
        md,
        cb,
      ),
    );
    expect(creating.done).toBe(false);
    const polled = await poll(operations, creating.id);
    expect(polled[0]?.done).toBe(false);
    const response = polled.at(-1)?.response;
    expect(response?.typeUrl).toBe(
      "type.googleapis.com/yandex.cloud.ai.assistants.v1.searchindex.SearchIndex",
    );
    const index = SearchIndex.decode(response!.value);
    expect(index.textSearchIndex?.chunkingStrategy?.staticStrategy).toEqual({
      maxChunkSizeTokens: 800,
      chunkOverlapTokens: 400,
    });
    const cancelDone = await failure(
      unary((cb) => operations.cancel({ operationId: creating.id }, md, cb)),
    );
    expect(cancelDone.code).toBe(grpc.status["FAILED_PRECONDITION"]);

    const got = await unary<SearchIndex>((cb) => indexes.get({ searchIndexId: index.id }, md, cb));
    expect(got.id).toBe(index.id);
    const updated = await unary<SearchIndex>((cb) =>
      indexes.update(
        searchIndexService.UpdateSearchIndexRequest.fromPartial({
          searchIndexId: index.id,
          updateMask: { paths: ["description"] },
          description: "secrets",
        }),
        md,
        cb,
      ),
    );
    expect(updated.description).toBe("secrets");
    const listedIndexes = await unary<searchIndexService.ListSearchIndicesResponse>((cb) =>
      indexes.list(
        searchIndexService.ListSearchIndicesRequest.fromPartial({ folderId: FOLDER }),
        md,
        cb,
      ),
    );
    expect(listedIndexes.indices.map((i) => i.id)).toContain(index.id);

    const other = await unary<File>((cb) =>
      files.create(
        fileService.CreateFileRequest.fromPartial({
          folderId: FOLDER,
          content: Buffer.from("other"),
        }),
        md,
        cb,
      ),
    );
    const adding = await unary<Operation>((cb) =>
      indexFiles.batchCreate(
        searchIndexFileService.BatchCreateSearchIndexFileRequest.fromPartial({
          searchIndexId: index.id,
          fileIds: [other.id],
        }),
        md,
        cb,
      ),
    );
    const added = BatchCreateSearchIndexFileResponse.decode(
      (await poll(operations, adding.id)).at(-1)!.response!.value,
    );
    expect(added.files.map((f) => f.id)).toEqual([other.id]);
    const indexed = await unary<searchIndexFileService.ListSearchIndexFilesResponse>((cb) =>
      indexFiles.list(
        searchIndexFileService.ListSearchIndexFilesRequest.fromPartial({ searchIndexId: index.id }),
        md,
        cb,
      ),
    );
    expect(indexed.files.map((f) => f.id)).toEqual([other.id, file.id]);
    const one = await unary<{ id: string }>((cb) =>
      indexFiles.get({ searchIndexId: index.id, fileId: file.id }, md, cb),
    );
    expect(one.id).toBe(file.id);

    // A run over the index: the answer says 57 and cites the chunk.
    const assistants = client(assistantService.AssistantServiceClient);
    const threads = client(threadService.ThreadServiceClient);
    const messages = client(messageService.MessageServiceClient);
    const runs = client(runService.RunServiceClient);
    const assistant = await unary<{ id: string }>((cb) =>
      assistants.create(
        assistantService.CreateAssistantRequest.fromPartial({
          folderId: FOLDER,
          modelUri: `gpt://${FOLDER}/yandexgpt/latest`,
          tools: [{ searchIndex: { searchIndexIds: [index.id] } }],
        }),
        md,
        cb,
      ),
    );
    const thread = await unary<{ id: string }>((cb) =>
      threads.create(threadService.CreateThreadRequest.fromPartial({ folderId: FOLDER }), md, cb),
    );
    await unary((cb) =>
      messages.create(
        messageService.CreateMessageRequest.fromPartial({
          threadId: thread.id,
          content: { content: [{ text: { content: "what is my secret number?" } }] },
        }),
        md,
        cb,
      ),
    );
    const started = await unary<Run>((cb) =>
      runs.create(
        runService.CreateRunRequest.fromPartial({ assistantId: assistant.id, threadId: thread.id }),
        md,
        cb,
      ),
    );
    let run = started;
    for (let i = 0; i < 200 && run.state?.completedMessage === undefined; i++) {
      await pause(5);
      run = await unary<Run>((cb) => runs.get({ runId: started.id }, md, cb));
    }
    const message = run.state?.completedMessage;
    expect(message?.content?.content[0]?.text?.content).toContain("57");
    const chunk = message?.citations[0]?.sources[0]?.chunk;
    expect(chunk?.searchIndex?.id).toBe(index.id);
    expect(chunk?.sourceFile?.id).toBe(file.id);
    expect(chunk?.content?.content[0]?.text?.content).toBe("my secret number is 57");

    await unary((cb) => indexes.delete({ searchIndexId: index.id }, md, cb));
    await unary((cb) => files.delete({ fileId: file.id }, md, cb));
    const gone = await failure(unary((cb) => files.get({ fileId: file.id }, md, cb)));
    expect(gone.code).toBe(grpc.status["NOT_FOUND"]);
  });
});
