/**
 * The node-ours adapter's files, search indexes and operations (PROTOCOL.md, "Files and
 * search indexes"): each protocol step is the same OursRagClient call as the in-process path
 * of the RAG steps, its answer the FileInfo / SearchIndexInfo / OperationInfo / url / content /
 * list the step's response carries.
 */
import type { JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type {
  FileInfo,
  Labels,
  OperationInfo,
  OperationWait,
  SearchIndexInfo,
  SearchIndexTool,
  StepRequest,
  StepResponse,
} from "../../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import type {
  FileLike,
  IndexLike,
  IndexSettingsLike,
  OperationLike,
  OperationWaitLike,
  PatchLike,
  SearchToolLike,
} from "../../rag-client.js";
import type { OursRagClient } from "../../rag-client-ours.js";

const RAG_CASES = [
  "uploadFile",
  "getFile",
  "updateFile",
  "listFiles",
  "fileUrl",
  "downloadFile",
  "deleteFile",
  "createSearchIndex",
  "pollOperation",
  "waitOperation",
  "getSearchIndex",
  "updateSearchIndex",
  "listSearchIndexes",
  "deleteSearchIndex",
  "addFiles",
  "listIndexFiles",
] as const;

type RagCase = (typeof RAG_CASES)[number];
type RagRequest = Extract<StepRequest["step"], { case: RagCase }>;

/** True for the protocol's file, search index and operation steps. */
export function isRagRequest(s: StepRequest["step"]): s is RagRequest {
  return (RAG_CASES as readonly string[]).includes(s.case ?? "");
}

/** A protocol SearchIndexTool as the runner's plain tool. */
export function searchToolOf(t: SearchIndexTool): SearchToolLike {
  const c = t.callStrategy;
  return {
    searchIndexes: [...t.searchIndexIds],
    ...(t.maxNumResults !== undefined ? { maxNumResults: Number(t.maxNumResults) } : {}),
    ...(c.case === "alwaysCall" ? { callStrategy: "always" as const } : {}),
    ...(c.case === "autoCall"
      ? {
          callStrategy: {
            autoCall: {
              instruction: c.value.instruction,
              ...(c.value.name ? { name: c.value.name } : {}),
            },
          },
        }
      : {}),
  };
}

function waitOf(w: OperationWait | undefined): OperationWaitLike {
  return {
    ...(w?.pollIntervalMs !== undefined ? { pollIntervalMs: w.pollIntervalMs } : {}),
    ...(w?.maxPollIntervalMs !== undefined ? { maxPollIntervalMs: w.maxPollIntervalMs } : {}),
    ...(w?.timeoutMs !== undefined ? { timeoutMs: w.timeoutMs } : {}),
  };
}

function patchOf(p: {
  name?: string;
  description?: string;
  labels?: Labels;
  clear: readonly string[];
}): PatchLike {
  const clear = new Set(p.clear);
  const pick = <T>(key: string, value: T | undefined) =>
    clear.has(key) ? { [key]: null } : value !== undefined ? { [key]: value } : {};
  return {
    ...pick("name", p.name),
    ...pick("description", p.description),
    ...pick("labels", p.labels ? { ...p.labels.values } : undefined),
  };
}

const fileInfo = (f: FileLike): FileInfo => ({
  $typeName: "ycassistants.conformance.v1.FileInfo",
  id: f.id,
  name: f.name,
  mimeType: f.mimeType,
  description: f.description,
  labels: { ...f.labels },
});

const indexInfo = (i: IndexLike): SearchIndexInfo => ({
  $typeName: "ycassistants.conformance.v1.SearchIndexInfo",
  id: i.id,
  name: i.name,
  description: i.description,
  labels: { ...i.labels },
  type: i.type ?? "",
  ...(i.chunking
    ? {
        chunking: {
          $typeName: "ycassistants.conformance.v1.Chunking",
          maxChunkSizeTokens: BigInt(i.chunking.maxChunkSizeTokens),
          chunkOverlapTokens: BigInt(i.chunking.chunkOverlapTokens),
        },
      }
    : {}),
  ...(i.hybrid !== undefined ? { hybrid: i.hybrid as JsonObject } : {}),
});

