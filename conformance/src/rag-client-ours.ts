/**
 * Our client's files, search indexes and operations behind {@link RagClient}: each method is
 * one call of `@yc-assistants/client`'s public API (the in-process path of the RAG steps, and
 * the node-ours adapter's, so that both give the same verdicts).
 */
import { type JsonValue, toJson } from "@bufbuild/protobuf";
import type { AssistantsClient, File, Operation, SearchIndex } from "@yc-assistants/client";
import { HybridSearchIndexSchema } from "@yc-assistants/types/searchindex";
import type {
  FileLike,
  IndexLike,
  IndexSettingsLike,
  OperationLike,
  OperationWaitLike,
  PatchLike,
  RagClient,
  UploadLike,
} from "./rag-client.js";

/** A File of our client as the runner's plain shape. */
export function fileLike(f: File): FileLike {
  return {
    id: f.id,
    name: f.name,
    mimeType: f.mimeType,
    description: f.description,
    labels: { ...f.labels },
  };
}

/** A SearchIndex of our client as the runner's plain shape (its hybrid options as proto JSON). */
export function indexLike(i: SearchIndex): IndexLike {
  const t = i.proto.IndexType;
  return {
    id: i.id,
    name: i.name,
    description: i.description,
    labels: { ...i.labels },
    type: i.type,
    chunking: i.chunking,
    hybrid:
      t.case === "hybridSearchIndex"
        ? (toJson(HybridSearchIndexSchema, t.value) as JsonValue)
        : undefined,
  };
}

function operationLike(op: Operation<SearchIndex>): OperationLike {
  return { id: op.id, done: op.done, description: op.description };
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Our client's RAG operations; keeps the File handles it uploaded and the operations it started. */
export class OursRagClient implements RagClient {
  private readonly files = new Map<string, File>();
  private readonly operations = new Map<string, Operation<SearchIndex>>();

  constructor(private readonly client: AssistantsClient) {}

  async uploadFile(u: UploadLike): Promise<FileLike> {
    const input = defined({
      text: u.text,
      bytes: u.text === undefined ? u.bytes : undefined,
      name: u.name,
      mimeType: u.mimeType,
      description: u.description,
      labels: u.labels,
    });
    const file = await this.client.files.upload(input as never);
    this.files.set(file.id, file);
    return fileLike(file);
  }

  async getFile(id: string): Promise<FileLike> {
    return fileLike(await this.client.files.get(id));
  }

  async updateFile(id: string, patch: PatchLike): Promise<FileLike> {
    return fileLike(await this.client.files.update(id, patch as never));
  }

  async listFiles(pageSize: number | undefined): Promise<string[]> {
    const ids: string[] = [];
    for await (const f of this.client.files.list(pageSize === undefined ? {} : { pageSize }))
      ids.push(f.id);
    return ids;
  }

  /** The handle of a file this client uploaded, else one fetched by id (FileService.Get). */
  private async handle(id: string): Promise<File> {
    return this.files.get(id) ?? this.client.files.get(id);
  }

  async fileUrl(id: string): Promise<string> {
    return (await this.handle(id)).downloadUrl();
  }

  async downloadFile(id: string): Promise<Uint8Array> {
    return (await this.handle(id)).download();
  }

  async deleteFile(id: string): Promise<void> {
    await this.client.files.delete(id);
  }

  async createSearchIndex(s: IndexSettingsLike, wait: OperationWaitLike): Promise<IndexLike> {
    return indexLike(await this.client.searchIndexes.create({ ...defined(s), ...wait } as never));
  }

  async createSearchIndexDeferred(s: IndexSettingsLike): Promise<OperationLike> {
    const op = await this.client.searchIndexes.createDeferred(defined(s) as never);
    this.operations.set(op.id, op);
    return operationLike(op);
  }

  /** The handle of an operation this client started, else one fetched by id. */
  private async operation(id: string): Promise<Operation<SearchIndex>> {
    const known = this.operations.get(id);
    if (known) return known;
    const op = await this.client.searchIndexes.operation(id);
    this.operations.set(id, op);
    return op;
  }

  async pollOperation(id: string): Promise<OperationLike> {
    const op = await this.operation(id);
    await op.poll();
    return operationLike(op);
  }

  async waitOperation(id: string, wait: OperationWaitLike): Promise<IndexLike> {
    return indexLike(await (await this.operation(id)).wait(wait));
  }

  async getSearchIndex(id: string): Promise<IndexLike> {
    return indexLike(await this.client.searchIndexes.get(id));
  }

  async updateSearchIndex(id: string, patch: PatchLike): Promise<IndexLike> {
    return indexLike(await this.client.searchIndexes.update(id, patch as never));
  }

  async listSearchIndexes(pageSize: number | undefined): Promise<string[]> {
    const ids: string[] = [];
    for await (const i of this.client.searchIndexes.list(
      pageSize === undefined ? {} : { pageSize },
    ))
      ids.push(i.id);
    return ids;
  }

  async deleteSearchIndex(id: string): Promise<void> {
    await this.client.searchIndexes.delete(id);
  }

  async addFiles(
    indexId: string,
    fileIds: readonly string[],
    wait: OperationWaitLike,
  ): Promise<string[]> {
    const added = await this.client.searchIndexes.addFiles(indexId, fileIds, wait);
    return added.map((f) => f.id);
  }

  async listIndexFiles(indexId: string, pageSize: number | undefined): Promise<string[]> {
    const ids: string[] = [];
    for await (const f of this.client.searchIndexes.listFiles(
      indexId,
      pageSize === undefined ? {} : { pageSize },
    ))
      ids.push(f.id);
    return ids;
  }
}
