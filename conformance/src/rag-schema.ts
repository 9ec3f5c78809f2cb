/**
 * The case language of files, search indexes, operations and raw paging (issue 9,
 * "Conformance"): the step shapes `case-schema.ts` adds to its steps. They are built by
 * {@link ragStepShapes} from the common pieces of `case-schema.ts` (so the two modules do
 * not import each other); README.md ("Files, search indexes and citations") explains them.
 */
import {
  arr,
  bool,
  json,
  jsonObject,
  num,
  obj,
  oneOf,
  opt,
  record,
  type Shape,
  ShapeError,
  str,
  union,
} from "./shape.js";

/** `null` (YAML `~`): "clear this field". */
const nothing: Shape<null> = {
  expected: "null",
  parse(value, path) {
    if (value !== null) throw new ShapeError(path, `expected null, got ${typeof value}`);
    return null;
  },
};

const int = (min?: number) => num(min === undefined ? { int: true } : { int: true, min });
const refName = str({ nonEmpty: true });
const alias = str({ pattern: /^[a-z][a-z0-9-]*$/, what: "a lower-case alias (file-1, notes)" });

/** A `search_index` tool of an assistant: indexes by alias (or literal id) and its options. */
export const searchToolShape = obj({
  indexes: arr(refName, { min: 1 }),
  maxNumResults: opt(int(1)),
  /** `always`, or `{ autoCall: { instruction, name } }` (client: `searchIndexTool`). */
  callStrategy: opt(
    union(oneOf(["always"]), obj({ autoCall: obj({ instruction: str(), name: opt(str()) }) })),
  ),
});

/** One expected citation source: its index and file (alias or id) and its chunk text. */
export const citedSourceShape = obj({
  searchIndex: opt(refName),
  file: opt(refName),
  text: opt(str()),
  textContains: opt(str()),
});

const operationExpect = obj({
  /** `done` of the Operation the step ends with (the handle's). */
  done: opt(bool()),
  /** `done` of the very first Operation the server answered (Create / BatchCreate). */
  firstDone: opt(bool()),
  description: opt(str()),
  descriptionContains: opt(str()),
  /** OperationService.Get calls during the step (at least this many). */
  minPolls: opt(int(0)),
  /** The operation's error code (a done operation with `error`). */
  errorCode: opt(int(0)),
});

const chunkingShape = obj({ maxChunkSizeTokens: int(1), chunkOverlapTokens: int(0) });

type Fields = Record<string, Shape<unknown>>;

const step = <F extends Fields>(fields: F) =>
  obj({ ...fields, note: opt(str()), derive: opt(bool()) });

/**
 * `pages`: the real service's paging (every non-empty page has a `next_page_token`, the
 * request with the last one gets an empty page without a token): `pages` non-empty pages,
 * so exactly `pages + 1` calls. `any`: the same shape with any number of pages (for
 * folder-wide lists on a shared server, where other items are listed too).
 */
export const pagesField = { pages: opt(union(int(0), oneOf(["any"]))) };

