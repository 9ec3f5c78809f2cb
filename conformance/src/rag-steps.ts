/**
 * Runs the steps of files, search indexes, operations and raw paging (rag-schema.ts) with
 * our client, and checks what it reports against the case and against the wire: the File /
 * SearchIndex messages the server sent, the SearchIndex unpacked from a done Operation's
 * `Any`, the operation's error code, the pages of every list, and the citations of a result
 * read straight from the completed message (independently of the client's mapping).
 */

import { type DescMethod, fromJson, type JsonValue, type Message } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import type { Citation } from "@yc-assistants/client";
import {
  type File as FileMessage,
  type Run as RunMessage,
  registry,
  type SearchIndex as SearchIndexMessage,
} from "@yc-assistants/types";
import type { CitedSourceExpect, SearchToolSpec, Step } from "./case-schema.js";
import { NotApplicableError } from "./drivers/client-driver.js";
import { checkList, checkPages, pageIds } from "./list-checks.js";
import { ClientProcessError } from "./protocol/client-process.js";
import {
  callsOf,
  checkFile,
  checkIndex,
  checkOperation,
  field,
  type IndexExpectLike,
  lastResponse,
  operationsOf,
  unpackedResponse,
  wireCitations,
} from "./rag-checks.js";
import type {
  FileLike,
  IndexLike,
  OperationLike,
  OperationWaitLike,
  RagClient,
  SearchToolLike,
} from "./rag-client.js";
import { RAG_STEP_KINDS } from "./rag-schema.js";
import { findRpc } from "./replay-script.js";
import type { WireCall } from "./wire-log.js";

const show = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? String(v);

type RagKind = (typeof RAG_STEP_KINDS)[number];
/** A step of rag-schema.ts. */
export type RagStep = { [K in RagKind]: Extract<Step, Record<K, unknown>> }[RagKind];

/** True for the steps {@link RagSteps} runs. */
export function isRagStep(step: Step): step is RagStep {
  return RAG_STEP_KINDS.some((k) => k in step);
}

/** A step that failed after some checks were made. */
export class RagStepError extends Error {
  constructor(
    readonly error: unknown,
    readonly failures: string[],
  ) {
    super("step failed");
  }
}

/** The files, indexes and operation of one case, and how steps reach them by alias. */
export class RagSteps {
  private readonly files = new Map<string, { file: FileLike; content: Uint8Array | undefined }>();
  private readonly indexes = new Map<string, IndexLike>();
  private lastFile: string | undefined;
  private lastIndex: string | undefined;
  private operation: { op: OperationLike; as: string | undefined } | undefined;

  /**
   * @param rag the client under test's files and indexes (its driver's, read at each step:
   *   in process or over the protocol).
   */
  constructor(
    private readonly rag: () => RagClient,
    private readonly transport: Transport,
    private readonly local: boolean,
    private readonly assistantId: () => string | undefined,
  ) {}

  /** A file alias (or, failing that, a literal id) → the file id; absent = the last upload. */
  fileId(ref: string | undefined): string {
    const key = ref ?? this.lastFile;
    if (key === undefined) throw precondition("file (add an uploadFile step)");
    return this.files.get(key)?.file.id ?? key;
  }

  /** The id of the last uploaded file, if any (`{{file}}` of callRaw). */
  lastFileId(): string | undefined {
    return this.lastFile === undefined ? undefined : this.fileId(undefined);
  }

  /** The id of the last created search index, if any (`{{index}}` of callRaw). */
  lastIndexId(): string | undefined {
    return this.lastIndex === undefined ? undefined : this.indexId(undefined);
  }

  /** An index alias (or a literal id) → the index id; absent = the last created index. */
  indexId(ref: string | undefined): string {
    const key = ref ?? this.lastIndex;
    if (key === undefined) throw precondition("search index (add a createSearchIndex step)");
    return this.indexes.get(key)?.id ?? key;
  }

  /** The `search_index` tool of a `createAssistant` step, aliases resolved to ids. */
  searchTool(spec: SearchToolSpec): SearchToolLike {
    return {
      searchIndexes: spec.indexes.map((r) => this.indexId(r)),
      ...(spec.maxNumResults !== undefined ? { maxNumResults: spec.maxNumResults } : {}),
      ...(spec.callStrategy !== undefined
        ? { callStrategy: spec.callStrategy as SearchToolLike["callStrategy"] }
        : {}),
    };
  }

