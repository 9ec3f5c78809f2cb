/**
 * SearchIndex: the handle of one search index (its fields, its files, update, delete), the
 * index patch mapping, and the index-file calls shared with `client.searchIndexes`.
 *
 * @module
 */
import { inspect } from "node:util";
import { create, type DescMessage } from "@bufbuild/protobuf";
import { FieldMaskSchema, timestampDate } from "@bufbuild/protobuf/wkt";
import type { SearchIndexFile as SearchIndexFileMessage } from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_file_pb";
import {
  type SearchIndex as SearchIndexMessage,
  SearchIndexSchema,
} from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_pb";
import type { AsyncList } from "./async-list.js";
import type { ClientContext } from "./client-context.js";
import type { FileRef } from "./files.js";
import { loadSearchIndexFileService, loadSearchIndexService } from "./lazy-types.js";
import { type ExpirationOption, expirationConfig, expirationPaths } from "./model-options.js";
import { Operation, type OperationResultType, operationResult, startAndWait } from "./operation.js";
import type { OperationWaitOptions } from "./operation-poller.js";
import { paginate } from "./paging.js";
import { patchMask } from "./patch-mask.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { ResourceView } from "./resource-view.js";
import { refId } from "./runs.js";
import {
  type ChunkingOption,
  chunkingOf,
  indexTypeOf,
  type SearchIndexType,
} from "./search-index-options.js";
import {
  assertRequiredFields,
  checkOptions,
  invalidArgument,
  optionalLabels,
  optionalPositiveInt,
  optionalString,
  requireString,
} from "./validate.js";

/** The metadata of a search index that can change after creation. */
export interface SearchIndexSettings {
  /** Display name. */
  name?: string;
  /** Description. */
  description?: string;
  /** Labels. */
  labels?: Readonly<Record<string, string>>;
  /** When the index expires (the service's default: 7 days since last active). */
  expiration?: ExpirationOption;
}

/**
 * A change to a search index: only the given keys are sent (field mask from them); `null`
 * clears a field. The type, chunking and files are fixed (add files with `addFiles`).
 *
 * @example
 * await index.update({ name: "handbook", labels: { team: "hr" } });
 */
export type SearchIndexPatch = { [K in keyof SearchIndexSettings]?: SearchIndexSettings[K] | null };

const INDEX_PATCH_PATHS: Readonly<Record<keyof SearchIndexSettings, (value: unknown) => string[]>> =
  {
    name: () => ["name"],
    description: () => ["description"],
    labels: () => ["labels"],
    expiration: expirationPaths,
  };

/** The keys of search index settings. */
export const SEARCH_INDEX_SETTING_KEYS = Object.keys(
  INDEX_PATCH_PATHS,
) as (keyof SearchIndexSettings)[];

/**
 * A file of a search index (`SearchIndexFile`): `id` is the file's id.
 *
 * @example
 * for await (const f of index.listFiles()) console.log(f.id, f.createdAt);
 */
export interface SearchIndexFile {
  /** The file id (the same as the `File`'s). */
  readonly id: string;
  /** The search index id. */
  readonly searchIndexId: string;
  /** Who added it. */
  readonly createdBy: string;
  /** When it was added. */
  readonly createdAt: Date | undefined;
  /** The raw `SearchIndexFile` message. */
  readonly proto: SearchIndexFileMessage;
}

/** Options of listing the files of an index. */
export interface SearchIndexFileListOptions extends RequestOptions {
  /** Files per page (the server's default when absent). */
  pageSize?: number;
}

/** Something that names a search index: a `SearchIndex` handle or its id. */
export type SearchIndexRef = string | { readonly id: string };

/** A frozen {@link SearchIndexFile}. */
export function searchIndexFileOf(proto: SearchIndexFileMessage): SearchIndexFile {
  return Object.freeze({
    id: proto.id,
    searchIndexId: proto.searchIndexId,
    createdBy: proto.createdBy,
    createdAt: proto.createdAt && timestampDate(proto.createdAt),
    proto,
  });
}

/** How a `SearchIndexService/Create` operation's response becomes a handle. */
export function searchIndexResult(
  ctx: ClientContext,
): OperationResultType<DescMessage, SearchIndex> {
  return operationResult(SearchIndexSchema, (message) => new SearchIndex(ctx, message));
}

/** The file ids of `files` (handles or ids), at least one. */
export function fileIds(files: unknown, field: string, atLeastOne: boolean): string[] {
  if (files === undefined && !atLeastOne) return [];
  if (!Array.isArray(files)) {
    throw invalidArgument(`${field} must be an array of files (File handles or file ids)`);
  }
  if (atLeastOne && files.length === 0) throw invalidArgument(`${field} needs at least one file`);
  return files.map((f, i) => refId(f, `${field}[${i}]`));
}

/** Starts `SearchIndexFileService/BatchCreate` (never retried). Internal. */
export async function startAddFiles(
  ctx: ClientContext,
  searchIndexId: string,
  files: readonly FileRef[],
  options: RequestOptions | undefined,
): Promise<Operation<SearchIndexFile[]>> {
  const call = requestOptions(options);
  const { BatchCreateSearchIndexFileRequestSchema, BatchCreateSearchIndexFileResponseSchema } =
    await loadSearchIndexFileService();
  const request = create(BatchCreateSearchIndexFileRequestSchema, {
    searchIndexId,
    fileIds: fileIds(files, "files", true),
  });
  assertRequiredFields(BatchCreateSearchIndexFileRequestSchema, request);
  const op = await ctx.searchIndexFileService.batchCreate(request, call);
  return new Operation(
    ctx,
    op,
    operationResult(BatchCreateSearchIndexFileResponseSchema, (message) =>
      message.files.map(searchIndexFileOf),
    ),
  );
}

