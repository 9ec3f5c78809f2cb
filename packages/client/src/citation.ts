/**
 * Citation: where an assistant's answer came from (search index file chunks).
 *
 * The real service embeds the whole search index and the whole source file in every chunk
 * (yandex-recorded-files, test_call_strategy_search_index.json): both are exposed here with
 * their ids, names, types and dates, so an answer can be printed with its sources without
 * another call.
 *
 * @module
 */
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { File, SearchIndex } from "@yc-assistants/types/common";
import type {
  ChunkContent,
  Citation as CitationMessage,
  ContentPart,
} from "@yc-assistants/types/threads";
import { defineViewMethods, timestampJson } from "./plain-view.js";
import { indexTypeOf, type SearchIndexType } from "./search-index-options.js";

/** What `JSON.stringify(source.searchIndex)` writes (the raw message left out). */
export interface CitationSearchIndexJson {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly folderId: string;
  readonly type?: SearchIndexType;
  readonly labels: Readonly<Record<string, string>>;
  /** RFC 3339, as proto3 JSON writes a Timestamp. */
  readonly createdAt?: string;
}

/** What `JSON.stringify(source.file)` writes (the raw message left out). */
export interface CitationFileJson {
  readonly id: string;
  readonly name: string;
  readonly mimeType: string;
  readonly description: string;
  readonly folderId: string;
  readonly labels: Readonly<Record<string, string>>;
  /** RFC 3339, as proto3 JSON writes a Timestamp. */
  readonly createdAt?: string;
}

/** What `JSON.stringify(source)` writes. */
export interface CitationSourceJson {
  readonly type: "chunk";
  readonly searchIndex?: CitationSearchIndexJson;
  readonly file?: CitationFileJson;
  readonly parts: readonly string[];
  readonly text: string;
}

/** What `JSON.stringify(citation)` writes. */
export interface CitationJson {
  readonly sources: readonly CitationSourceJson[];
}

/**
 * The search index a cited chunk was found in.
 *
 * @example
 * console.log(source.searchIndex?.name);
 */
export interface CitationSearchIndex {
  /** Search index id. */
  readonly id: string;
  /** Search index name. */
  readonly name: string;
  /** Search index description. */
  readonly description: string;
  /** Folder of the search index. */
  readonly folderId: string;
  /** The index type (`undefined` when the server does not say). */
  readonly type: SearchIndexType | undefined;
  /** Labels of the search index. */
  readonly labels: Readonly<Record<string, string>>;
  /** When the search index was created. */
  readonly createdAt: Date | undefined;
  /** The raw `SearchIndex` message (all other fields). */
  readonly proto: SearchIndex;
  /** The fields above but `proto`, `createdAt` in RFC 3339 (not enumerable). */
  toJSON(): CitationSearchIndexJson;
}

/**
 * The source file a cited chunk was cut from.
 *
 * @example
 * console.log(`${source.file?.name} (${source.file?.mimeType})`);
 */
export interface CitationFile {
  /** File id. */
  readonly id: string;
  /** File name. */
  readonly name: string;
  /** MIME type of the file. */
  readonly mimeType: string;
  /** File description. */
  readonly description: string;
  /** Folder of the file. */
  readonly folderId: string;
  /** Labels of the file. */
  readonly labels: Readonly<Record<string, string>>;
  /** When the file was uploaded. */
  readonly createdAt: Date | undefined;
  /** The raw `File` message (all other fields). */
  readonly proto: File;
  /** The fields above but `proto`, `createdAt` in RFC 3339 (not enumerable). */
  toJSON(): CitationFileJson;
}

/**
 * One source of a citation: a file chunk (spec/runs.md, "RunResult": "sources are file chunks:
 * search index, source file, chunk text parts").
 *
 * @example
 * const quoted = citation.sources.map((s) => s.text).join("\n---\n");
 */
export interface CitationSource {
  /** The only source kind of the API. */
  readonly type: "chunk";
  /** The search index the chunk came from, when the server says. */
  readonly searchIndex?: CitationSearchIndex;
  /** The file the chunk came from, when the server says. */
  readonly file?: CitationFile;
  /** Text of each content part of the chunk, in order. */
  readonly parts: readonly string[];
  /** The parts joined with `"\n"`. */
  readonly text: string;
  /** The source as JSON (not enumerable). */
  toJSON(): CitationSourceJson;
}

