/**
 * The RAG steps over the client-under-test protocol (PROTOCOL.md, "Files and search
 * indexes"): each {@link RagClient} method is one StepRequest, its answer the FileInfo,
 * SearchIndexInfo, OperationInfo, `url`, `content` or `list.ids` the client reported. A client
 * without one of these steps names it in InitAck.unsupported and the case is not applicable.
 */
import type { JsonObject } from "@bufbuild/protobuf";
import type {
  FileInfo,
  Labels,
  OperationInfo,
  OperationWait,
  SearchIndexInfo,
  StepRequest,
  StepResponse,
} from "../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import type {
  FileLike,
  IndexLike,
  IndexSettingsLike,
  OperationLike,
  OperationWaitLike,
  PatchLike,
  RagClient,
  UploadLike,
} from "../rag-client.js";

type StepCase = NonNullable<StepRequest["step"]["case"]>;
type StepValue<K extends StepCase> = Extract<StepRequest["step"], { case: K }>["value"];

/** Sends one step and returns its answer after a step error was thrown (the driver's). */
export type StepSender = <K extends StepCase>(
  kind: K,
  value: Omit<StepValue<K>, "$typeName">,
) => Promise<StepResponse>;

/** Thrown (as a malformed answer) when a step's answer lacks the part it must carry. */
export type Malformed = (what: string) => Error;

function labelsOf(labels: Readonly<Record<string, string>> | undefined): Labels | undefined {
  return labels === undefined
    ? undefined
    : { $typeName: "ycassistants.conformance.v1.Labels", values: { ...labels } };
}

function waitOf(w: OperationWaitLike): OperationWait {
  return {
    $typeName: "ycassistants.conformance.v1.OperationWait",
    ...(w.pollIntervalMs !== undefined ? { pollIntervalMs: w.pollIntervalMs } : {}),
    ...(w.maxPollIntervalMs !== undefined ? { maxPollIntervalMs: w.maxPollIntervalMs } : {}),
    ...(w.timeoutMs !== undefined ? { timeoutMs: w.timeoutMs } : {}),
  };
}

/** A patch as the protocol's set fields + `clear` names. */
function patchOf(p: PatchLike) {
  const clear: string[] = [];
  const out: { name?: string; description?: string; labels?: Labels; clear: string[] } = { clear };
  if (p.name === null) clear.push("name");
  else if (p.name !== undefined) out.name = p.name;
  if (p.description === null) clear.push("description");
  else if (p.description !== undefined) out.description = p.description;
  if (p.labels === null) clear.push("labels");
  else if (p.labels !== undefined) out.labels = labelsOf(p.labels) as Labels;
  return out;
}

function fileOf(f: FileInfo): FileLike {
  return {
    id: f.id,
    name: f.name,
    mimeType: f.mimeType,
    description: f.description,
    labels: { ...f.labels },
  };
}

function indexOf(i: SearchIndexInfo): IndexLike {
  const type = i.type === "text" || i.type === "vector" || i.type === "hybrid" ? i.type : undefined;
  return {
    id: i.id,
    name: i.name,
    description: i.description,
    labels: { ...i.labels },
    type,
    chunking: i.chunking && {
      maxChunkSizeTokens: Number(i.chunking.maxChunkSizeTokens),
      chunkOverlapTokens: Number(i.chunking.chunkOverlapTokens),
    },
    hybrid: i.hybrid,
  };
}

function operationOf(o: OperationInfo): OperationLike {
  return { id: o.id, done: o.done, description: o.description };
}

/** A subprocess client's files, search indexes and operations. */
export class SubprocessRagClient implements RagClient {
  constructor(
    private readonly send: StepSender,
    private readonly malformed: Malformed,
  ) {}

  private file(a: StepResponse): FileLike {
    if (!a.file) throw this.malformed(`step ${a.index} has no file`);
    return fileOf(a.file);
  }

  private index(a: StepResponse): IndexLike {
    if (!a.searchIndex) throw this.malformed(`step ${a.index} has no search_index`);
    return indexOf(a.searchIndex);
  }

  private operation(a: StepResponse): OperationLike {
    if (!a.operation) throw this.malformed(`step ${a.index} has no operation`);
    return operationOf(a.operation);
  }

  private ids(a: StepResponse): string[] {
    return [...(a.list?.ids ?? [])];
  }