/** Adds files and waits for the indexing: the options bound the whole. Internal. */
export async function addFiles(
  ctx: ClientContext,
  searchIndexId: string,
  files: readonly FileRef[],
  options: OperationWaitOptions | undefined,
): Promise<SearchIndexFile[]> {
  fileIds(files, "files", true);
  return startAndWait(ctx, options, (call) => startAddFiles(ctx, searchIndexId, files, call));
}

/** Every file of an index, page by page. Internal. */
export function listFiles(
  ctx: ClientContext,
  searchIndexId: string,
  options: SearchIndexFileListOptions | undefined,
): AsyncList<SearchIndexFile> {
  const o = checkOptions(options, "options", ["pageSize", "signal", "timeoutMs"]);
  const pageSize = optionalPositiveInt(o.pageSize, "pageSize") ?? 0n;
  const call = requestOptions({ signal: o.signal, timeoutMs: o.timeoutMs });
  return paginate(async (pageToken) => {
    const page = await ctx.searchIndexFileService.list(
      { searchIndexId, pageSize, pageToken },
      call,
    );
    return { items: page.files.map(searchIndexFileOf), nextPageToken: page.nextPageToken };
  });
}

/** Sends an UpdateSearchIndex with a field mask of the patch keys. Internal. */
export async function updateSearchIndex(
  ctx: ClientContext,
  searchIndexId: string,
  patch: SearchIndexPatch,
  options: RequestOptions | undefined,
): Promise<SearchIndex> {
  const { paths, values } = patchMask(patch, INDEX_PATCH_PATHS);
  const call = requestOptions(options);
  const { UpdateSearchIndexRequestSchema } = await loadSearchIndexService();
  const request = create(UpdateSearchIndexRequestSchema, {
    searchIndexId,
    updateMask: create(FieldMaskSchema, { paths }),
    name: optionalString(values.name, "patch.name") ?? "",
    description: optionalString(values.description, "patch.description") ?? "",
    labels: optionalLabels(values.labels, "patch.labels") ?? {},
    expirationConfig: expirationConfig(values.expiration, "patch.expiration"),
  });
  assertRequiredFields(UpdateSearchIndexRequestSchema, request);
  return new SearchIndex(ctx, await ctx.searchIndexService.update(request, call));
}

/**
 * A search index: its fields (from the newest `SearchIndex` message of this handle) and its
 * files. Give it to an assistant with {@link searchIndexTool}.
 *
 * @example
 * const index = await client.searchIndexes.create({ files: [file], type: "hybrid" });
 * console.log(index.id, index.type, index.chunking); // "fvt…", "hybrid", { maxChunkSizeTokens: 800, … }
 * await index.addFiles([another]);
 */
export class SearchIndex extends ResourceView<SearchIndexMessage> {
  readonly #ctx: ClientContext;

  /** @internal Made by `client.searchIndexes`. */
  constructor(ctx: ClientContext, proto: SearchIndexMessage) {
    super(proto);
    this.#ctx = ctx;
  }

  /** The index type; `undefined` for a type this client does not know. */
  get type(): SearchIndexType | undefined {
    return indexTypeOf(this.proto);
  }
  /** The static chunking, when the service says. */
  get chunking(): ChunkingOption | undefined {
    return chunkingOf(this.proto);
  }

  /**
   * Adds files (`SearchIndexFileService/BatchCreate`, an Operation) and resolves when they
   * are indexed, with the index's new files. The options bound the whole wait.
   *
   * @example
   * const added = await index.addFiles([file1, "fvt…"], { timeoutMs: 120_000 });
   */
  async addFiles(
    files: readonly FileRef[],
    options?: OperationWaitOptions,
  ): Promise<SearchIndexFile[]> {
    return addFiles(this.#ctx, requireString(this.id, "searchIndexId"), files, options);
  }

  /**
   * The index's files, page by page (stops on an empty `next_page_token`).
   *
   * @example
   * for await (const f of index.listFiles()) console.log(f.id);
   */
  listFiles(options?: SearchIndexFileListOptions): AsyncList<SearchIndexFile> {
    return listFiles(this.#ctx, requireString(this.id, "searchIndexId"), options);
  }

  /**
   * Changes the given metadata (field mask from the patch keys; `null` clears).
   *
   * @example
   * const renamed = await index.update({ name: "faq" });
   */
  async update(patch: SearchIndexPatch, options?: RequestOptions): Promise<SearchIndex> {
    return updateSearchIndex(this.#ctx, requireString(this.id, "searchIndexId"), patch, options);
  }

  /**
   * Deletes the index (its files stay).
   *
   * @example
   * await index.delete();
   */
  async delete(options?: RequestOptions): Promise<void> {
    const searchIndexId = requireString(this.id, "searchIndexId");
    await this.#ctx.searchIndexService.delete({ searchIndexId }, requestOptions(options));
  }

  /** A plain summary. */
  toJSON(): { id: string; name: string; type: SearchIndexType | undefined } {
    return { id: this.id, name: this.name, type: this.type };
  }

  /** Prints the summary in `util.inspect` / `console.log`. */
  [inspect.custom](): string {
    return `SearchIndex ${inspect(this.toJSON())}`;
  }
}
