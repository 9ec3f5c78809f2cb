/**
 * SearchIndexes: `client.searchIndexes` (create and wait, createDeferred, get, list, update,
 * delete, addFiles, listFiles).
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import type { CreateSearchIndexRequest } from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_service_pb";
import type { AsyncList } from "./async-list.js";
import type { ClientContext } from "./client-context.js";
import type { FileRef } from "./files.js";
import { loadSearchIndexService } from "./lazy-types.js";
import { type ExpirationOption, expirationConfig } from "./model-options.js";
import { type Operation, Operation as OperationHandle, startAndWait } from "./operation.js";
import { OPERATION_WAIT_KEYS, type OperationWaitOptions } from "./operation-poller.js";
import { paginate } from "./paging.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { refId } from "./runs.js";
import {
  addFiles,
  fileIds,
  listFiles,
  SearchIndex,
  type SearchIndexFile,
  type SearchIndexFileListOptions,
  type SearchIndexPatch,
  type SearchIndexRef,
  searchIndexResult,
  updateSearchIndex,
} from "./search-index.js";
import {
  INDEX_TYPE_KEYS,
  indexTypeOneof,
  type SearchIndexTypeOptions,
} from "./search-index-options.js";
import {
  assertRequiredFields,
  checkOptions,
  invalidArgument,
  optionalLabels,
  optionalPositiveInt,
  optionalString,
} from "./validate.js";

/**
 * What a search index is made of: its files, type and chunking, and metadata.
 *
 * @example
 * { files: [file], type: "hybrid", chunking: { maxChunkSizeTokens: 700, chunkOverlapTokens: 300 },
 *   normalization: "l2", combination: { rrf: { k: 51 } }, name: "handbook" }
 */
export interface SearchIndexCreateSettings extends SearchIndexTypeOptions {
  /** The files to index (File handles or ids); more can be added later with `addFiles`. */
  files?: readonly FileRef[];
  /** Display name. */
  name?: string;
  /** Description. */
  description?: string;
  /** Labels. */
  labels?: Readonly<Record<string, string>>;
  /** When the index expires. */
  expiration?: ExpirationOption;
}

/** Options of `client.searchIndexes.create()`: settings and the wait for the operation. */
export interface SearchIndexCreateOptions extends SearchIndexCreateSettings, OperationWaitOptions {}

/** Options of `client.searchIndexes.createDeferred()`: settings and the Create call's options. */
export interface SearchIndexCreateDeferredOptions
  extends SearchIndexCreateSettings,
    RequestOptions {}

/** Options of {@link SearchIndexes.list}. */
export interface SearchIndexListOptions extends RequestOptions {
  /** Indexes per page (the server's default when absent). */
  pageSize?: number;
}

const SETTING_KEYS = [
  "files",
  "name",
  "description",
  "labels",
  "expiration",
  ...INDEX_TYPE_KEYS,
] as const;

async function createRequest(
  folderId: string,
  o: Partial<SearchIndexCreateSettings>,
): Promise<CreateSearchIndexRequest> {
  const { CreateSearchIndexRequestSchema } = await loadSearchIndexService();
  const request: CreateSearchIndexRequest = create(CreateSearchIndexRequestSchema, {
    folderId,
    fileIds: fileIds(o.files, "options.files", false),
    name: optionalString(o.name, "options.name") ?? "",
    description: optionalString(o.description, "options.description") ?? "",
    labels: optionalLabels(o.labels, "options.labels") ?? {},
    expirationConfig: expirationConfig(o.expiration, "options.expiration"),
    IndexType: indexTypeOneof(o, "options"),
  });
  assertRequiredFields(CreateSearchIndexRequestSchema, request);
  return request;
}

/**
 * `client.searchIndexes`: the indexes a search index tool searches.
 *
 * @example
 * const index = await client.searchIndexes.create({ files: [file], type: "text" });
 * const assistant = await client.assistants.create({
 *   model: "yandexgpt",
 *   tools: [searchIndexTool({ searchIndexes: [index], maxNumResults: 3 })],
 * });
 */
export class SearchIndexes {
  readonly #ctx: ClientContext;

