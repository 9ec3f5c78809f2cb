/**
 * Search index options: the index type (text, vector, hybrid), chunking and the hybrid
 * combination, to and from the `IndexType` oneof of `SearchIndex` / `CreateSearchIndexRequest`.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  type ChunkingStrategy,
  ChunkingStrategySchema,
  type CombinationStrategy,
  CombinationStrategySchema,
  MeanCombinationStrategy_MeanEvaluationTechnique as MeanTechnique,
  NormalizationStrategy,
} from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/searchindex/common_pb";
import {
  type HybridSearchIndex,
  HybridSearchIndexSchema,
  type SearchIndex as SearchIndexMessage,
  type TextSearchIndex,
  TextSearchIndexSchema,
  type VectorSearchIndex,
  VectorSearchIndexSchema,
} from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_pb";
import {
  checkOptions,
  invalidArgument,
  optionalNumber,
  optionalPositiveInt,
  optionalString,
  requireObject,
} from "./validate.js";

/** The kind of a search index: lexical (`text`), embeddings (`vector`) or both (`hybrid`). */
export type SearchIndexType = "text" | "vector" | "hybrid";

/**
 * Static chunking: files are cut into chunks of at most `maxChunkSizeTokens` tokens that
 * overlap by `chunkOverlapTokens` (the service's default, as recorded: 800 / 400).
 */
export interface ChunkingOption {
  /** Most tokens per chunk. */
  readonly maxChunkSizeTokens: number;
  /** Tokens shared by two neighbouring chunks (less than `maxChunkSizeTokens`). */
  readonly chunkOverlapTokens: number;
}

/** How a text index normalises words: `standard`, or `yandex_lemmer` (lemmas; the default). */
export type TextAnalyzerOption = "standard" | "yandex_lemmer";

/** Normalisation of the two scores of a hybrid index before they are combined. */
export type NormalizationOption = "min_max" | "l2";

/**
 * How a hybrid index combines the text and vector rankings: a (weighted) mean of the
 * normalised scores, or reciprocal rank fusion with constant `k`.
 *
 * @example
 * { mean: { technique: "arithmetic", weights: [0.3, 0.7] } }
 * { rrf: { k: 60 } }
 */
export type CombinationOption =
  | {
      readonly mean: {
        readonly technique?: "arithmetic" | "geometric" | "harmonic";
        readonly weights?: readonly number[];
      };
    }
  | { readonly rrf: { readonly k?: number } };

/** The type-specific options of a search index. */
export interface SearchIndexTypeOptions {
  /** The index type; absent = the service's default (a text index). */
  type?: SearchIndexType;
  /** Static chunking (all types). */
  chunking?: ChunkingOption;
  /** Text and hybrid: the analyzer. */
  analyzer?: TextAnalyzerOption;
  /** Vector and hybrid: the document embedder model URI (the service picks one when absent). */
  docEmbedderUri?: string;
  /** Vector and hybrid: the query embedder model URI. */
  queryEmbedderUri?: string;
  /** Hybrid: score normalisation. */
  normalization?: NormalizationOption;
  /** Hybrid: how the two rankings are combined. */
  combination?: CombinationOption;
}

/** The keys of {@link SearchIndexTypeOptions}. */
export const INDEX_TYPE_KEYS = [
  "type",
  "chunking",
  "analyzer",
  "docEmbedderUri",
  "queryEmbedderUri",
  "normalization",
  "combination",
] as const;

/** The `IndexType` oneof of a create request. */
export type IndexTypeOneof =
  | { case: "textSearchIndex"; value: TextSearchIndex }
  | { case: "vectorSearchIndex"; value: VectorSearchIndex }
  | { case: "hybridSearchIndex"; value: HybridSearchIndex }
  | { case: undefined; value?: undefined };

