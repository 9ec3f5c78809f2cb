import { clone, create } from "@bufbuild/protobuf";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { type FunctionResult, type ToolResult, ToolSchema } from "@yc-assistants/types/common";
import type { AttachRunRequest } from "@yc-assistants/types/runs";
import {
  AttachRunRequestSchema,
  CreateRunRequestSchema,
  GetLastRunByThreadRequestSchema,
  GetRunRequestSchema,
  ListenRunRequestSchema,
  ListRunsRequestSchema,
  RunSchema,
  type RunService,
  RunState_RunStatus,
  type StreamEvent,
  StreamEvent_EventType,
  SubmitToRunRequestSchema,
} from "@yc-assistants/types/runs";
import {
  failedPrecondition,
  invalidArgument,
  notFound,
  quoteInput,
  resourceExhausted,
} from "../errors.js";
import { paginate } from "../state/paginate.js";
import { isFinalEvent, RunRecord } from "../state/run-record.js";
import { validateRequest } from "../validation.js";
import { normalizeTool } from "./normalize-tool.js";
import type { ServiceContext } from "./service-context.js";

/**
 * RunService, all seven RPCs (issue 4): Create, Listen, Attach, Get,
 * GetLastByThread, List, Submit.
 */
export function runService(ctx: ServiceContext): ServiceImpl<typeof RunService> {
  const { state, engine, limits } = ctx;

  /**
   * Answers a run's tool calls (Submit, or a tool_result_list on an Attach
   * stream). Error codes per spec/runs.md "Submit semantics": NOT_FOUND for
   * an unknown run, FAILED_PRECONDITION unless the run is in TOOL_CALLS,
   * INVALID_ARGUMENT when a result names a function that was not called or a
   * called function has no result. Nothing changes on an error.
   */
  function submit(record: RunRecord, results: FunctionResult[]): void {
    if (record.status !== RunState_RunStatus.TOOL_CALLS) {
      if (ctx.quirks.submitInAnyState) {
        // Deliberate bug for conformance mutation tests: accepted, ignored.
        record.numUserEvents += 1n;
        return;
      }
      throw failedPrecondition(
        `run ${record.id} is ${RunState_RunStatus[record.status]}, not TOOL_CALLS: it has no tool calls to answer`,
      );
    }
    // One result per call (spec/runs.md, "Submit semantics"): a function called twice takes
    // two results, never more, never fewer.
    const called = countNames(record.pendingCalls.map((call) => call.name));
    const answered = countNames(results.map((result) => result.name));
    for (const [name, count] of answered) {
      const calls = called.get(name) ?? 0;
      if (calls === 0) {
        throw invalidArgument(
          `tool_result_list has a result for function ${quoteInput(name)}, which run ${record.id} did not call`,
        );
      }
      if (count > calls) {
        throw invalidArgument(
          `tool_result_list has ${count} results for function ${quoteInput(name)}, which run ${record.id} called ${calls} time(s)`,
        );
      }
    }
    for (const [name, calls] of called) {
      if ((answered.get(name) ?? 0) < calls) {
        throw invalidArgument(
          `tool_result_list has no result for the call of function ${quoteInput(name)}`,
        );
      }
    }
    record.numUserEvents += 1n;
    engine.continueWith(record, record.pendingCalls, results);
  }

  return {
    create(request) {
      validateRequest(CreateRunRequestSchema, request);
      const assistant = state.getAssistant(request.assistantId).assistant;
      const thread = state.getThread(request.threadId);
      if (limits.maxRuns !== undefined && state.runs.size >= limits.maxRuns) {
        throw resourceExhausted(`the emulator keeps at most ${limits.maxRuns} runs`);
      }
      // Checks are done; the additional messages go into the thread first.
      for (const message of request.additionalMessages) state.writeMessage(thread, message);
      const run = create(RunSchema, {
        id: state.ids.next(),
        assistantId: assistant.id,
        threadId: thread.thread.id,
        createdBy: state.principal,
        createdAt: state.timestamp(),
        labels: { ...request.labels },
        state: { status: RunState_RunStatus.PENDING },
        tools: request.tools.map(normalizeTool),
      });
      if (request.customPromptTruncationOptions !== undefined) {
        run.customPromptTruncationOptions = request.customPromptTruncationOptions;
      }
      if (request.customCompletionOptions !== undefined) {
        run.customCompletionOptions = request.customCompletionOptions;
      }
      if (request.customResponseFormat !== undefined) {
        run.customResponseFormat = request.customResponseFormat;
      }
      // Run tools override the thread's, which override the assistant's.
      const tools =
        request.tools.length > 0
          ? request.tools
          : thread.thread.tools.length > 0
            ? thread.thread.tools
            : assistant.tools;
      const record = new RunRecord({
        run,
        seq: state.nextSeq(),
        folderId: thread.thread.folderId,
        stream: request.stream,
        config: {
          instruction: assistant.instruction,
          tools: tools.map((tool) => clone(ToolSchema, tool)),
          maxPromptTokens:
            request.customPromptTruncationOptions?.maxPromptTokens ??
            assistant.promptTruncationOptions?.maxPromptTokens,
        },
      });
      state.runs.set(run.id, record);
      thread.runs.push(record);
      engine.start(record);
      return clone(RunSchema, run);
    },

    async *listen(request, context) {
      validateRequest(ListenRunRequestSchema, request);
      const start = startIndex(request.eventsStartIdx, ctx.quirks.ignoreEventsStartIdx);
      const record = state.getRun(request.runId);
      yield* follow(record, start, context.signal);
    },

    async *attach(requests, context) {
      yield* attachStream(requests, context, {
        getRun: (id) => state.getRun(id),
        submit,
        ignoreStartIdx: ctx.quirks.ignoreEventsStartIdx,
      });
    },

    get(request) {
      validateRequest(GetRunRequestSchema, request);
      return clone(RunSchema, state.getRun(request.runId).run);
    },

    getLastByThread(request) {
      validateRequest(GetLastRunByThreadRequestSchema, request);
      const thread = state.getThread(request.threadId);
      const last = thread.runs.at(-1);
      if (last === undefined) throw notFound("run of thread", request.threadId);
      return clone(RunSchema, last.run);
    },

    list(request) {
      validateRequest(ListRunsRequestSchema, request);
      const mine = [...state.runs.values()].filter((r) => r.folderId === request.folderId);
      const page = paginate(mine, (r) => r.run, request.pageSize, request.pageToken);
      return {
        runs: page.items.map((r) => clone(RunSchema, r.run)),
        nextPageToken: page.nextPageToken,
      };
    },

    submit(request) {
      validateRequest(SubmitToRunRequestSchema, request);
      const results = checkToolResults(request.Event);
      submit(state.getRun(request.runId), results);
      return {};
    },
  };
}