  /** @internal Made by {@link AssistantsClient}. */
  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates a search index and resolves when it is built: `SearchIndexService/Create` (never
   * retried) answers with an Operation, which is polled (`OperationService/Get`, 200 ms ×1.5
   * up to 2 s between polls) until done. `timeoutMs` (default 10 min) and `signal` bound the
   * whole; they stop the wait, not the indexing.
   *
   * @throws ConnectError(InvalidArgument) naming the field, before any call; the operation's
   * error with its own code and message (e.g. an unknown file id); `Code.DeadlineExceeded`;
   * `Code.Canceled`.
   * @example
   * const index = await client.searchIndexes.create({
   *   files: [file],
   *   type: "text",
   *   chunking: { maxChunkSizeTokens: 400, chunkOverlapTokens: 100 },
   *   timeoutMs: 120_000,
   * });
   */
  async create(options: SearchIndexCreateOptions): Promise<SearchIndex> {
    if (options === undefined) throw invalidArgument("options is required");
    const o = checkOptions(options, "options", [...SETTING_KEYS, ...OPERATION_WAIT_KEYS]);
    const request = await createRequest(this.#ctx.folderId, o);
    const wait: OperationWaitOptions = {};
    for (const key of OPERATION_WAIT_KEYS) {
      if (o[key] !== undefined) Object.assign(wait, { [key]: o[key] });
    }
    return startAndWait(this.#ctx, wait, (call) => this.#start(request, call));
  }

  /**
   * Starts creating a search index and returns its {@link Operation} at once (not done yet):
   * `wait()` it later, `poll()` it, or keep its `id`.
   *
   * @example
   * const operation = await client.searchIndexes.createDeferred({ files: [file] });
   * console.log(operation.id, operation.done); // "fvt…", false
   * const index = await operation.wait();
   */
  async createDeferred(options: SearchIndexCreateDeferredOptions): Promise<Operation<SearchIndex>> {
    if (options === undefined) throw invalidArgument("options is required");
    const o = checkOptions(options, "options", [...SETTING_KEYS, "signal", "timeoutMs"]);
    const call = requestOptions({ signal: o.signal, timeoutMs: o.timeoutMs });
    return this.#start(await createRequest(this.#ctx.folderId, o), call);
  }

  async #start(
    request: CreateSearchIndexRequest,
    call: { signal: AbortSignal | undefined; timeoutMs: number | undefined },
  ): Promise<Operation<SearchIndex>> {
    const ctx = this.#ctx;
    const op = await ctx.searchIndexService.create(request, call);
    return new OperationHandle(ctx, op, searchIndexResult(ctx));
  }

  /**
   * The Operation of an earlier `createDeferred` by its id (one `OperationService/Get`), to
   * wait for it from another process.
   *
   * @example
   * const index = await (await client.searchIndexes.operation(savedId)).wait();
   */
  async operation(operationId: string, options?: RequestOptions): Promise<Operation<SearchIndex>> {
    const id = refId(operationId, "operationId");
    const ctx = this.#ctx;
    const op = await ctx.operationService.get({ operationId: id }, requestOptions(options));
    return new OperationHandle(ctx, op, searchIndexResult(ctx));
  }

  /**
   * A search index by id.
   *
   * @example
   * const index = await client.searchIndexes.get("fvt...");
   */
  async get(searchIndexId: string, options?: RequestOptions): Promise<SearchIndex> {
    if (typeof searchIndexId === "object" && searchIndexId !== null) {
      throw invalidArgument("searchIndexId must be a string");
    }
    const id = refId(searchIndexId, "searchIndexId");
    const ctx = this.#ctx;
    return new SearchIndex(
      ctx,
      await ctx.searchIndexService.get({ searchIndexId: id }, requestOptions(options)),
    );
  }

  /**
   * Every search index of the folder, page by page (stops on an empty `next_page_token`;
   * against the real service that is one extra call answered with an empty page).
   *
   * @example
   * for await (const index of client.searchIndexes.list()) console.log(index.id, index.type);
   */
  list(options?: SearchIndexListOptions): AsyncList<SearchIndex> {
    const o = checkOptions(options, "options", ["pageSize", "signal", "timeoutMs"]);
    const pageSize = optionalPositiveInt(o.pageSize, "pageSize") ?? 0n;
    const call = requestOptions({ signal: o.signal, timeoutMs: o.timeoutMs });
    const ctx = this.#ctx;
    return paginate(async (pageToken) => {
      const page = await ctx.searchIndexService.list(
        { folderId: ctx.folderId, pageSize, pageToken },
        call,
      );
      return {
        items: page.indices.map((i) => new SearchIndex(ctx, i)),
        nextPageToken: page.nextPageToken,
      };
    });
  }

  /**
   * Changes an index's metadata (handle or id): only the patch keys are sent; `null` clears.
   *
   * @example
   * await client.searchIndexes.update(index, { description: "2026 handbook" });
   */
  async update(
    index: SearchIndexRef,
    patch: SearchIndexPatch,
    options?: RequestOptions,
  ): Promise<SearchIndex> {
    return updateSearchIndex(this.#ctx, refId(index, "searchIndexId"), patch, options);
  }

  /**
   * Deletes an index (handle or id); its files stay.
   *
   * @example
   * await client.searchIndexes.delete(index);
   */
  async delete(index: SearchIndexRef, options?: RequestOptions): Promise<void> {
    const searchIndexId = refId(index, "searchIndexId");
    await this.#ctx.searchIndexService.delete({ searchIndexId }, requestOptions(options));
  }

  /**
   * Adds files to an index (`SearchIndexFileService/BatchCreate`, never retried: an
   * Operation) and resolves when they are indexed, with the new index files.
   *
   * @example
   * const added = await client.searchIndexes.addFiles(index, [file2, file3]);
   */
  async addFiles(
    index: SearchIndexRef,
    files: readonly FileRef[],
    options?: OperationWaitOptions,
  ): Promise<SearchIndexFile[]> {
    return addFiles(this.#ctx, refId(index, "searchIndexId"), files, options);
  }

  /**
   * The files of an index, page by page.
   *
   * @example
   * for await (const f of client.searchIndexes.listFiles(index)) console.log(f.id);
   */
  listFiles(
    index: SearchIndexRef,
    options?: SearchIndexFileListOptions,
  ): AsyncList<SearchIndexFile> {
    return listFiles(this.#ctx, refId(index, "searchIndexId"), options);
  }
}