/**
 * A citation of an assistant message: the sources it rests on. An answer from a
 * `search_index` tool has one citation whose sources are the chunks it used; an answer the
 * model gave without searching has none.
 *
 * @example
 * // Recorded (test_call_strategy_search_index.json): the answer "57" over one file.
 * for (const citation of result.citations) {
 *   for (const source of citation.sources) {
 *     console.log(source.searchIndex?.id, source.searchIndex?.type); // "fvtpabs6…" "text"
 *     console.log(source.file?.id, source.file?.mimeType); // "fvthq2si…" "text/plain"
 *     console.log(source.text); // "my secret number is 57"
 *   }
 * }
 */
export interface Citation {
  /** Its sources, in wire order. */
  readonly sources: readonly CitationSource[];
  /**
   * `{ sources }` as plain JSON: search index and file without their raw messages, dates in
   * RFC 3339 (issue 12: `JSON.stringify` of a result threw on their int64 fields). Not
   * enumerable; `util.inspect` prints the same.
   */
  toJSON(): CitationJson;
}

/**
 * The text of each text part, in order; parts of other kinds are skipped.
 *
 * @example
 * textParts(message.content?.content ?? []); // ["Hello! How can I help you?"]
 */
export function textParts(parts: readonly ContentPart[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part.PartType.case === "text") out.push(part.PartType.value.content);
  }
  return out;
}

function chunkParts(content: ChunkContent | undefined): string[] {
  return content === undefined ? [] : textParts(content.content);
}

/**
 * Converts the `citations` of a threads `Message` into frozen {@link Citation}s. Sources of a
 * kind this client does not know are skipped.
 *
 * @example
 * const citations = citationsFromProto(message.citations);
 */
export function citationsFromProto(citations: readonly CitationMessage[]): Citation[] {
  return citations.map((citation) => {
    const sources: CitationSource[] = [];
    for (const source of citation.sources) {
      if (source.SourceType.case !== "chunk") continue;
      const chunk = source.SourceType.value;
      const parts = Object.freeze(chunkParts(chunk.content));
      const view = {
        type: "chunk" as const,
        searchIndex: chunk.searchIndex && searchIndexView(chunk.searchIndex),
        file: chunk.sourceFile && fileView(chunk.sourceFile),
        parts,
        text: parts.join("\n"),
      };
      const json = (): CitationSourceJson => ({
        type: view.type,
        searchIndex: view.searchIndex?.toJSON(),
        file: view.file?.toJSON(),
        parts: view.parts,
        text: view.text,
      });
      defineViewMethods(view, "CitationSource", json);
      sources.push(Object.freeze(view) as CitationSource);
    }
    const view = { sources: Object.freeze(sources) };
    defineViewMethods(view, "Citation", () => ({ sources: sources.map((s) => s.toJSON()) }));
    return Object.freeze(view) as Citation;
  });
}

function searchIndexView(index: SearchIndex): CitationSearchIndex {
  const view = {
    id: index.id,
    name: index.name,
    description: index.description,
    folderId: index.folderId,
    type: indexTypeOf(index),
    labels: index.labels,
    createdAt: index.createdAt && timestampDate(index.createdAt),
    proto: index,
  };
  const json = (): CitationSearchIndexJson => plainJson(view, index.createdAt);
  defineViewMethods(view, "CitationSearchIndex", json);
  return Object.freeze(view) as CitationSearchIndex;
}

/** A view's JSON: its plain fields, without the raw `proto`, with `createdAt` in RFC 3339. */
function plainJson<V extends { proto: unknown; createdAt: unknown }>(
  view: V,
  createdAt: Parameters<typeof timestampJson>[0],
): Omit<V, "proto" | "createdAt"> & { createdAt: ReturnType<typeof timestampJson> } {
  const { proto: _proto, createdAt: _createdAt, ...plain } = view;
  return { ...plain, createdAt: timestampJson(createdAt) };
}

function fileView(file: File): CitationFile {
  const view = {
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    description: file.description,
    folderId: file.folderId,
    labels: file.labels,
    createdAt: file.createdAt && timestampDate(file.createdAt),
    proto: file,
  };
  const json = (): CitationFileJson => plainJson(view, file.createdAt);
  defineViewMethods(view, "CitationFile", json);
  return Object.freeze(view) as CitationFile;
}
