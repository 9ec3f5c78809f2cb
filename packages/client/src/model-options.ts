/**
 * The option shapes assistants and runs share (truncation, response format, expiration,
 * completion settings) and their mapping to the wire messages.
 *
 * @module
 */
import { create, type JsonObject, type MessageInitShape } from "@bufbuild/protobuf";
import type { ExpirationConfig } from "@yc-assistants/types/common";
import {
  type CompletionOptions,
  CompletionOptionsSchema,
  ExpirationConfig_ExpirationPolicy,
  ExpirationConfigSchema,
  type PromptTruncationOptions,
  PromptTruncationOptionsSchema,
  type ResponseFormat,
  ResponseFormatSchema,
} from "@yc-assistants/types/common";
import {
  invalidArgument,
  optionalNumber,
  optionalPositiveInt,
  requireJsonObject,
  requireObject,
} from "./validate.js";

/**
 * How the prompt is cut when the thread is too long: `"auto"` (the service decides) or keep
 * only the last `lastMessages` messages.
 *
 * @example
 * { truncation: { lastMessages: 10 } }
 */
export type TruncationStrategy = "auto" | { readonly lastMessages: number };

/**
 * The answer format: `"json"` (any JSON object) or JSON following `jsonSchema`.
 *
 * @example
 * { responseFormat: { jsonSchema: { type: "object", properties: { ok: { type: "boolean" } } } } }
 */
export type ResponseFormatOption = "json" | { readonly jsonSchema: JsonObject };

/**
 * How long a stored object lives: `ttlDays` after creation (`static`) or after the last use
 * (`since_last_active`). At least one of the two; in an update, only the given one changes.
 *
 * @example
 * { expiration: { policy: "static", ttlDays: 5 } }
 */
export interface ExpirationOption {
  /** `"static"`: counted from creation; `"since_last_active"`: from the last use. */
  readonly policy?: "static" | "since_last_active";
  /** Days to live (the service uses 7 when absent). */
  readonly ttlDays?: number;
}

/** Completion and truncation settings shared by assistants and runs. */
export interface ModelSettings {
  /** Sampling temperature (0 = deterministic), a number >= 0. */
  temperature?: number;
  /** Most tokens of the answer. */
  maxTokens?: number;
  /** Most tokens of the prompt; a thread that does not fit fails the run. */
  maxPromptTokens?: number;
  /** How the prompt is truncated. */
  truncation?: TruncationStrategy;
  /** The answer format. */
  responseFormat?: ResponseFormatOption;
}

/** `CompletionOptions` from temperature / maxTokens, or `undefined` when neither is set. */
export function completionOptions(
  settings: { temperature?: unknown; maxTokens?: unknown },
  field: string,
): CompletionOptions | undefined {
  const temperature = optionalNumber(settings.temperature, `${field}temperature`, { min: 0 });
  const maxTokens = optionalPositiveInt(settings.maxTokens, `${field}maxTokens`);
  if (temperature === undefined && maxTokens === undefined) return undefined;
  return create(CompletionOptionsSchema, { temperature, maxTokens });
}

/** `PromptTruncationOptions` from maxPromptTokens / truncation, or `undefined`. */
export function truncationOptions(
  settings: { maxPromptTokens?: unknown; truncation?: unknown },
  field: string,
): PromptTruncationOptions | undefined {
  const maxPromptTokens = optionalPositiveInt(settings.maxPromptTokens, `${field}maxPromptTokens`);
  const strategy = truncationStrategy(settings.truncation, `${field}truncation`);
  if (maxPromptTokens === undefined && strategy === undefined) return undefined;
  return create(PromptTruncationOptionsSchema, {
    maxPromptTokens,
    TruncationStrategy: strategy ?? { case: undefined },
  });
}

function truncationStrategy(
  value: unknown,
  field: string,
): MessageInitShape<typeof PromptTruncationOptionsSchema>["TruncationStrategy"] | undefined {
  if (value === undefined) return undefined;
  if (value === "auto") return { case: "autoStrategy", value: {} };
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length !== 1 || keys[0] !== "lastMessages") {
      throw invalidArgument(`${field} must be "auto" or { lastMessages: n }`);
    }
    const numMessages = optionalPositiveInt(obj.lastMessages, `${field}.lastMessages`);
    if (numMessages === undefined) throw invalidArgument(`${field}.lastMessages is required`);
    return { case: "lastMessagesStrategy", value: { numMessages } };
  }
  throw invalidArgument(`${field} must be "auto" or { lastMessages: n }`);
}

