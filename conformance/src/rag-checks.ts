/**
 * Checks of files, search indexes and operations (issue 9): what our client reports against
 * the messages the server sent (the File, the SearchIndex unpacked from a done Operation's
 * `Any`, the operation's error) and against the case; and the suite's own reading of the
 * citations of a completed message.
 */
import type { JsonValue, Message } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  type File as FileMessage,
  type Run as RunMessage,
  registry,
  type SearchIndex as SearchIndexMessage,
} from "@yc-assistants/types";
import type { Operation as OperationMessage } from "@yc-assistants/types/operation";
import type { FileLike, IndexLike } from "./rag-client.js";
import type { WireCall } from "./wire-log.js";

const show = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? String(v);

/** File expectations of a step. */
export interface FileExpectLike {
  name?: string;
  mimeType?: string;
  description?: string;
  labels?: Record<string, string>;
}

/** The `operation` expectation. */
export interface OperationExpectLike {
  done?: boolean;
  firstDone?: boolean;
  description?: string;
  descriptionContains?: string;
  minPolls?: number;
  errorCode?: number;
}

/** Search index expectations of a step. */
export interface IndexExpectLike {
  type?: "text" | "vector" | "hybrid" | null;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  chunking?: { maxChunkSizeTokens: number; chunkOverlapTokens: number } | null;
  hybrid?: Record<string, JsonValue>;
  operation?: OperationExpectLike;
}

/** Adds a failure when `want` is given and differs from `got`. */
export function field(out: string[], label: string, want: unknown, got: unknown): void {
  if (want !== undefined && show(want) !== show(got)) {
    out.push(`${label}: expected ${show(want)}, got ${show(got)}`);
  }
}

/** Does `want` (proto JSON) appear in `got` (a subset match)? */
function contains(want: JsonValue, got: JsonValue | undefined): boolean {
  if (want === null || typeof want !== "object") return show(want) === show(got);
  if (Array.isArray(want)) {
    return (
      Array.isArray(got) &&
      want.length === got.length &&
      want.every((w, i) => contains(w, got[i] as JsonValue))
    );
  }
  if (got === null || typeof got !== "object" || Array.isArray(got)) return false;
  return Object.entries(want).every(([k, w]) => contains(w, (got as Record<string, JsonValue>)[k]));
}

/** The call succeeded. */
export const ok = (c: WireCall) => c.error === undefined;
/** The successful calls of one RPC. */
export const callsOf = (calls: readonly WireCall[], rpc: string) =>
  calls.filter((c) => c.rpc === rpc && ok(c));
/** The last response among calls of these RPCs. */
export const lastResponse = <T>(
  calls: readonly WireCall[],
  rpcs: readonly string[],
): T | undefined =>
  calls
    .filter((c) => rpcs.includes(c.rpc) && ok(c))
    .flatMap((c) => c.responses)
    .pop() as T | undefined;

function indexTypeOf(m: SearchIndexMessage): string | undefined {
  const names: Record<string, string> = {
    textSearchIndex: "text",
    vectorSearchIndex: "vector",
    hybridSearchIndex: "hybrid",
  };
  return m.IndexType.case === undefined ? undefined : names[m.IndexType.case];
}

/** The client's view of a file, against the File message the server sent. */
export function checkFile(
  label: string,
  file: FileLike,
  wire: FileMessage | undefined,
  e?: FileExpectLike,
) {
  const out: string[] = [];
  if (wire) {
    field(out, `${label}.id (wire)`, wire.id, file.id);
    field(out, `${label}.name (wire)`, wire.name, file.name);
    field(out, `${label}.mimeType (wire)`, wire.mimeType, file.mimeType);
    field(out, `${label}.description (wire)`, wire.description, file.description);
    field(out, `${label}.labels (wire)`, wire.labels, file.labels);
  }
  field(out, `${label}.name`, e?.name, file.name);
  field(out, `${label}.mimeType`, e?.mimeType, file.mimeType);
  field(out, `${label}.description`, e?.description, file.description);
  field(out, `${label}.labels`, e?.labels, file.labels);
  return out;
}

