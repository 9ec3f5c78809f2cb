/**
 * Test support: a client over an in-memory router transport, message builders, and a scripted
 * RunService whose Listen/Get/Submit behaviour each test chooses.
 */
import { create, type JsonObject } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  createRouterTransport,
  type ServiceImpl,
} from "@connectrpc/connect";
import {
  type GetRunRequest,
  type ListenRunRequest,
  type Run,
  RunSchema,
  RunService,
  RunState_RunStatus,
  type StreamEvent,
  StreamEvent_EventType,
  StreamEventSchema,
  type SubmitToRunRequest,
} from "@yc-assistants/types/runs";
import { AssistantsClient, type AssistantsClientOptions, type RetryPolicy } from "../src/index.js";

export const FOLDER = "b1g-test-folder";
/** A fake API key; tests check it never leaks. */
export const API_KEY = "AQVN-test-secret-api-key-0123456789";
export const RUN_ID = "run-1";

/** Retries without real sleeps (deterministic, fast). */
export const instantRetry: RetryPolicy = {
  sleep: async (_ms, signal) => {
    if (signal?.aborted) throw signal.reason;
  },
  random: () => 0,
  initialBackoffMs: 1,
  maxBackoffMs: 1,
  jitterMs: 0,
};

/** A client over `createRouterTransport(routes)` with a test folder and API key. */
export function clientOver(
  routes: (router: ConnectRouter) => void,
  options: Partial<AssistantsClientOptions> = {},
): AssistantsClient {
  return new AssistantsClient({
    folderId: FOLDER,
    auth: { apiKey: API_KEY },
    env: {},
    retry: instantRetry,
    transport: createRouterTransport(routes),
    ...options,
  });
}

export interface ToolCallSpec {
  name: string;
  arguments: JsonObject;
}

export interface RunSpec {
  id?: string;
  status: RunState_RunStatus;
  text?: string;
  toolCalls?: ToolCallSpec[];
  error?: { message: string; code?: bigint };
  usage?: [number, number, number];
}

/** A `Run` message. */
export function runMsg(spec: RunSpec): Run {
  const stateData =
    spec.text !== undefined
      ? {
          case: "completedMessage" as const,
          value: {
            id: "msg-answer",
            threadId: "thread-1",
            author: { id: "asst-1", role: "ASSISTANT" },
            content: {
              content: [{ PartType: { case: "text" as const, value: { content: spec.text } } }],
            },
          },
        }
      : spec.toolCalls !== undefined
        ? { case: "toolCallList" as const, value: { toolCalls: spec.toolCalls.map(toolCall) } }
        : spec.error !== undefined
          ? {
              case: "error" as const,
              value: { message: spec.error.message, code: spec.error.code ?? 0n },
            }
          : { case: undefined };
  return create(RunSchema, {
    id: spec.id ?? RUN_ID,
    assistantId: "asst-1",
    threadId: "thread-1",
    createdBy: "user-1",
    createdAt: timestampFromDate(new Date("2025-04-07T14:42:56.643Z")),
    state: { status: spec.status, StateData: stateData },
    usage:
      spec.usage === undefined
        ? undefined
        : {
            promptTokens: BigInt(spec.usage[0]),
            completionTokens: BigInt(spec.usage[1]),
            totalTokens: BigInt(spec.usage[2]),
          },
  });
}

function toolCall(spec: ToolCallSpec) {
  return {
    ToolCallType: {
      case: "functionCall" as const,
      value: { name: spec.name, arguments: spec.arguments },
    },
  };
}

export interface EventSpec {
  partial?: string;
  done?: string;
  toolCalls?: ToolCallSpec[];
  error?: string;
  type?: number;
}

/** A `StreamEvent` with cursor `idx`. */
export function eventMsg(idx: number, spec: EventSpec): StreamEvent {
  const type =
    spec.type ??
    (spec.partial !== undefined
      ? StreamEvent_EventType.PARTIAL_MESSAGE
      : spec.done !== undefined
        ? StreamEvent_EventType.DONE
        : spec.toolCalls !== undefined
          ? StreamEvent_EventType.TOOL_CALLS
          : spec.error !== undefined
            ? StreamEvent_EventType.ERROR
            : StreamEvent_EventType.EVENT_TYPE_UNSPECIFIED);
  const text = (t: string) => ({
    content: [{ PartType: { case: "text" as const, value: { content: t } } }],
  });
  const data =
    spec.partial !== undefined
      ? { case: "partialMessage" as const, value: text(spec.partial) }
      : spec.done !== undefined
        ? {
            case: "completedMessage" as const,
            value: {
              id: "msg-answer",
              threadId: "thread-1",
              author: { id: "asst-1", role: "ASSISTANT" },
              content: text(spec.done),
            },
          }
        : spec.toolCalls !== undefined
          ? { case: "toolCallList" as const, value: { toolCalls: spec.toolCalls.map(toolCall) } }
          : spec.error !== undefined
            ? { case: "error" as const, value: { message: spec.error, code: 13n } }
            : { case: undefined };
  return create(StreamEventSchema, {
    eventType: type,
    streamCursor: { currentEventIdx: BigInt(idx), numUserEventsReceived: 0n },
    EventData: data,
  });
}

