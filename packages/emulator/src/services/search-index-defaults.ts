import { clone, create } from "@bufbuild/protobuf";
import {
  type ChunkingStrategy,
  ChunkingStrategySchema,
  type CreateSearchIndexRequest,
  type HybridSearchIndex,
  HybridSearchIndexSchema,
  type SearchIndex,
  StandardTokenizerSchema,
  type TextSearchIndex,
  TextSearchIndexSchema,
  type VectorSearchIndex,
  VectorSearchIndexSchema,
  YandexLemmerAnalyzerSchema,
} from "@yc-assistants/types/searchindex";
import { invalidArgument } from "../errors.js";
import {
  DEFAULT_CHUNK_OVERLAP_TOKENS,
  DEFAULT_CHUNK_SIZE_TOKENS,
} from "../state/search-index-store.js";

/** Recorded default of `VectorSearchIndex.doc_embedder_uri`. */
export const DEFAULT_DOC_EMBEDDER_URI = "emb://yc.ml.rag-prod.common/text-search-doc/latest";
/** Recorded default of `VectorSearchIndex.query_embedder_uri`. */
export const DEFAULT_QUERY_EMBEDDER_URI = "emb://yc.ml.rag-prod.common/text-search-query/latest";

/**
 * The index type of a new search index as the service stores it, from the
 * recordings (`test_search_index.json`, `test_hybrid_search_index.json`):
 * - no type → a text index;
 * - text: chunking static 800/400 when absent, `standard_tokenizer` and
 *   `yandex_lemmer_analyzer` when absent;
 * - vector: the recorded doc and query embedder URIs when empty, chunking as
 *   for text;
 * - hybrid: chunking on the hybrid message (800/400 when absent), its text
 *   and vector parts filled as above but without a chunking of their own;
 *   normalisation and combination are kept as given (the recordings only
 *   show them given; retrieval reads unset as MIN_MAX and an equal-weight
 *   arithmetic mean).
 * A static strategy needs `max_chunk_size_tokens` ≥ 1 and an overlap between
 * 0 and half the size (INVALID_ARGUMENT otherwise).
 */
export function normalizeIndexType(request: CreateSearchIndexRequest): SearchIndex["IndexType"] {
  const type = request.IndexType;
  switch (type.case) {
    case "vectorSearchIndex":
      return { case: type.case, value: normalizeVector(type.value, "vector_search_index", true) };
    case "hybridSearchIndex":
      return { case: type.case, value: normalizeHybrid(type.value) };
    case "textSearchIndex":
      return { case: type.case, value: normalizeText(type.value, "text_search_index", true) };
    default:
      return {
        case: "textSearchIndex",
        value: normalizeText(create(TextSearchIndexSchema), "text_search_index", true),
      };
  }
}

function normalizeText(index: TextSearchIndex, at: string, chunking: boolean): TextSearchIndex {
  const out = clone(TextSearchIndexSchema, index);
  if (chunking) out.chunkingStrategy = normalizeChunking(out.chunkingStrategy, at);
  if (out.TextTokenizer.case === undefined) {
    out.TextTokenizer = { case: "standardTokenizer", value: create(StandardTokenizerSchema) };
  }
  if (out.TextAnalyzer.case === undefined) {
    out.TextAnalyzer = { case: "yandexLemmerAnalyzer", value: create(YandexLemmerAnalyzerSchema) };
  }
  return out;
}

function normalizeVector(
  index: VectorSearchIndex,
  at: string,
  chunking: boolean,
): VectorSearchIndex {
  const out = clone(VectorSearchIndexSchema, index);
  out.docEmbedderUri ||= DEFAULT_DOC_EMBEDDER_URI;
  out.queryEmbedderUri ||= DEFAULT_QUERY_EMBEDDER_URI;
  if (chunking) out.chunkingStrategy = normalizeChunking(out.chunkingStrategy, at);
  return out;
}

function normalizeHybrid(index: HybridSearchIndex): HybridSearchIndex {
  const out = clone(HybridSearchIndexSchema, index);
  out.chunkingStrategy = normalizeChunking(out.chunkingStrategy, "hybrid_search_index");
  out.textSearchIndex = normalizeText(
    out.textSearchIndex ?? create(TextSearchIndexSchema),
    "hybrid_search_index.text_search_index",
    false,
  );
  out.vectorSearchIndex = normalizeVector(
    out.vectorSearchIndex ?? create(VectorSearchIndexSchema),
    "hybrid_search_index.vector_search_index",
    false,
  );
  return out;
}

function normalizeChunking(strategy: ChunkingStrategy | undefined, at: string): ChunkingStrategy {
  if (strategy === undefined || strategy.Strategy.case === undefined) {
    return create(ChunkingStrategySchema, {
      Strategy: {
        case: "staticStrategy",
        value: {
          maxChunkSizeTokens: DEFAULT_CHUNK_SIZE_TOKENS,
          chunkOverlapTokens: DEFAULT_CHUNK_OVERLAP_TOKENS,
        },
      },
    });
  }
  const fixed = strategy.Strategy.value;
  const name = `${at}.chunking_strategy.static_strategy`;
  if (fixed.maxChunkSizeTokens < 1n) {
    throw invalidArgument(`${name}.max_chunk_size_tokens must be positive`);
  }
  if (fixed.chunkOverlapTokens < 0n || fixed.chunkOverlapTokens * 2n > fixed.maxChunkSizeTokens) {
    throw invalidArgument(
      `${name}.chunk_overlap_tokens must be between 0 and half of max_chunk_size_tokens`,
    );
  }
  return clone(ChunkingStrategySchema, strategy);
}
