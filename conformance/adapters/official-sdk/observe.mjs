/**
 * What a user of the official SDK observes, in the protocol's terms (PROTOCOL.md, "StepResponse"):
 * the SDK's decoded ts-proto objects, read field by field. The SDK has no result type, no helper
 * flags and no delta, so nothing of the kind is reported (InitAck declares them unsupported); the
 * status name is what the SDK's generated `…ToJSON` function names the enum field's number.
 */
import { runService, run as runTypes } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1";

/**
 * A status as the SDK holds it: ts-proto decodes an enum field to the plain wire number (also one
 * it does not know), and its `…ToJSON` names it (`UNKNOWN` for a number it has no member for).
 *
 * @param {number} value the enum field
 * @param {(value: number) => string} nameOf the SDK's generated `…ToJSON`
 */
function statusOf(value, nameOf) {
  return { name: nameOf(value), value, raw: value };
}

/**
 * @typedef {import("@yandex-cloud/nodejs-sdk/ai-assistants-v1").message.MessageContent} MessageContent
 * @typedef {import("@yandex-cloud/nodejs-sdk/ai-assistants-v1").message.Message} Message
 * @typedef {import("@yandex-cloud/nodejs-sdk/ai-assistants-v1").common.ToolCallList} ToolCallList
 * @typedef {import("@yandex-cloud/nodejs-sdk/ai-assistants-v1").run.Run} Run
 * @typedef {{ code: number, message: string }} CommonError
 */

/**
 * The text of each content part, in order (spec/runs.md, RunResult `parts`).
 *
 * @param {MessageContent | undefined} content
 * @returns {string[]}
 */
function partsOf(content) {
  return (content?.content ?? []).map((part) => part.text?.content ?? "");
}

/**
 * The tool calls of a ToolCallList; absent when the SDK object has none.
 *
 * @param {ToolCallList | undefined} list
 */
function toolCallsOf(list) {
  if (list === undefined) return undefined;
  return {
    calls: list.toolCalls.map((call) => ({
      name: call.functionCall?.name ?? "",
      arguments: call.functionCall?.arguments ?? {},
    })),
  };
}

/**
 * A `yandex.cloud.ai.common.Error` (the SDK keeps its numeric code).
 *
 * @param {CommonError | undefined} error
 */
function errorOf(error) {
  if (error === undefined) return undefined;
  return { message: error.message, code: String(error.code) };
}

/**
 * The citations of a completed message: sources are file chunks.
 *
 * @param {Message | undefined} message
 */
function citationsOf(message) {
  return (message?.citations ?? []).map((citation) => ({
    sources: citation.sources.map((source) => ({
      searchIndexId: source.chunk?.searchIndex?.id ?? "",
      fileId: source.chunk?.sourceFile?.id ?? "",
      text: partsOf(source.chunk?.content).join("\n"),
    })),
  }));
}

/**
 * Drops `undefined` members so the JSON line carries only what was observed.
 *
 * @param {Record<string, unknown>} object
 */
function compact(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

/**
 * The RunResult of an SDK `Run` (a Create, Get or GetLastByThread response).
 *
 * @param {Run} run
 */
export function resultOf(run) {
  const state = run.state;
  const message = state?.completedMessage;
  const parts = partsOf(message?.content);
  return compact({
    runId: run.id,
    status: statusOf(state?.status ?? 0, runTypes.runState_RunStatusToJSON),
    error: errorOf(state?.error),
    toolCalls: toolCallsOf(state?.toolCallList),
    text: message === undefined ? undefined : parts.join("\n"),
    parts: { values: parts },
    hasMessage: message !== undefined,
    citations: citationsOf(message),
    usage:
      run.usage === undefined
        ? undefined
        : {
            inputTextTokens: run.usage.promptTokens,
            completionTokens: run.usage.completionTokens,
            totalTokens: run.usage.totalTokens,
          },
  });
}

/**
 * The Event of an SDK `StreamEvent` (a Listen or Attach message). Partial messages are the
 * server's cumulative text; the SDK offers no delta.
 *
 * @param {import("@yandex-cloud/nodejs-sdk/ai-assistants-v1").runService.StreamEvent} event
 */
export function eventOf(event) {
  const content = event.completedMessage?.content ?? event.partialMessage;
  const hasText = event.completedMessage !== undefined || event.partialMessage !== undefined;
  const parts = partsOf(content);
  return compact({
    status: statusOf(event.eventType, runService.streamEvent_EventTypeToJSON),
    error: errorOf(event.error),
    toolCalls: toolCallsOf(event.toolCallList),
    text: hasText ? parts.join("\n") : undefined,
    cursor: event.streamCursor?.currentEventIdx ?? 0,
    parts,
  });
}

/**
 * The Status of an SDK `Run` (the `getStatus` step).
 *
 * @param {Run} run
 */
export function runStatusOf(run) {
  return statusOf(run.state?.status ?? 0, runTypes.runState_RunStatusToJSON);
}

/**
 * Whether polling goes on: the status is PENDING or IN_PROGRESS (any other stops it).
 *
 * @param {Run} run
 */
export function isStillRunning(run) {
  const status = run.state?.status;
  return (
    status === runTypes.RunState_RunStatus.PENDING ||
    status === runTypes.RunState_RunStatus.IN_PROGRESS
  );
}

/** Stream event types after which an Attach has nothing more to read. */
export const FINAL_EVENTS = new Set([
  runService.StreamEvent_EventType.DONE,
  runService.StreamEvent_EventType.ERROR,
]);