function chunkingStrategy(value: unknown, field: string): ChunkingStrategy | undefined {
  if (value === undefined) return undefined;
  const o = checkOptions(requireObject(value, field) as Partial<ChunkingOption>, field, [
    "maxChunkSizeTokens",
    "chunkOverlapTokens",
  ]);
  const max = optionalPositiveInt(o.maxChunkSizeTokens, `${field}.maxChunkSizeTokens`);
  if (max === undefined) throw invalidArgument(`${field}.maxChunkSizeTokens is required`);
  const overlap = optionalNumber(o.chunkOverlapTokens, `${field}.chunkOverlapTokens`, { min: 0 });
  if (overlap === undefined) throw invalidArgument(`${field}.chunkOverlapTokens is required`);
  if (!Number.isSafeInteger(overlap) || BigInt(overlap) >= max) {
    throw invalidArgument(
      `${field}.chunkOverlapTokens must be an integer below maxChunkSizeTokens (${max}), got ${overlap}`,
    );
  }
  return create(ChunkingStrategySchema, {
    Strategy: {
      case: "staticStrategy",
      value: { maxChunkSizeTokens: max, chunkOverlapTokens: BigInt(overlap) },
    },
  });
}

function combinationStrategy(value: unknown, field: string): CombinationStrategy | undefined {
  if (value === undefined) return undefined;
  const o = requireObject(value, field);
  const keys = Object.keys(o);
  if (keys.length !== 1 || (keys[0] !== "mean" && keys[0] !== "rrf")) {
    throw invalidArgument(`${field} must be { mean: {...} } or { rrf: {...} }`);
  }
  if (o.rrf !== undefined) {
    const rrf = checkOptions(requireObject(o.rrf, `${field}.rrf`), `${field}.rrf`, ["k"]);
    const k = optionalPositiveInt(rrf.k, `${field}.rrf.k`);
    return create(CombinationStrategySchema, {
      Strategy: { case: "rrfCombination", value: { k } },
    });
  }
  const mean = checkOptions(requireObject(o.mean, `${field}.mean`), `${field}.mean`, [
    "technique",
    "weights",
  ]);
  const techniques = {
    arithmetic: MeanTechnique.ARITHMETIC,
    geometric: MeanTechnique.GEOMETRIC,
    harmonic: MeanTechnique.HARMONIC,
  } as const;
  const technique = optionalString(mean.technique, `${field}.mean.technique`);
  if (technique !== undefined && !(technique in techniques)) {
    throw invalidArgument(
      `${field}.mean.technique must be "arithmetic", "geometric" or "harmonic"`,
    );
  }
  const weights = mean.weights;
  if (weights !== undefined && !Array.isArray(weights)) {
    throw invalidArgument(`${field}.mean.weights must be an array of numbers`);
  }
  const checked = (weights ?? []).map(
    (w, i) => optionalNumber(w, `${field}.mean.weights[${i}]`, { min: 0 }) ?? 0,
  );
  return create(CombinationStrategySchema, {
    Strategy: {
      case: "meanCombination",
      value: {
        meanEvaluationTechnique:
          technique === undefined
            ? MeanTechnique.MEAN_EVALUATION_TECHNIQUE_UNSPECIFIED
            : techniques[technique as keyof typeof techniques],
        weights: checked,
      },
    },
  });
}

function textIndex(o: Partial<SearchIndexTypeOptions>, field: string, withChunking: boolean) {
  const analyzer = o.analyzer;
  if (analyzer !== undefined && analyzer !== "standard" && analyzer !== "yandex_lemmer") {
    throw invalidArgument(`${field}.analyzer must be "standard" or "yandex_lemmer"`);
  }
  return create(TextSearchIndexSchema, {
    chunkingStrategy: withChunking ? chunkingStrategy(o.chunking, `${field}.chunking`) : undefined,
    TextAnalyzer:
      analyzer === undefined
        ? { case: undefined }
        : analyzer === "standard"
          ? { case: "standardAnalyzer", value: {} }
          : { case: "yandexLemmerAnalyzer", value: {} },
  });
}

function vectorIndex(o: Partial<SearchIndexTypeOptions>, field: string, withChunking: boolean) {
  return create(VectorSearchIndexSchema, {
    docEmbedderUri: optionalString(o.docEmbedderUri, `${field}.docEmbedderUri`) ?? "",
    queryEmbedderUri: optionalString(o.queryEmbedderUri, `${field}.queryEmbedderUri`) ?? "",
    chunkingStrategy: withChunking ? chunkingStrategy(o.chunking, `${field}.chunking`) : undefined,
  });
}