  /**
   * The citations the client reports against the completed message on the wire (always,
   * unless `derive: false`), and against `citedSources` of the case.
   */
  checkCitations(
    result: { citations: readonly unknown[] },
    run: RunMessage | undefined,
    expected: CitedSourceExpect[][] | undefined,
    derive: boolean,
  ): string[] {
    const out: string[] = [];
    let got: { searchIndex?: string; file?: string; text: string }[][];
    try {
      got = (result.citations as Citation[]).map((c) =>
        c.sources.map((s) => ({ searchIndex: s.searchIndex?.id, file: s.file?.id, text: s.text })),
      );
    } catch {
      return out; // a FAILED result: checked by messageThrows
    }
    if (derive && run) {
      const wire = wireCitations(run);
      if (show(wire) !== show(got)) {
        out.push(
          `result.citations: expected ${show(wire)} (the completed message's), got ${show(got)}`,
        );
      }
    }
    if (expected !== undefined) {
      if (expected.length !== got.length) {
        out.push(`result.citations: expected ${expected.length} citation(s), got ${got.length}`);
      }
      expected.forEach((sources, i) => {
        const have = got[i] ?? [];
        if (sources.length !== have.length) {
          out.push(
            `result.citations[${i}]: expected ${sources.length} source(s), got ${have.length}`,
          );
        }
        sources.forEach((want, j) => {
          const s = have[j];
          const at = `result.citations[${i}].sources[${j}]`;
          if (!s) return;
          if (want.searchIndex !== undefined)
            field(out, `${at}.searchIndex.id`, this.indexId(want.searchIndex), s.searchIndex);
          if (want.file !== undefined) field(out, `${at}.file.id`, this.fileId(want.file), s.file);
          field(out, `${at}.text`, want.text, s.text);
          if (want.textContains !== undefined && !s.text.includes(want.textContains)) {
            out.push(
              `${at}.text: expected to contain ${show(want.textContains)}, got ${show(s.text)}`,
            );
          }
        });
      });
    }
    return out;
  }

