import { clone } from "@bufbuild/protobuf";
import {
  type SearchIndex,
  type SearchIndexFile,
  SearchIndexSchema,
} from "@yc-assistants/types/searchindex";
import { notFound } from "../errors.js";
import { chunkText } from "../retrieval/chunk-text.js";
import { embed } from "../retrieval/hashed-embedding.js";
import { lexicalTerms } from "../retrieval/lexical-terms.js";
import type { IndexedChunk } from "../retrieval/rank-chunks.js";
import type { EmulatorState } from "./emulator-state.js";
import { activeExpiry } from "./file-store.js";

/** Chunking of an index whose request names none (recorded: 800 tokens, 400 overlap). */
export const DEFAULT_CHUNK_SIZE_TOKENS = 800n;
/** Overlap of {@link DEFAULT_CHUNK_SIZE_TOKENS} chunks (recorded). */
export const DEFAULT_CHUNK_OVERLAP_TOKENS = 400n;

/** A search index with its files and their chunks. */
export interface SearchIndexRecord {
  index: SearchIndex;
  readonly seq: number;
  /** The files of the index (SearchIndexFile, id = the file's id), with list order. */
  readonly files: { readonly seq: number; readonly file: SearchIndexFile }[];
  /** Every chunk of every file, in file order then position. */
  chunks: IndexedChunk[];
}

/** The search indexes of one emulator instance (SearchIndexService, issue 9). */
export class SearchIndexStore {
  readonly indexes = new Map<string, SearchIndexRecord>();

  constructor(readonly state: EmulatorState) {}

  /** The record of `id`; NOT_FOUND `search index <id> not found` when absent. */
  get(id: string): SearchIndexRecord {
    const record = this.indexes.get(id);
    if (record === undefined) throw notFound("search index", id);
    return record;
  }

  /** A copy of the SearchIndex message of `id`, or undefined when it is gone. */
  snapshot(id: string): SearchIndex | undefined {
    const record = this.indexes.get(id);
    return record === undefined ? undefined : clone(SearchIndexSchema, record.index);
  }

  /**
   * Marks an index as used by a search: with SINCE_LAST_ACTIVE its
   * `expires_at` becomes now + TTL (recorded: the index embedded in a
   * citation expires 7 days after the run that cited it).
   */
  touch(record: SearchIndexRecord): void {
    record.index.expiresAt = activeExpiry(this.state.timestamp(), record.index);
  }
}

/** The static chunking of an index: from its type's chunking strategy, else the default. */
export function chunkingOf(index: SearchIndex): { maxTokens: number; overlapTokens: number } {
  const type = index.IndexType;
  const strategy = type.case === undefined ? undefined : type.value.chunkingStrategy;
  const fixed = strategy?.Strategy.case === "staticStrategy" ? strategy.Strategy.value : undefined;
  return {
    maxTokens: Number(fixed?.maxChunkSizeTokens ?? DEFAULT_CHUNK_SIZE_TOKENS),
    overlapTokens: Number(fixed?.chunkOverlapTokens ?? DEFAULT_CHUNK_OVERLAP_TOKENS),
  };
}

/**
 * The chunks of one file for `index`: its bytes read as UTF-8 text, split by
 * the index's chunking, each with its terms and embedding.
 */
export function chunkFile(index: SearchIndex, fileId: string, content: Uint8Array): IndexedChunk[] {
  const text = new TextDecoder().decode(content);
  const { maxTokens, overlapTokens } = chunkingOf(index);
  return chunkText(text, maxTokens, overlapTokens).map((chunk, position) => ({
    fileId,
    position,
    text: chunk,
    terms: lexicalTerms(chunk),
    vector: embed(chunk),
  }));
}