const operationInfo = (o: OperationLike): OperationInfo => ({
  $typeName: "ycassistants.conformance.v1.OperationInfo",
  id: o.id,
  done: o.done,
  description: o.description,
});

function listOf(out: StepResponse, ids: string[]): void {
  out.list = { $typeName: "ycassistants.conformance.v1.ListResult", ids, texts: [] };
}

/** Runs one file / search index / operation step with our client and fills its response. */
export async function performRag(
  rag: OursRagClient,
  s: RagRequest,
  out: StepResponse,
): Promise<void> {
  switch (s.case) {
    case "uploadFile": {
      const u = s.value;
      out.file = fileInfo(
        await rag.uploadFile({
          ...(u.content.case === "text" ? { text: u.content.value } : {}),
          ...(u.content.case === "bytes" ? { bytes: u.content.value } : {}),
          ...(u.name !== undefined ? { name: u.name } : {}),
          ...(u.mimeType !== undefined ? { mimeType: u.mimeType } : {}),
          ...(u.description !== undefined ? { description: u.description } : {}),
          ...(u.labels ? { labels: { ...u.labels.values } } : {}),
        }),
      );
      return;
    }
    case "getFile":
      out.file = fileInfo(await rag.getFile(s.value.fileId));
      return;
    case "updateFile":
      out.file = fileInfo(await rag.updateFile(s.value.fileId, patchOf(s.value)));
      return;
    case "listFiles":
      return listOf(out, await rag.listFiles(s.value.pageSize));
    case "fileUrl":
      out.url = await rag.fileUrl(s.value.fileId);
      return;
    case "downloadFile":
      out.content = await rag.downloadFile(s.value.fileId);
      return;
    case "deleteFile":
      return rag.deleteFile(s.value.fileId);
    case "createSearchIndex": {
      const c = s.value;
      const settings: IndexSettingsLike = {
        ...(c.fileIds.length > 0 ? { files: [...c.fileIds] } : {}),
        ...(c.type ? { type: c.type as IndexSettingsLike["type"] } : {}),
        ...(c.chunking
          ? {
              chunking: {
                maxChunkSizeTokens: Number(c.chunking.maxChunkSizeTokens),
                chunkOverlapTokens: Number(c.chunking.chunkOverlapTokens),
              },
            }
          : {}),
        ...(c.analyzer ? { analyzer: c.analyzer as IndexSettingsLike["analyzer"] } : {}),
        ...(c.normalization
          ? { normalization: c.normalization as IndexSettingsLike["normalization"] }
          : {}),
        ...(c.combination ? { combination: c.combination } : {}),
        ...(c.name !== undefined ? { name: c.name } : {}),
        ...(c.description !== undefined ? { description: c.description } : {}),
        ...(c.labels ? { labels: { ...c.labels.values } } : {}),
      };
      if (c.deferred) out.operation = operationInfo(await rag.createSearchIndexDeferred(settings));
      else out.searchIndex = indexInfo(await rag.createSearchIndex(settings, waitOf(c.wait)));
      return;
    }
    case "pollOperation":
      out.operation = operationInfo(await rag.pollOperation(s.value.operationId));
      return;
    case "waitOperation":
      out.searchIndex = indexInfo(
        await rag.waitOperation(s.value.operationId, waitOf(s.value.wait)),
      );
      return;
    case "getSearchIndex":
      out.searchIndex = indexInfo(await rag.getSearchIndex(s.value.searchIndexId));
      return;
    case "updateSearchIndex":
      out.searchIndex = indexInfo(
        await rag.updateSearchIndex(s.value.searchIndexId, patchOf(s.value)),
      );
      return;
    case "listSearchIndexes":
      return listOf(out, await rag.listSearchIndexes(s.value.pageSize));
    case "deleteSearchIndex":
      return rag.deleteSearchIndex(s.value.searchIndexId);
    case "addFiles":
      return listOf(
        out,
        await rag.addFiles(s.value.searchIndexId, s.value.fileIds, waitOf(s.value.wait)),
      );
    case "listIndexFiles":
      return listOf(out, await rag.listIndexFiles(s.value.searchIndexId, s.value.pageSize));
    default: {
      const never: never = s;
      throw new ConnectError(`unknown step ${String(never)}`, Code.InvalidArgument);
    }
  }
}
