/**
 * The files, search indexes and operations of a client under test, as the RAG steps
 * (rag-steps.ts) drive them (issue 11 follow-up: these steps were not in the protocol, so the
 * 49 cases of files, search indexes, operations and citations were not applicable to a
 * subprocess client). Two implementations: our client in process (rag-client-ours.ts, also
 * behind the node-ours adapter) and any client over the protocol
 * (drivers/subprocess-rag-client.ts). Ids only cross this interface: the runner keeps the
 * case's aliases, the uploaded bytes and the checks.
 */
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";

/** A file as the client reports it. */
export interface FileLike {
  readonly id: string;
  readonly name: string;
  readonly mimeType: string;
  readonly description: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Static chunking. */
export interface ChunkingLike {
  readonly maxChunkSizeTokens: number;
  readonly chunkOverlapTokens: number;
}

/** A search index as the client reports it. */
export interface IndexLike {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly type: "text" | "vector" | "hybrid" | undefined;
  readonly chunking: ChunkingLike | undefined;
  /** A hybrid index's `hybridSearchIndex` as proto JSON (undefined: not hybrid). */
  readonly hybrid: JsonValue | undefined;
}

/** An Operation as the client reports it. */
export interface OperationLike {
  readonly id: string;
  readonly done: boolean;
  readonly description: string;
}

/** How the client waits for an Operation. */
export interface OperationWaitLike {
  readonly pollIntervalMs?: number;
  readonly maxPollIntervalMs?: number;
  readonly timeoutMs?: number;
}

/** An upload: text or bytes, and the file's fields. */
export interface UploadLike {
  readonly text?: string;
  readonly bytes?: Uint8Array;
  readonly name?: string;
  readonly mimeType?: string;
  readonly description?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A patch of a file or an index: a value sets the field, `null` clears it. */
export interface PatchLike {
  readonly name?: string | null;
  readonly description?: string | null;
  readonly labels?: Readonly<Record<string, string>> | null;
}

/** The settings of a new search index (the case's `createSearchIndex`, ids resolved). */
export interface IndexSettingsLike {
  readonly files?: readonly string[];
  readonly type?: "text" | "vector" | "hybrid";
  readonly chunking?: ChunkingLike;
  readonly analyzer?: "standard" | "yandex_lemmer";
  readonly normalization?: "min_max" | "l2";
  /** `{ mean: { technique, weights } }` or `{ rrf: { k } }`. */
  readonly combination?: JsonObject;
  readonly name?: string;
  readonly description?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A `search_index` tool of an assistant, index ids resolved. */
export interface SearchToolLike {
  readonly searchIndexes: readonly string[];
  readonly maxNumResults?: number;
  readonly callStrategy?: "always" | { autoCall: { instruction: string; name?: string } };
}

/** What the RAG steps ask of a client; every method is one step of PROTOCOL.md. */
export interface RagClient {
  uploadFile(input: UploadLike): Promise<FileLike>;
  getFile(id: string): Promise<FileLike>;
  updateFile(id: string, patch: PatchLike): Promise<FileLike>;
  listFiles(pageSize: number | undefined): Promise<string[]>;
  fileUrl(id: string): Promise<string>;
  downloadFile(id: string): Promise<Uint8Array>;
  deleteFile(id: string): Promise<void>;
  createSearchIndex(settings: IndexSettingsLike, wait: OperationWaitLike): Promise<IndexLike>;
  /** Starts the creation; the operation becomes the current one. */
  createSearchIndexDeferred(settings: IndexSettingsLike): Promise<OperationLike>;
  pollOperation(operationId: string): Promise<OperationLike>;
  waitOperation(operationId: string, wait: OperationWaitLike): Promise<IndexLike>;
  getSearchIndex(id: string): Promise<IndexLike>;
  updateSearchIndex(id: string, patch: PatchLike): Promise<IndexLike>;
  listSearchIndexes(pageSize: number | undefined): Promise<string[]>;
  deleteSearchIndex(id: string): Promise<void>;
  /** The added files' ids. */
  addFiles(indexId: string, fileIds: readonly string[], wait: OperationWaitLike): Promise<string[]>;
  listIndexFiles(indexId: string, pageSize: number | undefined): Promise<string[]>;
}
