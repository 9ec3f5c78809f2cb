/**
 * In-memory FileService, SearchIndexService, SearchIndexFileService and OperationService that
 * behave as the recorded real service (../shared/fixtures/yandex-recorded-files, README):
 * - an Operation is returned not done; it is done after `pollsUntilDone` OperationService.Get
 *   polls, with the SearchIndex / BatchCreateSearchIndexFileResponse packed in `response` as
 *   an Any, or an `error` (google.rpc.Status NOT_FOUND) for an unknown file id;
 * - every non-empty list page has a non-empty `next_page_token` (base64 of
 *   `<RFC 3339>@<last id>`), and the request with it gets an empty page;
 * - files default to `text/plain` and a 7-day since-last-active expiration;
 * - GetUrl answers `downloadUrl(fileId)`.
 * Every call is counted per method, so tests can prove "no network call".
 */
import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { ExpirationConfig_ExpirationPolicy } from "@yc-assistants/types/common";
import { type File, FileSchema, FileService } from "@yc-assistants/types/files";
import { type Operation, OperationSchema, OperationService } from "@yc-assistants/types/operation";
import {
  BatchCreateSearchIndexFileResponseSchema,
  type CreateSearchIndexRequest,
  type SearchIndex,
  type SearchIndexFile,
  SearchIndexFileSchema,
  SearchIndexFileService,
  SearchIndexSchema,
  SearchIndexService,
} from "@yc-assistants/types/searchindex";

const NOW = new Date("2025-07-24T14:22:47.737Z");

/** The recorded page-token form: base64 of `<RFC 3339 timestamp>@<last id>`. */
function pageToken(lastId: string): string {
  return Buffer.from(`${NOW.toISOString()}@${lastId}`).toString("base64");
}

function page<T extends { id: string }>(
  all: readonly T[],
  size: bigint,
  token: string,
): { items: T[]; nextPageToken: string } {
  const start =
    token === ""
      ? 0
      : all.findIndex((x) => pageToken(x.id) === token) + 1 || Number.MAX_SAFE_INTEGER;
  const items = all.slice(start, start + (size > 0n ? Number(size) : 100));
  const last = items.at(-1);
  return { items, nextPageToken: last === undefined ? "" : pageToken(last.id) };
}

interface PendingOperation {
  operation: Operation;
  pollsLeft: number;
  finish: () => Pick<Operation, "result">;
}

/** The fake services and what they saw. */
export class FakeRetrieval {
  readonly files = new Map<string, { file: File; content: Uint8Array }>();
  readonly indexes = new Map<string, { index: SearchIndex; files: SearchIndexFile[] }>();
  readonly operations = new Map<string, PendingOperation>();
  /** Calls per `Service/Method`. */
  readonly calls = new Map<string, number>();
  /** The CreateSearchIndex requests, in order. */
  readonly createIndexRequests: CreateSearchIndexRequest[] = [];
  /** How many polls an operation takes to be done (the recordings: 2). */
  pollsUntilDone = 2;
  /** The URL GetUrl answers for a file. */
  downloadUrl: (fileId: string) => string = (id) => `https://storage.example/${id}?X-Sig=secret`;
  /** Fails the next calls of a method (by `Service/Method`) with these errors, in order. */
  readonly faults = new Map<string, ConnectError[]>();
  /** The `authorization` header of the last GetUrl call. */
  getUrlAuthorization: string | null = null;
  #next = 0;

