/**
 * The whole retrieval flow of issue 9 over real HTTP/2 through Connect
 * clients: endpoint discovery without credentials, a file upload and its
 * download URL, a search index whose Operation is polled to done, an
 * assistant with the search_index tool, and a run whose answer says 57 and
 * cites the chunk with the whole index and file embedded.
 */
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { registry } from "@yc-assistants/types";
import { RunState_RunStatus } from "@yc-assistants/types/runs";
import { type SearchIndex, SearchIndexSchema } from "@yc-assistants/types/searchindex";
import type { Message } from "@yc-assistants/types/threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator-options.js";
import { startEmulator } from "../src/server.js";
import { expectCode, FOLDER, MODEL_URI } from "./support/clients.js";
import { http2Get, pollOperation, type RagClients, ragClientsFor } from "./support/rag-clients.js";

const API_KEY = "rag-test-key";

describe("the RAG flow over real HTTP/2", () => {
  let emulator: Emulator;
  let c: RagClients;
  let anonymous: RagClients;

  beforeAll(async () => {
    emulator = await startEmulator({
      auth: { apiKey: API_KEY },
      chunkDelayMs: 2,
      operationDelayMs: 5,
    });
    c = ragClientsFor(
      createGrpcTransport({
        baseUrl: emulator.url,
        interceptors: [
          (next) => (request) => {
            request.header.set("authorization", `Api-Key ${API_KEY}`);
            return next(request);
          },
        ],
      }),
    );
    anonymous = ragClientsFor(createGrpcTransport({ baseUrl: emulator.url }));
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it("answers endpoint discovery without credentials, every id pointing at the emulator", async () => {
    const host = new URL(emulator.url).host;
    const { endpoints } = await anonymous.endpoints.list({});
    const ids = endpoints.map((e) => e.id);
    for (const id of ["ai-assistants", "ai-files", "operation", "endpoint"]) {
      expect(ids).toContain(id);
    }
    expect(new Set(endpoints.map((e) => e.address))).toEqual(new Set([host]));
    expect(await anonymous.endpoints.get({ apiEndpointId: "ai-files" })).toMatchObject({
      id: "ai-files",
      address: host,
    });
    await expectCode(anonymous.endpoints.get({ apiEndpointId: "nope" }), Code.NotFound);
    // Everything else still needs the key.
    await expectCode(anonymous.files.list({ folderId: FOLDER }), Code.Unauthenticated);
  });

  it("uploads, indexes, asks and cites: the answer says 57", async () => {
    const content = new TextEncoder().encode("my secret number is 57");
    const file = await c.files.create({ folderId: FOLDER, content });
    expect(file.mimeType).toBe("text/plain");

    const { url } = await c.files.getUrl({ fileId: file.id });
    expect(url.startsWith(`${emulator.url}/`)).toBe(true);
    const download = await http2Get(url);
    expect(download.status).toBe(200);
    expect(download.contentType).toBe("text/plain");
    expect(download.body.toString("utf8")).toBe("my secret number is 57");
    expect((await http2Get(url.replace(/signature=[0-9a-f]+/, "signature=x"))).status).toBe(403);

    const created = await c.searchIndexes.create({ folderId: FOLDER, fileIds: [file.id] });
    expect(created.done).toBe(false);
    expect(created.description).toBe("search index creation");
    const polls = await pollOperation(c, created.id);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls[0]?.done).toBe(false);
    const done = polls.at(-1)!;
    expect(done.result.case).toBe("response");
    const any = done.result.value as NonNullable<typeof done.result.value> & { typeUrl: string };
    expect(any.typeUrl).toBe(
      "type.googleapis.com/yandex.cloud.ai.assistants.v1.searchindex.SearchIndex",
    );
    const index = anyUnpack(any as never, SearchIndexSchema) as SearchIndex;
    expect(index.IndexType.case).toBe("textSearchIndex");
    expect(anyUnpack(any as never, registry)?.$typeName).toBe(SearchIndexSchema.typeName);
    await expectCode(
      c.operations.cancel({ operationId: created.id }),
      Code.FailedPrecondition,
      /already done/,
    );

    const assistant = await c.assistants.create({
      folderId: FOLDER,
      modelUri: MODEL_URI,
      tools: [{ ToolType: { case: "searchIndex", value: { searchIndexIds: [index.id] } } }],
    });
    const tool = assistant.tools[0]?.ToolType;
    expect(tool?.case === "searchIndex" && tool.value.callStrategy?.Strategy.case).toBe(
      "alwaysCall",
    );
    const thread = await c.threads.create({ folderId: FOLDER });
    await c.messages.create({
      threadId: thread.id,
      content: {
        content: [{ PartType: { case: "text", value: { content: "what is my secret number?" } } }],
      },
    });
    const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id });
    let state = run.state;
    for (let i = 0; i < 200 && state?.status !== RunState_RunStatus.COMPLETED; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      state = (await c.runs.get({ runId: run.id })).state;
    }
    expect(state?.StateData.case).toBe("completedMessage");
    const message = state?.StateData.value as Message;
    const text = message.content?.content[0]?.PartType;
    expect(text?.case === "text" && text.value.content).toContain("57");
    expect(message.citations).toHaveLength(1);
    const source = message.citations[0]?.sources[0]?.SourceType;
    expect(source?.case).toBe("chunk");
    const chunk = source?.value;
    expect(chunk?.searchIndex?.id).toBe(index.id);
    expect(chunk?.searchIndex?.IndexType.case).toBe("textSearchIndex");
    expect(chunk?.sourceFile?.id).toBe(file.id);
    expect(chunk?.sourceFile?.mimeType).toBe("text/plain");
    const part = chunk?.content?.content[0]?.PartType;
    expect(part?.case === "text" && part.value.content).toBe("my secret number is 57");
  });

  it("ends an operation with a NOT_FOUND error for an unknown file id", async () => {
    const created = await c.searchIndexes.create({ folderId: FOLDER, fileIds: ["fvtmissing"] });
    const done = (await pollOperation(c, created.id)).at(-1)!;
    expect(done.result.case).toBe("error");
    const status = done.result.value as { code: number; message: string };
    expect(status.code).toBe(Code.NotFound);
    expect(status.message).toBe("file fvtmissing not found");
  });
});