/** The step shapes of files, search indexes, operations and raw paging, by key. */
export function ragStepShapes<C extends Fields, L extends Fields>(common: C, listExpectFields: L) {
  const p = { step, listExpectFields };
  const fileExpect = obj({
    name: opt(str()),
    mimeType: opt(str()),
    description: opt(str()),
    labels: opt(record(str())),
    ...common,
  });
  const indexExpect = obj({
    type: opt(union(oneOf(["text", "vector", "hybrid"]), nothing)),
    name: opt(str()),
    description: opt(str()),
    labels: opt(record(str())),
    chunking: opt(union(chunkingShape, nothing)),
    /** The hybrid options as the index carries them (proto JSON subset of `hybridSearchIndex`). */
    hybrid: opt(jsonObject()),
    operation: opt(operationExpect),
    ...common,
  });
  const listExpect = obj({ ...p.listExpectFields, ...pagesField });
  const fileRefField = { file: opt(refName) };
  const indexRefField = { index: opt(refName) };
  const waitFields = {
    pollIntervalMs: opt(int(1)),
    timeoutMs: opt(int(1)),
  };
  const indexOptions = {
    files: opt(arr(refName)),
    type: opt(oneOf(["text", "vector", "hybrid"])),
    chunking: opt(chunkingShape),
    analyzer: opt(oneOf(["standard", "yandex_lemmer"])),
    normalization: opt(oneOf(["min_max", "l2"])),
    combination: opt(json()),
    name: opt(str()),
    description: opt(str()),
    labels: opt(record(str())),
  };
  return {
    uploadFile: p.step({
      uploadFile: obj({
        text: opt(str()),
        /** Binary content, base64. */
        base64: opt(str({ pattern: /^[A-Za-z0-9+/]*={0,2}$/, what: "base64" })),
        name: opt(str()),
        mimeType: opt(str()),
        description: opt(str()),
        labels: opt(record(str())),
        as: opt(alias),
      }),
      expect: opt(fileExpect),
    }),
    getFile: p.step({ getFile: obj(fileRefField), expect: opt(fileExpect) }),
    updateFile: p.step({
      updateFile: obj({
        ...fileRefField,
        name: opt(union(str(), nothing)),
        description: opt(union(str(), nothing)),
        labels: opt(union(record(str()), nothing)),
      }),
      expect: opt(fileExpect),
    }),
    listFiles: p.step({ listFiles: obj({ pageSize: opt(int(1)) }), expect: opt(listExpect) }),
    fileUrl: p.step({
      fileUrl: obj(fileRefField),
      expect: opt(obj({ urlPattern: opt(str()), ...common })),
    }),
    downloadFile: p.step({
      downloadFile: obj(fileRefField),
      expect: opt(obj({ text: opt(str()), sameAsUpload: opt(bool()), ...common })),
    }),
    deleteFile: p.step({ deleteFile: obj(fileRefField), expect: opt(obj(common)) }),
    createSearchIndex: p.step({
      createSearchIndex: obj({
        ...indexOptions,
        ...waitFields,
        /** `createDeferred()`: keep the Operation handle (`pollOperation` / `waitOperation`). */
        deferred: opt(bool()),
        as: opt(alias),
      }),
      expect: opt(indexExpect),
    }),
    pollOperation: p.step({
      pollOperation: obj({}),
      expect: opt(obj({ ...common, operation: opt(operationExpect) })),
    }),
    waitOperation: p.step({
      waitOperation: obj({ ...waitFields, as: opt(alias) }),
      expect: opt(indexExpect),
    }),
    getSearchIndex: p.step({ getSearchIndex: obj(indexRefField), expect: opt(indexExpect) }),
    updateSearchIndex: p.step({
      updateSearchIndex: obj({
        ...indexRefField,
        name: opt(union(str(), nothing)),
        description: opt(union(str(), nothing)),
        labels: opt(union(record(str()), nothing)),
      }),
      expect: opt(indexExpect),
    }),
    listSearchIndexes: p.step({
      listSearchIndexes: obj({ pageSize: opt(int(1)) }),
      expect: opt(listExpect),
    }),
    deleteSearchIndex: p.step({ deleteSearchIndex: obj(indexRefField), expect: opt(obj(common)) }),
    addFiles: p.step({
      addFiles: obj({ ...indexRefField, files: arr(refName, { min: 1 }), ...waitFields }),
      expect: opt(obj({ ...p.listExpectFields, operation: opt(operationExpect) })),
    }),
    listIndexFiles: p.step({
      listIndexFiles: obj({ ...indexRefField, pageSize: opt(int(1)) }),
      expect: opt(listExpect),
    }),
    pageRaw: p.step({
      /**
       * Pages a List RPC with raw Connect calls, stopping on an empty token as our client
       * does: for lists the client has no helper for (AssistantService.ListVersions), and to
       * judge a server's paging by itself.
       */
      pageRaw: obj({
        rpc: str({ pattern: /^[A-Za-z]+Service\.List[A-Za-z]*$/, what: "Service.List..." }),
        /** The request (proto JSON) without page_token; `{{assistant}}` / `{{index}}`: the case's assistant / last index id. */
        request: opt(jsonObject()),
        pageSize: opt(int(1)),
        maxCalls: opt(int(1)),
      }),
      expect: opt(listExpect),
    }),
  };
}

/** The step keys {@link ragStepShapes} adds, in the README's order. */
export const RAG_STEP_KINDS = [
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
  "pageRaw",
] as const;