/** `ResponseFormat` from `"json"` / `{ jsonSchema }`, or `undefined`. */
export function responseFormat(value: unknown, field: string): ResponseFormat | undefined {
  if (value === undefined) return undefined;
  if (value === "json") {
    return create(ResponseFormatSchema, { ResponseFormat: { case: "jsonObject", value: true } });
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length !== 1 || keys[0] !== "jsonSchema") {
      throw invalidArgument(`${field} must be "json" or { jsonSchema: {...} }`);
    }
    const schema = requireJsonObject(obj.jsonSchema, `${field}.jsonSchema`);
    return create(ResponseFormatSchema, {
      ResponseFormat: { case: "jsonSchema", value: { schema } },
    });
  }
  throw invalidArgument(`${field} must be "json" or { jsonSchema: {...} }`);
}

/** `ExpirationConfig` from `{ policy?, ttlDays? }` (at least one), or `undefined`. */
export function expirationConfig(value: unknown, field: string): ExpirationConfig | undefined {
  if (value === undefined) return undefined;
  const obj = requireObject(value, field);
  for (const key of Object.keys(obj)) {
    if (key !== "policy" && key !== "ttlDays") {
      throw invalidArgument(`${field}.${key} is not a known option (known: policy, ttlDays)`);
    }
  }
  if (obj.policy === undefined && obj.ttlDays === undefined) {
    throw invalidArgument(`${field} needs policy or ttlDays`);
  }
  const policy =
    obj.policy === undefined
      ? ExpirationConfig_ExpirationPolicy.EXPIRATION_POLICY_UNSPECIFIED
      : obj.policy === "static"
        ? ExpirationConfig_ExpirationPolicy.STATIC
        : obj.policy === "since_last_active"
          ? ExpirationConfig_ExpirationPolicy.SINCE_LAST_ACTIVE
          : undefined;
  if (policy === undefined) {
    throw invalidArgument(`${field}.policy must be "static" or "since_last_active"`);
  }
  const ttlDays = optionalPositiveInt(obj.ttlDays, `${field}.ttlDays`) ?? 0n;
  return create(ExpirationConfigSchema, { expirationPolicy: policy, ttlDays });
}

/**
 * Field-mask paths of an expiration patch: one per given key (as the Python SDK sends them,
 * e.g. `expiration_config.ttl_days`), the whole config when clearing (`null`).
 */
export function expirationPaths(value: unknown): string[] {
  if (value === null || typeof value !== "object") return ["expiration_config"];
  const obj = value as Record<string, unknown>;
  const paths: string[] = [];
  if (obj.policy !== undefined) paths.push("expiration_config.expiration_policy");
  if (obj.ttlDays !== undefined) paths.push("expiration_config.ttl_days");
  return paths.length > 0 ? paths : ["expiration_config"];
}

/**
 * Field-mask paths of a truncation patch: the chosen strategy's path (as the Python SDK sends
 * it), both strategies when clearing (`null`).
 */
export function truncationPaths(value: unknown): string[] {
  if (value === "auto") return ["prompt_truncation_options.auto_strategy"];
  if (typeof value === "object" && value !== null) {
    return ["prompt_truncation_options.last_messages_strategy"];
  }
  return [
    "prompt_truncation_options.auto_strategy",
    "prompt_truncation_options.last_messages_strategy",
  ];
}

/** The options view of a wire `ExpirationConfig` (`undefined` when it says nothing). */
export function expirationFromProto(
  config: ExpirationConfig | undefined,
): ExpirationOption | undefined {
  if (config === undefined) return undefined;
  const policy =
    config.expirationPolicy === ExpirationConfig_ExpirationPolicy.STATIC
      ? "static"
      : config.expirationPolicy === ExpirationConfig_ExpirationPolicy.SINCE_LAST_ACTIVE
        ? "since_last_active"
        : undefined;
  const ttlDays = config.ttlDays === 0n ? undefined : Number(config.ttlDays);
  if (policy === undefined && ttlDays === undefined) return undefined;
  return Object.freeze({ policy, ttlDays });
}

/** The options view of wire `PromptTruncationOptions`' strategy. */
export function truncationFromProto(
  options: PromptTruncationOptions | undefined,
): TruncationStrategy | undefined {
  const strategy = options?.TruncationStrategy;
  if (strategy?.case === "autoStrategy") return "auto";
  if (strategy?.case === "lastMessagesStrategy") {
    return Object.freeze({ lastMessages: Number(strategy.value.numMessages) });
  }
  return undefined;
}

/** The options view of a wire `ResponseFormat`. */
export function responseFormatFromProto(
  format: ResponseFormat | undefined,
): ResponseFormatOption | undefined {
  const f = format?.ResponseFormat;
  if (f?.case === "jsonObject") return f.value ? "json" : undefined;
  if (f?.case === "jsonSchema") return Object.freeze({ jsonSchema: f.value.schema ?? {} });
  return undefined;
}