/**
 * The first event index a Listen asks for (`events_start_idx`; negative is INVALID_ARGUMENT),
 * or 0 under the `ignoreEventsStartIdx` quirk. Shared with the Listen fast path.
 *
 * @example
 * startIndex(3n, false); // 3
 */
export function startIndex(value: bigint | undefined, ignore: boolean | undefined): number {
  if (value !== undefined && value < 0n)
    throw invalidArgument("events_start_idx must not be negative");
  // Quirk for conformance mutation tests: always replay from the first event.
  if (ignore) return 0;
  return Number(value ?? 0n);
}

/**
 * The function results of a Submit/Attach event, checked: the list must be
 * there and not empty, and each result needs a name and a content
 * (INVALID_ARGUMENT naming the field otherwise).
 */
export function checkToolResults(
  event: { case: "toolResultList"; value: { toolResults: ToolResult[] } } | { case: undefined },
): FunctionResult[] {
  if (event.case !== "toolResultList" || event.value.toolResults.length === 0) {
    throw invalidArgument("tool_result_list is required");
  }
  return event.value.toolResults.map((result, index) => {
    const at = `tool_result_list.tool_results[${index}].function_result`;
    if (result.ToolResultType.case !== "functionResult") throw invalidArgument(`${at} is required`);
    const fn = result.ToolResultType.value;
    if (fn.name === "") throw invalidArgument(`${at}.name is required`);
    if (fn.ContentType.case !== "content") throw invalidArgument(`${at}.content is required`);
    return fn;
  });
}