/** The client's view of an index, against the SearchIndex message the server sent. */
export function checkIndex(
  label: string,
  index: IndexLike,
  wire: SearchIndexMessage | undefined,
  e?: IndexExpectLike,
) {
  const out: string[] = [];
  if (wire) {
    field(out, `${label}.id (wire)`, wire.id, index.id);
    field(out, `${label}.name (wire)`, wire.name, index.name);
    field(out, `${label}.description (wire)`, wire.description, index.description);
    field(out, `${label}.labels (wire)`, wire.labels, index.labels);
    field(out, `${label}.type (wire)`, indexTypeOf(wire), index.type);
  }
  field(out, `${label}.type`, e?.type === null ? undefined : e?.type, index.type);
  field(out, `${label}.name`, e?.name, index.name);
  field(out, `${label}.description`, e?.description, index.description);
  field(out, `${label}.labels`, e?.labels, index.labels);
  field(out, `${label}.chunking`, e?.chunking === null ? undefined : e?.chunking, index.chunking);
  if (e?.hybrid !== undefined) {
    const json = index.hybrid;
    if (!contains(e.hybrid, json)) {
      out.push(`${label}.hybrid: expected ${show(e.hybrid)} within ${show(json)}`);
    }
  }
  return out;
}

/** The operations of a step on the wire: the start response, then every poll. */
export function operationsOf(calls: readonly WireCall[]): OperationMessage[] {
  return calls
    .filter(
      (c) =>
        ok(c) &&
        (c.rpc === "SearchIndexService.Create" ||
          c.rpc === "SearchIndexFileService.BatchCreate" ||
          c.rpc === "OperationService.Get"),
    )
    .flatMap((c) => c.responses as OperationMessage[]);
}

/** The operation a step ended with, against the wire and the case. */
export function checkOperation(
  label: string,
  calls: readonly WireCall[],
  handle: { done: boolean; description: string } | undefined,
  e: OperationExpectLike | undefined,
): string[] {
  const out: string[] = [];
  const ops = operationsOf(calls);
  const first = ops[0];
  const last = ops[ops.length - 1];
  if (handle && last) field(out, `${label}.done (wire)`, last.done, handle.done);
  if (!e) return out;
  field(out, `${label}.done`, e.done, handle?.done ?? last?.done);
  field(out, `${label}.firstDone`, e.firstDone, first?.done);
  field(out, `${label}.description`, e.description, handle?.description ?? last?.description);
  const description = handle?.description ?? last?.description ?? "";
  if (e.descriptionContains !== undefined && !description.includes(e.descriptionContains)) {
    out.push(
      `${label}.description: expected to contain ${show(e.descriptionContains)}, got ${show(description)}`,
    );
  }
  const polls = callsOf(calls, "OperationService.Get").length;
  if (e.minPolls !== undefined && polls < e.minPolls) {
    out.push(
      `${label}: expected at least ${e.minPolls} OperationService.Get poll(s), got ${polls}`,
    );
  }
  if (e.errorCode !== undefined) {
    field(
      out,
      `${label}.error.code (wire)`,
      e.errorCode,
      last?.result.case === "error" ? last.result.value.code : undefined,
    );
  }
  return out;
}

/** The message packed in the last done Operation's `response`, unpacked with the registry. */
export function unpackedResponse(calls: readonly WireCall[]): Message | undefined {
  const last = operationsOf(calls).pop();
  if (!last?.done || last.result.case !== "response") return undefined;
  return anyUnpack(last.result.value, registry);
}

/** The citations of a Run's completed message, read from the proto (the suite's reading). */
export function wireCitations(run: RunMessage | undefined) {
  const message =
    run?.state?.StateData.case === "completedMessage" ? run.state.StateData.value : undefined;
  return (message?.citations ?? []).map((c) =>
    c.sources.flatMap((s) =>
      s.SourceType.case === "chunk"
        ? [
            {
              searchIndex: s.SourceType.value.searchIndex?.id,
              file: s.SourceType.value.sourceFile?.id,
              text: (s.SourceType.value.content?.content ?? [])
                .flatMap((p) => (p.PartType.case === "text" ? [p.PartType.value.content] : []))
                .join("\n"),
            },
          ]
        : [],
    ),
  );
}
