import { readFileSync } from "node:fs";
import type { JsonObject } from "@bufbuild/protobuf";
import { parse as parseYaml } from "yaml";
import type { ModelCitation, ModelScript, ModelToolCall, ModelTurn, ModelUsage } from "./model.js";

/**
 * Reads a {@link ModelScript} file: JSON when the name ends in `.json`, YAML
 * otherwise. Throws an Error naming the file and the bad entry when the
 * script is malformed.
 *
 * @example
 * const script = loadModelScript("conversation.yaml");
 * await startEmulator({ model: script });
 */
export function loadModelScript(path: string): ModelScript {
  const text = readFileSync(path, "utf8");
  try {
    return parseModelScript(text, path.toLowerCase().endsWith(".json") ? "json" : "yaml");
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Parses and checks a {@link ModelScript} from JSON or YAML text.
 *
 * @example
 * parseModelScript('turns:\n  - text: "Hello!"\n'); // { turns: [{ text: "Hello!" }] }
 */
export function parseModelScript(text: string, format: "json" | "yaml" = "yaml"): ModelScript {
  const data: unknown = format === "json" ? JSON.parse(text) : parseYaml(text);
  return checkModelScript(data);
}

/**
 * Checks that `data` is a well-formed {@link ModelScript} and returns a
 * normalised copy. Each turn must have exactly one of `text`, `toolCalls`,
 * `error`.
 */
export function checkModelScript(data: unknown): ModelScript {
  if (!isObject(data)) throw new Error("a model script must be an object with `turns`");
  const turns = data["turns"] ?? [];
  if (!Array.isArray(turns)) throw new Error("`turns` must be a list");
  return { turns: turns.map((turn, index) => checkTurn(turn, `turns[${index}]`)) };
}

function checkTurn(turn: unknown, at: string): ModelTurn {
  if (!isObject(turn)) throw new Error(`${at} must be an object`);
  const kinds = ["text", "toolCalls", "error"].filter((key) => turn[key] !== undefined);
  if (kinds.length !== 1) {
    throw new Error(`${at} must have exactly one of text, toolCalls, error`);
  }
  const kind = kinds[0] as "text" | "toolCalls" | "error";
  checkKeys(turn, ALLOWED_KEYS[kind], at);
  if (kind === "text") {
    const text = turn["text"];
    if (typeof text !== "string") throw new Error(`${at}.text must be a string`);
    const partials = turn["partials"];
    if (
      partials !== undefined &&
      (!Array.isArray(partials) || !partials.every((p) => typeof p === "string"))
    ) {
      throw new Error(`${at}.partials must be a list of strings`);
    }
    const usage = checkUsage(turn["usage"], `${at}.usage`);
    const citations = checkCitations(turn["citations"], `${at}.citations`);
    return {
      text,
      ...(partials === undefined ? {} : { partials: partials as string[] }),
      ...(usage === undefined ? {} : { usage }),
      ...(citations === undefined ? {} : { citations }),
    };
  }
  if (kind === "toolCalls") {
    const calls = turn["toolCalls"];
    if (!Array.isArray(calls) || calls.length === 0) {
      throw new Error(`${at}.toolCalls must be a non-empty list`);
    }
    const usage = checkUsage(turn["usage"], `${at}.usage`);
    return {
      toolCalls: calls.map((call, index) => checkCall(call, `${at}.toolCalls[${index}]`)),
      ...(usage === undefined ? {} : { usage }),
    };
  }
  const error = turn["error"];
  if (!isObject(error) || typeof error["message"] !== "string") {
    throw new Error(`${at}.error must be an object with a string message`);
  }
  checkKeys(error, ["message", "code"], `${at}.error`);
  const code = error["code"];
  if (code !== undefined && !Number.isSafeInteger(code)) {
    throw new Error(`${at}.error.code must be an integer`);
  }
  return {
    error: { message: error["message"], ...(code === undefined ? {} : { code: code as number }) },
  };
}

function checkCall(call: unknown, at: string): ModelToolCall {
  if (!isObject(call) || typeof call["name"] !== "string" || call["name"] === "") {
    throw new Error(`${at}.name must be a non-empty string`);
  }
  checkKeys(call, ["name", "arguments"], at);
  const args = call["arguments"] ?? {};
  if (!isObject(args)) throw new Error(`${at}.arguments must be an object`);
  return { name: call["name"], arguments: args as JsonObject };
}

function checkUsage(usage: unknown, at: string): ModelUsage | undefined {
  if (usage === undefined) return undefined;
  if (!isObject(usage)) throw new Error(`${at} must be an object`);
  checkKeys(usage, ["promptTokens", "completionTokens"], at);
  const out: { promptTokens?: number; completionTokens?: number } = {};
  for (const key of ["promptTokens", "completionTokens"] as const) {
    const value = usage[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new Error(`${at}.${key} must be a non-negative integer`);
    }
    out[key] = value as number;
  }
  return out;
}

/**
 * `citations` of a text turn (issue 9): a list of `{ sources: [{ chunk,
 * searchIndexId?, fileId? }] }`, each source naming a non-empty chunk text.
 */
function checkCitations(citations: unknown, at: string): ModelCitation[] | undefined {
  if (citations === undefined) return undefined;
  if (!Array.isArray(citations)) throw new Error(`${at} must be a list`);
  return citations.map((citation, c) => {
    const here = `${at}[${c}]`;
    if (!isObject(citation)) throw new Error(`${here} must be an object with sources`);
    checkKeys(citation, ["sources"], here);
    const sources = citation["sources"];
    if (!Array.isArray(sources) || sources.length === 0) {
      throw new Error(`${here}.sources must be a non-empty list`);
    }
    return {
      sources: sources.map((source, s) => {
        const there = `${here}.sources[${s}]`;
        if (!isObject(source) || typeof source["chunk"] !== "string" || source["chunk"] === "") {
          throw new Error(`${there}.chunk must be a non-empty string`);
        }
        checkKeys(source, ["chunk", "searchIndexId", "fileId"], there);
        const out: { chunk: string; searchIndexId?: string; fileId?: string } = {
          chunk: source["chunk"],
        };
        for (const key of ["searchIndexId", "fileId"] as const) {
          const value = source[key];
          if (value === undefined) continue;
          if (typeof value !== "string" || value === "") {
            throw new Error(`${there}.${key} must be a non-empty string`);
          }
          out[key] = value;
        }
        return out;
      }),
    };
  });
}

const ALLOWED_KEYS = {
  text: ["text", "partials", "usage", "citations"],
  toolCalls: ["toolCalls", "usage"],
  error: ["error"],
} as const;

/** Unknown keys are mistakes (a misspelt `partials` would silently do nothing). */
function checkKeys(object: Record<string, unknown>, allowed: readonly string[], at: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new Error(
        `${at} has an unknown key ${JSON.stringify(key)} (allowed: ${allowed.join(", ")})`,
      );
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