  /** Runs one step; returns its check failures (an exception is the step's error). */
  async step(step: RagStep, calls: () => WireCall[]): Promise<string[]> {
    const derive = step.derive !== false;
    const client = this.rag();
    const poll = (w: { pollIntervalMs?: number; timeoutMs?: number }): OperationWaitLike => ({
      pollIntervalMs: w.pollIntervalMs ?? (this.local ? 10 : 500),
      ...(this.local ? { maxPollIntervalMs: 50 } : {}),
      ...(w.timeoutMs !== undefined ? { timeoutMs: w.timeoutMs } : {}),
    });
    if ("uploadFile" in step) {
      const u = step.uploadFile;
      const content =
        u.text !== undefined
          ? new TextEncoder().encode(u.text)
          : u.base64 !== undefined
            ? new Uint8Array(Buffer.from(u.base64, "base64"))
            : undefined;
      const input = {
        ...(u.text !== undefined ? { text: u.text } : {}),
        ...(u.base64 !== undefined && content ? { bytes: content } : {}),
        ...(u.name !== undefined ? { name: u.name } : {}),
        ...(u.mimeType !== undefined ? { mimeType: u.mimeType } : {}),
        ...(u.description !== undefined ? { description: u.description } : {}),
        ...(u.labels !== undefined ? { labels: u.labels } : {}),
      };
      const file = await client.uploadFile(input);
      const key = u.as ?? file.id;
      this.files.set(key, { file, content });
      this.lastFile = key;
      const wire = derive ? lastResponse<FileMessage>(calls(), ["FileService.Create"]) : undefined;
      return checkFile("file", file, wire, step.expect);
    }
    if ("getFile" in step) {
      const file = await client.getFile(this.fileId(step.getFile.file));
      const wire = derive ? lastResponse<FileMessage>(calls(), ["FileService.Get"]) : undefined;
      return checkFile("file", file, wire, step.expect);
    }
    if ("updateFile" in step) {
      const { file: ref, ...patch } = step.updateFile;
      const file = await client.updateFile(this.fileId(ref), patch);
      const wire = derive ? lastResponse<FileMessage>(calls(), ["FileService.Update"]) : undefined;
      return checkFile("file", file, wire, step.expect);
    }
    if ("listFiles" in step) {
      const ids = await client.listFiles(step.listFiles.pageSize);
      return this.listChecks(step.expect, ids, callsOf(calls(), "FileService.List"), derive);
    }
    if ("fileUrl" in step) {
      const url = await client.fileUrl(this.fileId(step.fileUrl.file));
      const out: string[] = [];
      const wire = lastResponse<{ url: string }>(calls(), ["FileService.GetUrl"]);
      if (derive && wire && wire.url !== url) out.push("url: not the URL GetUrl answered");
      const pattern = step.expect?.urlPattern;
      if (pattern !== undefined && !new RegExp(pattern).test(url)) {
        out.push(`url: does not match /${pattern}/ (got ${url.replace(/\?.*/, "?…")})`);
      }
      return out;
    }
    if ("downloadFile" in step) {
      const ref = step.downloadFile.file ?? this.lastFile;
      const known = ref === undefined ? undefined : this.files.get(ref);
      const bytes = await client.downloadFile(this.fileId(ref));
      const out: string[] = [];
      const text = new TextDecoder().decode(bytes);
      field(out, "download.text", step.expect?.text, text);
      const same = step.expect?.sameAsUpload ?? (derive && known?.content !== undefined);
      if (same && known?.content) {
        if (Buffer.compare(Buffer.from(known.content), Buffer.from(bytes)) !== 0) {
          out.push(
            `download: ${bytes.length} byte(s) differ from the ${known.content.length} uploaded`,
          );
        }
      } else if (same) {
        out.push("download: sameAsUpload needs a file uploaded by this case");
      }
      return out;
    }
    if ("deleteFile" in step) {
      await client.deleteFile(this.fileId(step.deleteFile.file));
      return [];
    }
    if ("createSearchIndex" in step) {
      const c = step.createSearchIndex;
      const settings = {
        ...(c.files !== undefined ? { files: c.files.map((r) => this.fileId(r)) } : {}),
        ...(c.type !== undefined ? { type: c.type } : {}),
        ...(c.chunking !== undefined ? { chunking: c.chunking } : {}),
        ...(c.analyzer !== undefined ? { analyzer: c.analyzer } : {}),
        ...(c.normalization !== undefined ? { normalization: c.normalization } : {}),
        ...(c.combination !== undefined ? { combination: c.combination as never } : {}),
        ...(c.name !== undefined ? { name: c.name } : {}),
        ...(c.description !== undefined ? { description: c.description } : {}),
        ...(c.labels !== undefined ? { labels: c.labels } : {}),
      };
      if (c.deferred) {
        const op = await client.createSearchIndexDeferred(settings);
        this.operation = { op, as: c.as };
        return checkOperation("operation", calls(), op, step.expect?.operation);
      }
      return this.finishIndex(
        () => client.createSearchIndex(settings, poll(c)),
        c.as,
        calls,
        step.expect,
        derive,
      );
    }
    if ("pollOperation" in step) {
      const op = this.need();
      op.op = await client.pollOperation(op.op.id);
      return checkOperation("operation", calls(), op.op, step.expect?.operation);
    }
    if ("waitOperation" in step) {
      const op = this.need();
      return this.finishIndex(
        () => client.waitOperation(op.op.id, poll(step.waitOperation)),
        step.waitOperation.as ?? op.as,
        calls,
        step.expect,
        derive,
      );
    }
    if ("getSearchIndex" in step) {
      const index = await client.getSearchIndex(this.indexId(step.getSearchIndex.index));
      const wire = derive
        ? lastResponse<SearchIndexMessage>(calls(), ["SearchIndexService.Get"])
        : undefined;
      return checkIndex("searchIndex", index, wire, step.expect);
    }
    if ("updateSearchIndex" in step) {
      const { index: ref, ...patch } = step.updateSearchIndex;
      const index = await client.updateSearchIndex(this.indexId(ref), patch);
      const wire = derive
        ? lastResponse<SearchIndexMessage>(calls(), ["SearchIndexService.Update"])
        : undefined;
      return checkIndex("searchIndex", index, wire, step.expect);
    }
    if ("listSearchIndexes" in step) {
      const ids = await client.listSearchIndexes(step.listSearchIndexes.pageSize);
      return this.listChecks(step.expect, ids, callsOf(calls(), "SearchIndexService.List"), derive);
    }
    if ("deleteSearchIndex" in step) {
      await client.deleteSearchIndex(this.indexId(step.deleteSearchIndex.index));
      return [];
    }
    if ("addFiles" in step) {
      const a = step.addFiles;
      const files = a.files.map((r) => this.fileId(r));
      let ids: string[];
      try {
        ids = await client.addFiles(this.indexId(a.index), files, poll(a));
      } catch (e) {
        throw ownError(e) ? e : new RagStepError(e, this.operationErrorChecks(e, calls()));
      }
      const out = checkOperation("operation", calls(), undefined, step.expect?.operation);
      const wire = unpackedResponse(calls()) as { files?: { id: string }[] } | undefined;
      out.push(
        ...checkList(
          step.expect,
          ids,
          derive ? wire?.files?.map((f) => f.id) : undefined,
          undefined,
        ),
      );
      return out;
    }
    if ("listIndexFiles" in step) {
      const l = step.listIndexFiles;
      const ids = await client.listIndexFiles(this.indexId(l.index), l.pageSize);
      return this.listChecks(
        step.expect,
        ids,
        callsOf(calls(), "SearchIndexFileService.List"),
        derive,
      );
    }
    if ("pageRaw" in step) return this.pageRaw(step, calls);
    const never: never = step;
    throw new Error(`unknown step ${show(never)}`);
  }