/** What a Listen call does: send these events (from the requested index), then end or fail. */
export interface ListenAnswer {
  events: StreamEvent[];
  /** Fail after the events with this error (else end cleanly). */
  error?: ConnectError;
}

/**
 * A RunService for one run whose behaviour the test scripts:
 * - `log`: the run's event log; by default Listen replays `log` from `events_start_idx`;
 * - `listen`: optional per-call override (call number, request) → answer;
 * - `gets`: the Get answers in order (the last one repeats);
 * - `submit`: optional Submit behaviour (default: accept).
 * Every request is recorded.
 */
export class ScriptedRunService {
  log: StreamEvent[] = [];
  #gets: Run[] = [];
  listen: ((call: number, request: ListenRunRequest) => ListenAnswer) | undefined;
  submit: ((call: number, request: SubmitToRunRequest) => void) | undefined;
  /** Makes Get number `call` (1-based) fail with the error it returns, if any. */
  getFault: ((call: number) => ConnectError | undefined) | undefined;
  /** Called after each Submit was accepted. */
  onSubmitted: ((call: number) => void) | undefined;
  readonly listenRequests: ListenRunRequest[] = [];
  readonly getRequests: GetRunRequest[] = [];
  readonly submitRequests: SubmitToRunRequest[] = [];
  listenUnimplemented = false;
  #getIndex = 0;

  /** The Get answers in order (the last one repeats); setting them restarts the sequence. */
  get gets(): Run[] {
    return this.#gets;
  }
  set gets(runs: Run[]) {
    this.#gets = runs;
    this.#getIndex = 0;
  }

  constructor(init: Partial<Pick<ScriptedRunService, "log" | "gets">> = {}) {
    Object.assign(this, init);
  }

  /** The service implementation for `router.service(RunService, ...)`. */
  impl(): Partial<ServiceImpl<typeof RunService>> {
    const self = this;
    const impl: Partial<ServiceImpl<typeof RunService>> = {
      async get(request) {
        self.getRequests.push(request);
        const fault = self.getFault?.(self.getRequests.length);
        if (fault !== undefined) throw fault;
        const run = self.gets[Math.min(self.#getIndex, self.gets.length - 1)];
        self.#getIndex++;
        if (run === undefined) throw new ConnectError("no run", Code.NotFound);
        return run;
      },
      async submit(request) {
        self.submitRequests.push(request);
        self.submit?.(self.submitRequests.length, request);
        self.onSubmitted?.(self.submitRequests.length);
        return {};
      },
    };
    if (!this.listenUnimplemented) {
      impl.listen = async function* (request) {
        self.listenRequests.push(request);
        const start = Number(request.eventsStartIdx ?? 0n);
        const answer = self.listen?.(self.listenRequests.length, request) ?? {
          events: self.log.slice(start),
        };
        for (const event of answer.events) yield event;
        if (answer.error) throw answer.error;
      };
    }
    return impl;
  }

  /** Routes for a client over this service. */
  routes(): (router: ConnectRouter) => void {
    return (router) => {
      router.service(RunService, this.impl());
    };
  }
}

/** A client and a Run handle over a {@link ScriptedRunService} (the handle from Get #0 = `initial`). */
export async function runOver(
  service: ScriptedRunService,
  initial: Run = runMsg({ status: RunState_RunStatus.PENDING }),
  options: Partial<AssistantsClientOptions> = {},
) {
  const client = clientOver(
    (router) =>
      router.service(RunService, {
        ...service.impl(),
        async getLastByThread() {
          return initial;
        },
      }),
    options,
  );
  const run = await client.runs.getLastByThread("thread-1");
  return { client, run };
}

export { RunState_RunStatus as S, StreamEvent_EventType as E };