  #id(prefix: string): string {
    this.#next += 1;
    return `${prefix}${String(this.#next).padStart(4, "0")}`;
  }

  #count(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const fault = this.faults.get(method)?.shift();
    if (fault !== undefined) throw fault;
  }

  /** Calls of one method (`Service/Method`), 0 when none. */
  callsOf(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  /** Every call, all methods together. */
  totalCalls(): number {
    let n = 0;
    for (const v of this.calls.values()) n += v;
    return n;
  }

  #startOperation<Desc extends DescMessage>(
    description: string,
    finish: () => { schema: Desc; message: MessageShape<Desc> } | ConnectError,
  ): Operation {
    const operation = create(OperationSchema, {
      id: this.#id("op"),
      description,
      createdAt: timestampFromDate(NOW),
      createdBy: "user-1",
      modifiedAt: timestampFromDate(NOW),
    });
    this.operations.set(operation.id, {
      operation,
      pollsLeft: this.pollsUntilDone,
      finish: () => {
        const outcome = finish();
        if (outcome instanceof ConnectError) {
          return {
            result: {
              case: "error",
              value: {
                $typeName: "google.rpc.Status",
                code: outcome.code,
                message: outcome.rawMessage,
                details: [],
              },
            },
          };
        }
        return { result: { case: "response", value: anyPack(outcome.schema, outcome.message) } };
      },
    });
    return operation;
  }

  #indexFile(searchIndexId: string, fileId: string): SearchIndexFile {
    return create(SearchIndexFileSchema, {
      id: fileId,
      searchIndexId,
      createdBy: "user-1",
      createdAt: timestampFromDate(NOW),
    });
  }

  /** Routes for `createRouterTransport`. */
  routes(): (router: ConnectRouter) => void {
    return (router) => {
      router.service(FileService, {
        create: (req) => {
          this.#count("FileService/Create");
          const file = create(FileSchema, {
            id: this.#id("file"),
            folderId: req.folderId,
            name: req.name,
            description: req.description,
            mimeType: req.mimeType || "text/plain",
            labels: req.labels,
            createdBy: "user-1",
            createdAt: timestampFromDate(NOW),
            updatedBy: "user-1",
            updatedAt: timestampFromDate(NOW),
            expirationConfig: req.expirationConfig ?? {
              expirationPolicy: ExpirationConfig_ExpirationPolicy.SINCE_LAST_ACTIVE,
              ttlDays: 7n,
            },
          });
          this.files.set(file.id, { file, content: req.content });
          return file;
        },
        get: (req) => {
          this.#count("FileService/Get");
          return this.#file(req.fileId).file;
        },
        getUrl: (req, context) => {
          this.#count("FileService/GetUrl");
          this.getUrlAuthorization = context.requestHeader.get("authorization");
          this.#file(req.fileId);
          return { url: this.downloadUrl(req.fileId) };
        },
        update: (req) => {
          this.#count("FileService/Update");
          const entry = this.#file(req.fileId);
          for (const path of req.updateMask?.paths ?? []) {
            if (path === "name") entry.file.name = req.name;
            if (path === "description") entry.file.description = req.description;
            if (path === "labels") entry.file.labels = req.labels;
          }
          return entry.file;
        },
        delete: (req) => {
          this.#count("FileService/Delete");
          this.#file(req.fileId);
          this.files.delete(req.fileId);
          return {};
        },
        list: (req) => {
          this.#count("FileService/List");
          const p = page(
            [...this.files.values()].map((e) => e.file),
            req.pageSize,
            req.pageToken,
          );
          return { files: p.items, nextPageToken: p.nextPageToken };
        },
      });
      router.service(SearchIndexService, {
        create: (req) => {
          this.#count("SearchIndexService/Create");
          this.createIndexRequests.push(req);
          return this.#startOperation("search index creation", () => {
            const missing = req.fileIds.find((id) => !this.files.has(id));
            if (missing !== undefined) {
              return new ConnectError(`file ${missing} not found`, Code.NotFound);
            }
            const index = create(SearchIndexSchema, {
              id: this.#id("index"),
              folderId: req.folderId,
              name: req.name,
              description: req.description,
              labels: req.labels,
              createdAt: timestampFromDate(NOW),
              IndexType:
                req.IndexType.case === undefined
                  ? {
                      case: "textSearchIndex",
                      value: {
                        chunkingStrategy: {
                          Strategy: {
                            case: "staticStrategy",
                            value: { maxChunkSizeTokens: 800n, chunkOverlapTokens: 400n },
                          },
                        },
                      },
                    }
                  : req.IndexType,
            });
            this.indexes.set(index.id, {
              index,
              files: req.fileIds.map((f) => this.#indexFile(index.id, f)),
            });
            return { schema: SearchIndexSchema, message: index };
          });
        },
        get: (req) => {
          this.#count("SearchIndexService/Get");
          return this.#index(req.searchIndexId).index;
        },
        update: (req) => {
          this.#count("SearchIndexService/Update");
          const entry = this.#index(req.searchIndexId);
          for (const path of req.updateMask?.paths ?? []) {
            if (path === "name") entry.index.name = req.name;
            if (path === "description") entry.index.description = req.description;
            if (path === "labels") entry.index.labels = req.labels;
          }
          return entry.index;
        },
        delete: (req) => {
          this.#count("SearchIndexService/Delete");
          this.#index(req.searchIndexId);
          this.indexes.delete(req.searchIndexId);
          return {};
        },
        list: (req) => {
          this.#count("SearchIndexService/List");
          const all = [...this.indexes.values()].map((e) => e.index);
          const p = page(all, req.pageSize, req.pageToken);
          return { indices: p.items, nextPageToken: p.nextPageToken };
        },
      });
      router.service(SearchIndexFileService, {
        batchCreate: (req) => {
          this.#count("SearchIndexFileService/BatchCreate");
          const entry = this.#index(req.searchIndexId);
          return this.#startOperation(
            `indexing files for search index <${req.searchIndexId}>`,
            () => {
              const missing = req.fileIds.find((id) => !this.files.has(id));
              if (missing !== undefined) {
                return new ConnectError(`file ${missing} not found`, Code.NotFound);
              }
              const added = req.fileIds.map((f) => this.#indexFile(req.searchIndexId, f));
              entry.files.push(...added);
              return {
                schema: BatchCreateSearchIndexFileResponseSchema,
                message: create(BatchCreateSearchIndexFileResponseSchema, { files: added }),
              };
            },
          );
        },
        get: (req) => {
          this.#count("SearchIndexFileService/Get");
          const file = this.#index(req.searchIndexId).files.find((f) => f.id === req.fileId);
          if (file === undefined) throw new ConnectError("not found", Code.NotFound);
          return file;
        },
        list: (req) => {
          this.#count("SearchIndexFileService/List");
          const p = page(this.#index(req.searchIndexId).files, req.pageSize, req.pageToken);
          return { files: p.items, nextPageToken: p.nextPageToken };
        },
      });
      router.service(OperationService, {
        get: (req) => {
          this.#count("OperationService/Get");
          const pending = this.operations.get(req.operationId);
          if (pending === undefined) throw new ConnectError("operation not found", Code.NotFound);
          if (!pending.operation.done) {
            pending.pollsLeft -= 1;
            if (pending.pollsLeft <= 0) {
              pending.operation = create(OperationSchema, {
                ...pending.operation,
                done: true,
                modifiedAt: timestampFromDate(new Date(NOW.getTime() + 1000)),
                ...pending.finish(),
              });
            }
          }
          return pending.operation;
        },
        cancel: (req) => {
          this.#count("OperationService/Cancel");
          const pending = this.operations.get(req.operationId);
          if (pending === undefined) throw new ConnectError("operation not found", Code.NotFound);
          throw new ConnectError("operation cannot be cancelled", Code.FailedPrecondition);
        },
      });
    };
  }

  #file(id: string) {
    const entry = this.files.get(id);
    if (entry === undefined) throw new ConnectError(`file ${id} not found`, Code.NotFound);
    return entry;
  }

  #index(id: string) {
    const entry = this.indexes.get(id);
    if (entry === undefined) throw new ConnectError(`search index ${id} not found`, Code.NotFound);
    return entry;
  }
}