  private need() {
    if (!this.operation)
      throw precondition("operation (add a createSearchIndex step with deferred: true)");
    return this.operation;
  }

  private listChecks(
    expect: { count?: number; ids?: string[]; pages?: number | "any" } | undefined,
    ids: string[],
    listCalls: WireCall[],
    derive: boolean,
  ): string[] {
    const out = checkList(expect, ids, derive ? pageIds(listCalls) : undefined, undefined);
    if (expect?.pages !== undefined) out.push(...checkPages(listCalls, expect.pages));
    return out;
  }

  /** A failed operation: the client's error must carry the operation's `error.code`. */
  private operationErrorChecks(e: unknown, calls: readonly WireCall[]): string[] {
    const last = operationsOf(calls).pop();
    if (!last?.done || last.result.case !== "error") return [];
    const code = ConnectError.from(e).code;
    return code === (last.result.value.code as Code)
      ? []
      : [
          `the operation ended with error code ${last.result.value.code}, the client reported code ${code}`,
        ];
  }

  private async finishIndex(
    run: () => Promise<IndexLike>,
    as: string | undefined,
    calls: () => WireCall[],
    expect: IndexExpectLike | undefined,
    derive: boolean,
  ): Promise<string[]> {
    let index: IndexLike;
    try {
      index = await run();
    } catch (e) {
      if (ownError(e)) throw e;
      throw new RagStepError(e, [
        ...this.operationErrorChecks(e, calls()),
        ...checkOperation("operation", calls(), undefined, expect?.operation),
      ]);
    }
    const key = as ?? index.id;
    this.indexes.set(key, index);
    this.lastIndex = key;
    const out = checkOperation("operation", calls(), undefined, expect?.operation);
    const wire = derive ? (unpackedResponse(calls()) as SearchIndexMessage | undefined) : undefined;
    if (derive && !wire)
      out.push("operation: no done Operation with a SearchIndex response on the wire");
    out.push(...checkIndex("searchIndex", index, wire, expect));
    return out;
  }

  private async pageRaw(step: Extract<RagStep, { pageRaw: unknown }>, calls: () => WireCall[]) {
    const p = step.pageRaw;
    const method: DescMethod | undefined = findRpc(p.rpc);
    if (method?.methodKind !== "unary") {
      throw new ConnectError(
        `pageRaw: ${p.rpc} is not a known unary List RPC`,
        Code.InvalidArgument,
      );
    }
    const raw = createClient(method.parent, this.transport) as unknown as Record<
      string,
      (req: Message) => Promise<Message & { nextPageToken?: string }>
    >;
    const body = JSON.parse(
      JSON.stringify(p.request ?? {})
        .replaceAll("{{assistant}}", this.assistantId() ?? "")
        .replaceAll("{{index}}", this.lastIndexId() ?? ""),
    ) as Record<string, JsonValue>;
    const ids: string[] = [];
    let token = "";
    for (let n = 0; ; n++) {
      if (n >= (p.maxCalls ?? 50))
        return [`pageRaw: the list did not end within ${p.maxCalls ?? 50} calls`];
      const request = fromJson(
        method.input,
        {
          ...body,
          ...(p.pageSize !== undefined ? { pageSize: String(p.pageSize) } : {}),
          ...(token ? { pageToken: token } : {}),
        },
        { registry },
      );
      const fn = raw[method.localName] as (
        req: Message,
      ) => Promise<Message & { nextPageToken?: string }>;
      const page = await fn(request);
      const list = method.output.fields.find(
        (f) => f.fieldKind === "list" && f.listKind === "message",
      );
      const items =
        (list ? (page as unknown as Record<string, { id?: string }[]>)[list.localName] : []) ?? [];
      ids.push(...items.map((i) => String(i.id ?? "")));
      token = page.nextPageToken ?? "";
      if (token === "") break;
    }
    return this.listChecks(step.expect, ids, callsOf(calls(), p.rpc), step.derive !== false);
  }
}

/**
 * A step the client does not offer (not applicable) or an adapter that broke: the runner's own
 * verdicts, never the step's error (search-indexes/unknown-file-fails-operation expects an
 * error, which an unsupported step must not be taken for).
 */
function ownError(e: unknown): boolean {
  return e instanceof NotApplicableError || e instanceof ClientProcessError;
}

function precondition(what: string): ConnectError {
  return new ConnectError(`the case has no ${what} yet`, Code.FailedPrecondition);
}