  async uploadFile(u: UploadLike): Promise<FileLike> {
    const content =
      u.text !== undefined
        ? { case: "text" as const, value: u.text }
        : u.bytes !== undefined
          ? { case: "bytes" as const, value: u.bytes }
          : { case: undefined };
    return this.file(
      await this.send("uploadFile", {
        content,
        ...(u.name !== undefined ? { name: u.name } : {}),
        ...(u.mimeType !== undefined ? { mimeType: u.mimeType } : {}),
        ...(u.description !== undefined ? { description: u.description } : {}),
        ...(u.labels !== undefined ? { labels: labelsOf(u.labels) } : {}),
      }),
    );
  }

  async getFile(id: string): Promise<FileLike> {
    return this.file(await this.send("getFile", { fileId: id }));
  }

  async updateFile(id: string, patch: PatchLike): Promise<FileLike> {
    return this.file(await this.send("updateFile", { fileId: id, ...patchOf(patch) }));
  }

  async listFiles(pageSize: number | undefined): Promise<string[]> {
    return this.ids(await this.send("listFiles", pageSize === undefined ? {} : { pageSize }));
  }

  async fileUrl(id: string): Promise<string> {
    return (await this.send("fileUrl", { fileId: id })).url;
  }

  async downloadFile(id: string): Promise<Uint8Array> {
    return (await this.send("downloadFile", { fileId: id })).content;
  }

  async deleteFile(id: string): Promise<void> {
    await this.send("deleteFile", { fileId: id });
  }

  private settings(s: IndexSettingsLike) {
    return {
      fileIds: [...(s.files ?? [])],
      type: s.type ?? "",
      ...(s.chunking
        ? {
            chunking: {
              $typeName: "ycassistants.conformance.v1.Chunking" as const,
              maxChunkSizeTokens: BigInt(s.chunking.maxChunkSizeTokens),
              chunkOverlapTokens: BigInt(s.chunking.chunkOverlapTokens),
            },
          }
        : {}),
      analyzer: s.analyzer ?? "",
      normalization: s.normalization ?? "",
      ...(s.combination !== undefined ? { combination: s.combination as JsonObject } : {}),
      ...(s.name !== undefined ? { name: s.name } : {}),
      ...(s.description !== undefined ? { description: s.description } : {}),
      ...(s.labels !== undefined ? { labels: labelsOf(s.labels) } : {}),
    };
  }

  async createSearchIndex(s: IndexSettingsLike, wait: OperationWaitLike): Promise<IndexLike> {
    return this.index(
      await this.send("createSearchIndex", {
        ...this.settings(s),
        deferred: false,
        wait: waitOf(wait),
      }),
    );
  }

  async createSearchIndexDeferred(s: IndexSettingsLike): Promise<OperationLike> {
    return this.operation(
      await this.send("createSearchIndex", { ...this.settings(s), deferred: true }),
    );
  }

  async pollOperation(operationId: string): Promise<OperationLike> {
    return this.operation(await this.send("pollOperation", { operationId }));
  }

  async waitOperation(operationId: string, wait: OperationWaitLike): Promise<IndexLike> {
    return this.index(await this.send("waitOperation", { operationId, wait: waitOf(wait) }));
  }

  async getSearchIndex(id: string): Promise<IndexLike> {
    return this.index(await this.send("getSearchIndex", { searchIndexId: id }));
  }

  async updateSearchIndex(id: string, patch: PatchLike): Promise<IndexLike> {
    return this.index(
      await this.send("updateSearchIndex", { searchIndexId: id, ...patchOf(patch) }),
    );
  }

  async listSearchIndexes(pageSize: number | undefined): Promise<string[]> {
    return this.ids(
      await this.send("listSearchIndexes", pageSize === undefined ? {} : { pageSize }),
    );
  }

  async deleteSearchIndex(id: string): Promise<void> {
    await this.send("deleteSearchIndex", { searchIndexId: id });
  }

  async addFiles(
    indexId: string,
    fileIds: readonly string[],
    wait: OperationWaitLike,
  ): Promise<string[]> {
    return this.ids(
      await this.send("addFiles", {
        searchIndexId: indexId,
        fileIds: [...fileIds],
        wait: waitOf(wait),
      }),
    );
  }

  async listIndexFiles(indexId: string, pageSize: number | undefined): Promise<string[]> {
    return this.ids(
      await this.send("listIndexFiles", {
        searchIndexId: indexId,
        ...(pageSize !== undefined ? { pageSize } : {}),
      }),
    );
  }
}