const ONLY_FOR: Readonly<Record<string, readonly SearchIndexType[]>> = {
  analyzer: ["text", "hybrid"],
  docEmbedderUri: ["vector", "hybrid"],
  queryEmbedderUri: ["vector", "hybrid"],
  normalization: ["hybrid"],
  combination: ["hybrid"],
};

/**
 * The `IndexType` oneof of validated type options. Without `type` and without options the
 * oneof is left empty (the service then makes a text index, as recorded); with options but
 * no `type`, the type is `text`. A hybrid index carries the chunking at its own level (as
 * the Python SDK sends it: test_hybrid_search_index.json).
 *
 * @throws ConnectError(InvalidArgument) naming the field, e.g. "options.normalization is
 * only for a hybrid index".
 */
export function indexTypeOneof(o: Partial<SearchIndexTypeOptions>, field: string): IndexTypeOneof {
  const type = o.type;
  if (type !== undefined && type !== "text" && type !== "vector" && type !== "hybrid") {
    throw invalidArgument(`${field}.type must be "text", "vector" or "hybrid"`);
  }
  const given = INDEX_TYPE_KEYS.filter((k) => k !== "type" && o[k] !== undefined);
  if (type === undefined && given.length === 0) return { case: undefined };
  const kind: SearchIndexType = type ?? "text";
  for (const key of given) {
    const allowed = ONLY_FOR[key];
    if (allowed !== undefined && !allowed.includes(kind)) {
      throw invalidArgument(`${field}.${key} is only for a ${allowed.join(" or ")} index`);
    }
  }
  if (kind === "text") return { case: "textSearchIndex", value: textIndex(o, field, true) };
  if (kind === "vector") return { case: "vectorSearchIndex", value: vectorIndex(o, field, true) };
  const normalization = o.normalization;
  if (normalization !== undefined && normalization !== "min_max" && normalization !== "l2") {
    throw invalidArgument(`${field}.normalization must be "min_max" or "l2"`);
  }
  const anyText = o.analyzer !== undefined;
  const anyVector = o.docEmbedderUri !== undefined || o.queryEmbedderUri !== undefined;
  return {
    case: "hybridSearchIndex",
    value: create(HybridSearchIndexSchema, {
      textSearchIndex: anyText ? textIndex(o, field, false) : undefined,
      vectorSearchIndex: anyVector ? vectorIndex(o, field, false) : undefined,
      chunkingStrategy: chunkingStrategy(o.chunking, `${field}.chunking`),
      normalizationStrategy:
        normalization === undefined
          ? NormalizationStrategy.NORMALIZATION_STRATEGY_UNSPECIFIED
          : normalization === "l2"
            ? NormalizationStrategy.L2
            : NormalizationStrategy.MIN_MAX,
      combinationStrategy: combinationStrategy(o.combination, `${field}.combination`),
    }),
  };
}

/** The type of a `SearchIndex` message; `undefined` when it has none the client knows. */
export function indexTypeOf(index: SearchIndexMessage): SearchIndexType | undefined {
  switch (index.IndexType.case) {
    case "textSearchIndex":
      return "text";
    case "vectorSearchIndex":
      return "vector";
    case "hybridSearchIndex":
      return "hybrid";
    default:
      return undefined;
  }
}

/** The static chunking of a `SearchIndex` message (of its type's own or hybrid level). */
export function chunkingOf(index: SearchIndexMessage): ChunkingOption | undefined {
  const t = index.IndexType;
  const strategy =
    t.case === "hybridSearchIndex"
      ? (t.value.chunkingStrategy ?? t.value.textSearchIndex?.chunkingStrategy)
      : t.case === undefined
        ? undefined
        : t.value.chunkingStrategy;
  if (strategy?.Strategy.case !== "staticStrategy") return undefined;
  const s = strategy.Strategy.value;
  return Object.freeze({
    maxChunkSizeTokens: Number(s.maxChunkSizeTokens),
    chunkOverlapTokens: Number(s.chunkOverlapTokens),
  });
}
