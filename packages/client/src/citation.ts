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
import { indexTypeOf, type SearchIndexType } from "./search-index-options.js";

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
      const index = chunk.searchIndex;
      const file = chunk.sourceFile;
      sources.push(
        Object.freeze({
          type: "chunk" as const,
          searchIndex:
            index === undefined
              ? undefined
              : Object.freeze({
                  id: index.id,
                  name: index.name,
                  description: index.description,
                  folderId: index.folderId,
                  type: indexTypeOf(index),
                  labels: index.labels,
                  createdAt: index.createdAt && timestampDate(index.createdAt),
                  proto: index,
                }),
          file:
            file === undefined
              ? undefined
              : Object.freeze({
                  id: file.id,
                  name: file.name,
                  mimeType: file.mimeType,
                  description: file.description,
                  folderId: file.folderId,
                  labels: file.labels,
                  createdAt: file.createdAt && timestampDate(file.createdAt),
                  proto: file,
                }),
          parts,
          text: parts.join("\n"),
        }),
      );
    }
    return Object.freeze({ sources: Object.freeze(sources) });
  });
}