/**
 * Listen: events from `start` on, then live ones; ends after a final event
 * (DONE, ERROR, TOOL_CALLS), or at once when the run is finished and has no
 * event at or after `start`. A listener starting after a TOOL_CALLS event
 * waits for the next round (contracts, "Event log facts").
 */
async function* follow(
  record: RunRecord,
  start: number,
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  let next = start;
  for (;;) {
    if (record.deleted) throw notFound("run", record.id);
    while (next < record.events.length) {
      const event = record.events[next] as StreamEvent;
      next++;
      yield event;
      if (isFinalEvent(event)) return;
      if (record.deleted) throw notFound("run", record.id);
    }
    if (record.isTerminal) return;
    await record.changed(signal);
  }
}

interface AttachDeps {
  getRun(id: string): RunRecord;
  submit(record: RunRecord, results: FunctionResult[]): void;
  ignoreStartIdx: boolean | undefined;
}

/**
 * Attach: like Listen, and the client may send tool results on the same
 * stream (issue 4). The first request names the run (and may already carry
 * results); later requests carry results for the current TOOL_CALLS. The
 * stream stays open across TOOL_CALLS while the client can still send, so the
 * next round's events follow on it; it ends after DONE or ERROR, or at
 * TOOL_CALLS once the client has closed its side. An error in a submitted
 * result ends the stream with that error's code.
 */
async function* attachStream(
  requests: AsyncIterable<AttachRunRequest>,
  context: HandlerContext,
  deps: AttachDeps,
): AsyncGenerator<StreamEvent> {
  const input = requests[Symbol.asyncIterator]();
  const first = await input.next();
  if (first.done === true) throw invalidArgument("run_id is required");
  const opening = first.value;
  validateRequest(AttachRunRequestSchema, opening);
  const start = startIndex(opening.eventsStartIdx, deps.ignoreStartIdx);
  const openingResults =
    opening.Event.case === undefined ? undefined : checkToolResults(opening.Event);
  const record = deps.getRun(opening.runId);
  if (openingResults !== undefined) deps.submit(record, openingResults);

  let inputClosed = false;
  let inputError: unknown;
  let finished = false;
  void (async () => {
    try {
      for (;;) {
        const next = await input.next();
        // Requests that arrive after the response ended have no one to answer them.
        if (next.done === true || finished) break;
        const request = next.value;
        if (request.runId !== "" && request.runId !== record.id) {
          throw invalidArgument(
            `run_id ${quoteInput(request.runId, { quote: false })} differs from the attached run ${record.id}`,
          );
        }
        // A request without an event carries nothing to do.
        if (request.Event.case === undefined) continue;
        deps.submit(record, checkToolResults(request.Event));
      }
    } catch (error) {
      inputError = error;
    } finally {
      inputClosed = true;
      record.notify();
    }
  })();

  try {
    yield* attachEvents();
  } finally {
    finished = true;
  }

  async function* attachEvents(): AsyncGenerator<StreamEvent> {
    let next = start;
    for (;;) {
      if (inputError !== undefined) throw inputError;
      if (record.deleted) throw notFound("run", record.id);
      while (next < record.events.length) {
        const event = record.events[next] as StreamEvent;
        next++;
        yield event;
        if (
          event.eventType === StreamEvent_EventType.DONE ||
          event.eventType === StreamEvent_EventType.ERROR
        ) {
          return;
        }
      }
      if (record.isTerminal) return;
      if (record.status === RunState_RunStatus.TOOL_CALLS && inputClosed) {
        // The client's side is done: report a bad last request, else stop here.
        if (inputError !== undefined) throw inputError;
        return;
      }
      await record.changed(context.signal);
    }
  }
}

/** How often each name occurs. */
function countNames(names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}
