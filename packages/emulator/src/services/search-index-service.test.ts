import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import type { Operation } from "@yc-assistants/types/operation";
import {
  BatchCreateSearchIndexFileResponseSchema,
  NormalizationStrategy,
  type SearchIndex,
  SearchIndexSchema,
} from "@yc-assistants/types/searchindex";
import { describe, expect, it } from "vitest";
import { expectCode, FOLDER } from "../../test/support/clients.js";
import { pollOperation, type RagClients, ragInProcess } from "../../test/support/rag-clients.js";

const bytes = (text: string) => new TextEncoder().encode(text);

async function upload(c: RagClients, text: string): Promise<string> {
  return (await c.files.create({ folderId: FOLDER, content: bytes(text) })).id;
}

async function doneIndex(c: RagClients, op: Operation): Promise<SearchIndex> {
  const done = (await pollOperation(c, op.id, 2)).at(-1)!;
  if (done.result.case !== "response")
    throw new Error(`operation failed: ${done.result.value?.message}`);
  return anyUnpack(done.result.value, SearchIndexSchema)!;
}

describe("SearchIndexService", () => {
  it("creates a text index with the recorded defaults through a polled operation", async () => {
    const c = ragInProcess();
    const fileId = await upload(c, "secret number is 997");
    const op = await c.searchIndexes.create({ folderId: FOLDER, fileIds: [fileId] });
    expect(op).toMatchObject({ done: false, description: "search index creation" });
    expect(op.id).toMatch(/^fvt/);
    expect(op.createdBy).toMatch(/^aje/);
    const index = await doneIndex(c, op);
    expect(index.IndexType).toMatchObject({
      case: "textSearchIndex",
      value: {
        chunkingStrategy: {
          Strategy: {
            case: "staticStrategy",
            value: { maxChunkSizeTokens: 800n, chunkOverlapTokens: 400n },
          },
        },
        TextTokenizer: { case: "standardTokenizer" },
        TextAnalyzer: { case: "yandexLemmerAnalyzer" },
      },
    });
    // The response is the index as created; Get shows the end of indexing.
    expect(index.updatedAt).toEqual(index.createdAt);
    const got = await c.searchIndexes.get({ searchIndexId: index.id });
    expect(got.id).toBe(index.id);
    expect(got.expiresAt).toEqual(index.expiresAt);
  });

  it("fills vector and hybrid indexes as recorded", async () => {
    const c = ragInProcess();
    const fileId = await upload(c, "hello");
    const vector = await doneIndex(
      c,
      await c.searchIndexes.create({
        folderId: FOLDER,
        fileIds: [fileId],
        IndexType: { case: "vectorSearchIndex", value: {} },
      }),
    );
    expect(vector.IndexType).toMatchObject({
      case: "vectorSearchIndex",
      value: {
        docEmbedderUri: "emb://yc.ml.rag-prod.common/text-search-doc/latest",
        queryEmbedderUri: "emb://yc.ml.rag-prod.common/text-search-query/latest",
        chunkingStrategy: { Strategy: { case: "staticStrategy" } },
      },
    });
    const hybrid = await doneIndex(
      c,
      await c.searchIndexes.create({
        folderId: FOLDER,
        fileIds: [fileId],
        IndexType: {
          case: "hybridSearchIndex",
          value: {
            chunkingStrategy: {
              Strategy: {
                case: "staticStrategy",
                value: { maxChunkSizeTokens: 700n, chunkOverlapTokens: 300n },
              },
            },
            normalizationStrategy: NormalizationStrategy.L2,
            combinationStrategy: { Strategy: { case: "rrfCombination", value: { k: 51n } } },
          },
        },
      }),
    );
    const value =
      hybrid.IndexType.case === "hybridSearchIndex" ? hybrid.IndexType.value : undefined;
    expect(value?.textSearchIndex?.chunkingStrategy).toBeUndefined();
    expect(value?.textSearchIndex?.TextTokenizer.case).toBe("standardTokenizer");
    expect(value?.vectorSearchIndex?.chunkingStrategy).toBeUndefined();
    expect(value?.vectorSearchIndex?.docEmbedderUri).toMatch(/^emb:\/\//);
    expect(value?.normalizationStrategy).toBe(NormalizationStrategy.L2);
  });

  it("ends the operation with NOT_FOUND for an unknown file and creates no index", async () => {
    const c = ragInProcess();
    const op = await c.searchIndexes.create({ folderId: FOLDER, fileIds: ["fvtnofile"] });
    const done = (await pollOperation(c, op.id, 2)).at(-1)!;
    expect(done.result).toMatchObject({
      case: "error",
      value: { code: Code.NotFound, message: "file fvtnofile not found" },
    });
    expect((await c.searchIndexes.list({ folderId: FOLDER })).indices).toEqual([]);
  });

  it("rejects bad requests at once", async () => {
    const c = ragInProcess();
    await expectCode(c.searchIndexes.create({}), Code.InvalidArgument, /^folder_id is required$/);
    await expectCode(
      c.searchIndexes.create({
        folderId: FOLDER,
        IndexType: {
          case: "textSearchIndex",
          value: {
            chunkingStrategy: {
              Strategy: {
                case: "staticStrategy",
                value: { maxChunkSizeTokens: 10n, chunkOverlapTokens: 6n },
              },
            },
          },
        },
      }),
      Code.InvalidArgument,
      /chunk_overlap_tokens/,
    );
    await expectCode(c.searchIndexes.get({ searchIndexId: "fvtx" }), Code.NotFound);
    await expectCode(c.operations.get({ operationId: "fvtx" }), Code.NotFound);
    await expectCode(c.operations.get({}), Code.InvalidArgument, /^operation_id is required$/);
  });

  it("updates by field mask, lists and deletes", async () => {
    const c = ragInProcess();
    const index = await doneIndex(c, await c.searchIndexes.create({ folderId: FOLDER }));
    const updated = await c.searchIndexes.update({
      searchIndexId: index.id,
      updateMask: { paths: ["name", "labels"] },
      name: "name",
      labels: { foo: "bar" },
    });
    expect(updated).toMatchObject({ name: "name", labels: { foo: "bar" } });
    expect(updated.IndexType).toEqual(index.IndexType);
    const listed = await c.searchIndexes.list({ folderId: FOLDER });
    expect(listed.indices.map((i) => i.id)).toEqual([index.id]);
    await c.searchIndexes.delete({ searchIndexId: index.id });
    await expectCode(c.searchIndexes.get({ searchIndexId: index.id }), Code.NotFound);
  });
});

describe("SearchIndexFileService", () => {
  it("adds files with BatchCreate (an operation), lists and gets them", async () => {
    const c = ragInProcess();
    const first = await upload(c, "one");
    const index = await doneIndex(
      c,
      await c.searchIndexes.create({ folderId: FOLDER, fileIds: [first] }),
    );
    const listed = await c.searchIndexFiles.list({ searchIndexId: index.id });
    expect(listed.files.map((f) => [f.id, f.searchIndexId])).toEqual([[first, index.id]]);
    const second = await upload(c, "two");
    const op = await c.searchIndexFiles.batchCreate({ searchIndexId: index.id, fileIds: [second] });
    expect(op.description).toBe(`indexing files for search index <${index.id}>`);
    const done = (await pollOperation(c, op.id, 2)).at(-1)!;
    expect(done.result.case).toBe("response");
    const response = anyUnpack(
      done.result.value as never,
      BatchCreateSearchIndexFileResponseSchema,
    )!;
    expect(response.files.map((f) => f.id)).toEqual([second]);
    const after = await c.searchIndexFiles.list({ searchIndexId: index.id });
    expect(after.files.map((f) => f.id)).toEqual([second, first]);
    expect(
      (await c.searchIndexFiles.get({ searchIndexId: index.id, fileId: second })).createdBy,
    ).toMatch(/^aje/);
    await expectCode(
      c.searchIndexFiles.get({ searchIndexId: index.id, fileId: "fvtnope" }),
      Code.NotFound,
    );
  });

  it("validates (at least 1 file id), answers NOT_FOUND for an unknown index, fails on an unknown file", async () => {
    const c = ragInProcess();
    await expectCode(
      c.searchIndexFiles.batchCreate({ searchIndexId: "x" }),
      Code.InvalidArgument,
      /^file_ids has 0 items, at least 1 is required$/,
    );
    await expectCode(
      c.searchIndexFiles.batchCreate({ searchIndexId: "fvtnone", fileIds: ["a"] }),
      Code.NotFound,
      /search index fvtnone not found/,
    );
    const index = await doneIndex(c, await c.searchIndexes.create({ folderId: FOLDER }));
    const op = await c.searchIndexFiles.batchCreate({
      searchIndexId: index.id,
      fileIds: ["fvtmissing"],
    });
    const done = (await pollOperation(c, op.id, 2)).at(-1)!;
    expect(done.result).toMatchObject({ case: "error", value: { code: Code.NotFound } });
    expect((await c.searchIndexFiles.list({ searchIndexId: index.id })).files).toEqual([]);
  });

  it("cancels a running BatchCreate: done with CANCELLED, no file added", async () => {
    const c = ragInProcess({ operationDelayMs: 50 });
    const index = await doneIndex(c, await c.searchIndexes.create({ folderId: FOLDER }));
    const fileId = await upload(c, "x");
    const op = await c.searchIndexFiles.batchCreate({ searchIndexId: index.id, fileIds: [fileId] });
    const cancelled = await c.operations.cancel({ operationId: op.id });
    expect(cancelled.done).toBe(true);
    expect(cancelled.result).toMatchObject({ case: "error", value: { code: Code.Canceled } });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await c.searchIndexFiles.list({ searchIndexId: index.id })).files).toEqual([]);
    await expectCode(c.operations.cancel({ operationId: op.id }), Code.FailedPrecondition);
  });
});
