/**
 * The shape of a conformance case file (`cases/<suite>.yaml`), defined once:
 * the shapes below validate a parsed file and give the TypeScript types the
 * runner works with. README.md ("Case format") explains every field with an
 * example.
 */
import type { Code } from "@connectrpc/connect";
import { parseGrpcCode } from "./grpc-code.js";
import {
  citedSourceShape,
  pagesField,
  RAG_STEP_KINDS,
  ragStepShapes,
  searchToolShape,
} from "./rag-schema.js";
import { RAW_CALL_STEP_KINDS, rawCallStepShapes } from "./raw-call-schema.js";
import {
  arr,
  bool,
  type Infer,
  json,
  jsonObject,
  map,
  num,
  obj,
  oneOf,
  opt,
  record,
  type Shape,
  ShapeError,
  str,
  tagged,
  union,
} from "./shape.js";

/** `null` (YAML `~` or `null`): "this must be absent". */
const nothing: Shape<null> = {
  expected: "null",
  parse(value, path) {
    if (value !== null) throw new ShapeError(path, `expected null, got ${typeof value}`);
    return null;
  },
};

/** `false` only (e.g. `retry: false`). */
const falseShape: Shape<false> = {
  expected: "false",
  parse(value, path) {
    if (value !== false) throw new ShapeError(path, "expected false");
    return false;
  },
};

function nullable<T>(inner: Shape<T>): Shape<T | null> {
  return union(inner, nothing);
}

const kebab = str({ pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, what: "a kebab-case name" });
const int = (min?: number) => num(min === undefined ? { int: true } : { int: true, min });

/** A gRPC status code by name (`NOT_FOUND`) or number (5). */
export const codeShape: Shape<Code> = map(
  union(str(), num({ int: true })),
  (value, path) => {
    const code = parseGrpcCode(value);
    if (code === undefined) {
      throw new ShapeError(
        path,
        `expected a gRPC status code name or number, got ${JSON.stringify(value)}`,
      );
    }
    return code;
  },
  "a gRPC status code (NOT_FOUND, 5, ...)",
);

/** An int64 written as a number or a decimal string; kept as a decimal string (no precision loss). */
export const int64Shape: Shape<string> = map(
  union(str({ pattern: /^-?\d+$/, what: "a decimal integer string" }), num({ int: true })),
  (value) => (typeof value === "number" ? BigInt(value).toString() : BigInt(value).toString()),
  "an integer or a decimal string",
);

/** RunStatus member names, as the spec's table spells them. */
export const RUN_STATUS_NAMES = [
  "UNKNOWN",
  "RUN_STATUS_UNSPECIFIED",
  "PENDING",
  "IN_PROGRESS",
  "FAILED",
  "COMPLETED",
  "TOOL_CALLS",
] as const;

/** StreamEvent member names, as the spec's table spells them. */
export const EVENT_TYPE_NAMES = [
  "UNKNOWN",
  "EVENT_TYPE_UNSPECIFIED",
  "PARTIAL_MESSAGE",
  "ERROR",
  "DONE",
  "TOOL_CALLS",
] as const;

const statusName = oneOf(["running", "success", "failed"]);

// ---------------------------------------------------------------- server side

/** A failure the replay server answers with (after the `stream` messages, if any). */
export const errorSpecShape = obj({
  code: codeShape,
  message: opt(str()),
  /** Response trailers / metadata sent with the error. */
  metadata: opt(record(str())),
});

/**
 * One scripted call of the replay server: which RPC it answers, the request it
 * expects, and what it answers (a response, a stream, an error, or a stream
 * then an error, i.e. a cut stream).
 */
export const exchangeShape = obj({
  /** `Service.Method`, e.g. `RunService.Get`. */
  rpc: str({
    pattern: /^[A-Za-z]+Service\.[A-Za-z]+$/,
    what: "Service.Method, e.g. RunService.Get",
  }),
  /** The request the client must send (proto JSON); compared like a recorded request. */
  request: opt(jsonObject()),
  /** The unary response (proto JSON of the method's output). */
  response: opt(jsonObject()),
  /** The messages of a server stream, in order (proto JSON). */
  stream: opt(arr(jsonObject())),
  error: opt(errorSpecShape),
  /** Waits this long before answering (cancelled with the call). */
  delayMs: opt(int(0)),
  /** How many calls this exchange answers (default 1; the last exchange of an RPC repeats). */
  times: opt(int(1)),
});

/** A turn of the emulator's model script (see the emulator's README). */
export const modelTurnShape = obj({
  text: opt(str()),
  partials: opt(arr(str())),
  usage: opt(obj({ promptTokens: int(0), completionTokens: int(0) })),
  toolCalls: opt(
    arr(obj({ name: str({ nonEmpty: true }), arguments: opt(jsonObject()) }), { min: 1 }),
  ),
  error: opt(obj({ message: str(), code: opt(int()) })),
  /** Citations the turn states (emulator README, "Retrieval and citations"); `[]` = none. */
  citations: opt(
    arr(
      obj({
        sources: arr(obj({ chunk: str(), searchIndexId: opt(str()), fileId: opt(str()) })),
      }),
    ),
  ),
});

/** The emulator's model: `echo` or a script of turns. */
export const modelShape = union(oneOf(["echo"]), obj({ turns: arr(modelTurnShape) }));

/** "Use the emulator": the embedded one in client mode, `--server` in server mode. */
export const emulatorSpecShape = obj({
  model: opt(modelShape),
  chunkDelayMs: opt(int(0)),
  faults: opt(
    obj({
      cutStreamAfterEvents: opt(int(1)),
      unavailableRate: opt(num({ min: 0 })),
      seed: opt(int()),
      delayMs: opt(int(0)),
    }),
  ),
  limits: opt(obj({ maxMessageBytes: opt(int(1)), maxRuns: opt(int(1)) })),
  auth: opt(obj({ apiKey: opt(str()), iamToken: opt(str()) })),
  /** FileService knobs: `maxBytes`, the largest content (RESOURCE_EXHAUSTED past it). */
  files: opt(obj({ maxBytes: opt(int(1)) })),
  /** Pause before an operation's work runs (search index creation, BatchCreate). */
  operationDelayMs: opt(int(0)),
});

/** "Use the replay server": a recorded fixture and/or a script of exchanges. */
export const replaySpecShape = obj({
  /** A recorded session, relative to the fixtures directory (`--fixtures`). */
  fixture: opt(str({ nonEmpty: true })),
  /** Exchanges served after the fixture's ones of the same RPC (or alone). */
  exchanges: opt(arr(exchangeShape)),
  /** Compare the client's requests with the recorded/scripted ones (default true). */
  checkRequests: opt(bool()),
  /** Request fields left out of the comparison: `CreateRunRequest.labels`. */
  ignoreRequestFields: opt(
    arr(str({ pattern: /^[A-Za-z]+\.[A-Za-z0-9_.]+$/, what: "Message.field" })),
  ),
});

/** Where the case's server comes from. */
export const serverSpecShape = tagged({
  emulator: obj({ emulator: emulatorSpecShape }),
  replay: obj({ replay: replaySpecShape }),
});

/** Client options of a case (the runner fills in the endpoint, folder and credentials). */
export const clientSpecShape = obj({
  timeoutMs: opt(int(1)),
  /** `false`, or a retry policy object handed to the client as is. */
  retry: opt(union(falseShape, jsonObject())),
  /** Credentials the client uses instead of the target's: to provoke auth failures. */
  auth: opt(obj({ apiKey: opt(str()), iamToken: opt(str()) })),
  folderId: opt(str()),
});

// ---------------------------------------------------------------- expectations

const statusFields = {
  /** Member name (`TOOL_CALLS`, `UNKNOWN`, ...). */
  status: opt(str({ pattern: /^[A-Z_]+$/, what: "a status member name" })),
  /** The raw wire number the client keeps (for UNKNOWN: the number it did not know). */
  value: opt(int()),
  isRunning: opt(bool()),
  isSucceeded: opt(bool()),
  isFailed: opt(bool()),
  isFinished: opt(bool()),
  statusName: opt(statusName),
};

const runErrorExpect = obj({
  message: opt(str()),
  messageContains: opt(str()),
  code: opt(int()),
});

const toolCallExpect = obj({ name: str(), arguments: opt(json()) });

const usageExpect = obj({
  inputTextTokens: int64Shape,
  completionTokens: int64Shape,
  totalTokens: int64Shape,
});

const resultFields = {
  ...statusFields,
  /** `null`: absent. */
  text: opt(nullable(str())),
  textContains: opt(str()),
  parts: opt(arr(str())),
  error: opt(nullable(runErrorExpect)),
  toolCalls: opt(nullable(arr(toolCallExpect))),
  /** Reading `message` (and `text`, `parts`, `citations`) throws: a FAILED result. */
  messageThrows: opt(bool()),
  usage: opt(nullable(usageExpect)),
  citations: opt(int(0)),
};

/** What a client must report for one stream event. */
export const eventExpectShape = obj({
  ...statusFields,
  text: opt(nullable(str())),
  textContains: opt(str()),
  delta: opt(nullable(str())),
  cursor: opt(int(0)),
  error: opt(nullable(runErrorExpect)),
  toolCalls: opt(nullable(arr(toolCallExpect))),
});

/** The step itself must fail with this status (before or after the network). */
export const stepErrorExpectShape = obj({
  code: codeShape,
  messageContains: opt(str()),
  /**
   * A regular expression the message must match: for a message any client may spell its own
   * way (`runId|run_id`, submit/empty-run-id-local).
   */
  messageMatches: opt(str()),
});

const headerMatcher = union(
  str(),
  obj({
    present: opt(bool()),
    pattern: opt(str()),
    /** Equal to the same header of an earlier `sent` entry (by index). */
    sameAs: opt(int(0)),
    /** Differs from the same header of an earlier `sent` entry (by index). */
    differsFrom: opt(int(0)),
  }),
);

/** A request the client must have sent during the step, in order among requests of its RPC. */
export const sentExpectShape = obj({
  rpc: str({ pattern: /^[A-Za-z]+Service\.[A-Za-z]+$/, what: "Service.Method" }),
  /** Fields the request must carry (proto JSON; a subset). */
  message: opt(jsonObject()),
  headers: opt(record(headerMatcher)),
});

const commonExpectFields = {
  error: opt(stepErrorExpectShape),
  /** Requests that reached the server during the step: a total, or counts per `Service.Method`. */
  requests: opt(union(int(0), record(int(0)))),
  sent: opt(arr(sentExpectShape)),
  /**
   * Every streaming call the client opened during the step was read to its end or failed
   * when the step returns (none abandoned with its deadline timer and HTTP/2 stream alive).
   */
  released: opt(bool()),
};

const commonExpect = obj({ ...commonExpectFields });
/** What a client must report for a RunResult (`error` is the run's error here). */
export const resultFieldsShape = obj(resultFields);
/**
 * The citations of the result, source by source (index and file by alias or id, the chunk
 * text); `[]` = no citations. Without it, the client's citations are still compared with
 * the wire's.
 */
const citedSources = opt(arr(arr(citedSourceShape)));
const resultExpect = obj({
  ...resultFields,
  citedSources,
  runError: opt(nullable(runErrorExpect)),
  ...commonExpectFields,
});
const statusExpect = obj({ ...statusFields, ...commonExpectFields });
const pollExpect = obj({
  ...resultFields,
  citedSources,
  runError: opt(nullable(runErrorExpect)),
  /** Distinct statuses seen, in order. */
  statuses: opt(arr(str())),
  ...commonExpectFields,
});
const streamExpect = obj({
  events: opt(arr(eventExpectShape)),
  count: opt(int(0)),
  statuses: opt(arr(str())),
  cursors: opt(arr(int(0))),
  /** Text of the last event. */
  text: opt(nullable(str())),
  /**
   * The first / the last event (the others are free): for servers whose number of
   * partials is not known, e.g. `first: { status: TOOL_CALLS }`, `last: { status: DONE }`.
   */
  first: opt(eventExpectShape),
  last: opt(eventExpectShape),
  ...commonExpectFields,
});
const listExpectFields = {
  count: opt(int(0)),
  ids: opt(arr(str())),
  texts: opt(arr(str())),
  ...commonExpectFields,
};
const listExpect = obj({ ...listExpectFields, ...pagesField });

// ---------------------------------------------------------------- steps

const functionToolShape = obj({
  name: str({ nonEmpty: true }),
  description: opt(str()),
  parameters: opt(jsonObject()),
});

const toolResultShape = obj({ name: opt(str()), content: opt(str()) });

const runOptionsFields = {
  stream: opt(bool()),
  temperature: opt(num()),
  maxTokens: opt(int(1)),
  maxPromptTokens: opt(int(1)),
  tools: opt(arr(functionToolShape)),
  labels: opt(record(str())),
};

const step = <F extends Record<string, Shape<unknown>>>(fields: F) =>
  obj({ ...fields, note: opt(str()), derive: opt(bool()) });

/** Every step a case can take, by its key. */
export const stepShape = tagged({
  createAssistant: step({
    createAssistant: obj({
      model: opt(str()),
      modelUri: opt(str()),
      name: opt(str()),
      instruction: opt(str()),
      maxPromptTokens: opt(int(1)),
      temperature: opt(num()),
      maxTokens: opt(int(1)),
      tools: opt(arr(functionToolShape)),
      /** A `search_index` tool (client: `searchIndexTool`) next to the function tools. */
      searchIndex: opt(searchToolShape),
    }),
    expect: opt(commonExpect),
  }),
  createThread: step({
    createThread: obj({ name: opt(str()) }),
    expect: opt(commonExpect),
  }),
  write: step({
    write: union(str(), obj({ text: str(), role: opt(oneOf(["USER", "ASSISTANT"])) })),
    expect: opt(commonExpect),
  }),
  run: step({ run: obj(runOptionsFields), expect: opt(resultExpect) }),
  useRun: step({ useRun: obj({ id: str() }), expect: opt(resultExpect) }),
  lastRun: step({ lastRun: obj({}), expect: opt(resultExpect) }),
  result: step({ result: obj({}), expect: opt(resultExpect) }),
  status: step({ status: obj({}), expect: opt(statusExpect) }),
  poll: step({
    poll: obj({
      until: opt(str({ pattern: /^[A-Z_]+$|^finished$/, what: "finished or a status name" })),
      maxCalls: opt(int(1)),
    }),
    expect: opt(pollExpect),
  }),
  wait: step({
    wait: obj({ timeoutMs: opt(int(1)), pollIntervalMs: opt(int(1)), abortAfterMs: opt(int(0)) }),
    expect: opt(resultExpect),
  }),
  listen: step({
    listen: obj({ fromIndex: opt(int(0)), abortAfterEvents: opt(int(1)) }),
    expect: opt(streamExpect),
  }),
  attach: step({
    attach: obj({ fromIndex: opt(int(0)), results: opt(arr(toolResultShape, { min: 1 })) }),
    expect: opt(streamExpect),
  }),
  submit: step({
    submit: obj({
      /**
       * The results to send, or `auto`: one result per tool call of the run's last result,
       * named after the call (for servers whose model decides which calls it makes).
       */
      results: union(arr(toolResultShape), oneOf(["auto"])),
    }),
    expect: opt(commonExpect),
  }),
  submitRaw: step({
    submitRaw: obj({ runId: opt(str()), results: opt(arr(toolResultShape)) }),
    expect: opt(commonExpect),
  }),
  getRaw: step({ getRaw: obj({ runId: str() }), expect: opt(resultExpect) }),
  handleToolCalls: step({
    handleToolCalls: obj({ handlers: record(str()) }),
    expect: opt(resultExpect),
  }),
  seedRuns: step({ seedRuns: obj({ count: int(1), text: opt(str()) }), expect: opt(commonExpect) }),
  listRuns: step({ listRuns: obj({ pageSize: opt(int(1)) }), expect: opt(listExpect) }),
  listAssistants: step({ listAssistants: obj({ pageSize: opt(int(1)) }), expect: opt(listExpect) }),
  listThreads: step({ listThreads: obj({ pageSize: opt(int(1)) }), expect: opt(listExpect) }),
  readThread: step({ readThread: obj({}), expect: opt(listExpect) }),
  /** `assistant.update`: each update makes a version (AssistantService.ListVersions). */
  updateAssistant: step({
    updateAssistant: obj({ name: opt(str()), instruction: opt(str()), description: opt(str()) }),
    expect: opt(commonExpect),
  }),
  ...ragStepShapes(commonExpectFields, listExpectFields),
  ...rawCallStepShapes(commonExpectFields),
});

// ---------------------------------------------------------------- cases and files

/** One conformance case. */
export const caseShape = obj({
  name: kebab,
  description: opt(str()),
  /** Where the case runs: `client` (our client vs. emulator/replay) and/or `server` (vs. `--server`). */
  modes: opt(arr(oneOf(["client", "server"]), { min: 1 })),
  /**
   * What the target must do for the case to apply (issue 11): `authentication`: it refuses
   * calls without valid credentials. Against a server that accepts anonymous calls such a
   * case is reported not applicable, with the reason (applicability.ts).
   */
  requires: opt(arr(oneOf(["authentication"]), { min: 1 })),
  server: serverSpecShape,
  client: opt(clientSpecShape),
  steps: arr(stepShape, { min: 1 }),
});

/** A case file: one suite. */
export const suiteFileShape = obj({
  /** Must equal the file name without `.yaml`. */
  suite: kebab,
  description: opt(str()),
  cases: arr(caseShape, { min: 1 }),
});

/** A validated case file. */
export type SuiteFile = Infer<typeof suiteFileShape>;
/** A validated case. */
export type CaseSpec = Infer<typeof caseShape>;
/** A validated step. */
export type Step = Infer<typeof stepShape>;
/** The server part of a case. */
export type ServerSpec = Infer<typeof serverSpecShape>;
/** "Use the emulator with…". */
export type EmulatorSpec = Infer<typeof emulatorSpecShape>;
/** "Use the replay server with…". */
export type ReplaySpec = Infer<typeof replaySpecShape>;
/** One scripted exchange of the replay server. */
export type ExchangeSpec = Infer<typeof exchangeShape>;
/** An error the replay server answers with. */
export type ErrorSpec = Infer<typeof errorSpecShape>;
/** Client options of a case. */
export type ClientSpec = Infer<typeof clientSpecShape>;
/** The emulator model of a case. */
export type ModelSpec = Infer<typeof modelShape>;
/** One turn of a model script. */
export type ModelTurn = Infer<typeof modelTurnShape>;
/** What a client must report for one stream event. */
export type EventExpect = Infer<typeof eventExpectShape>;
/** An expected step failure. */
export type StepErrorExpect = Infer<typeof stepErrorExpectShape>;
/** An expected request. */
export type SentExpect = Infer<typeof sentExpectShape>;
/** Expectations of result-like steps (wait, result, poll, run, ...). */
export type ResultExpect = Infer<typeof resultExpect>;
/** The RunResult part of result-like expectations (`error` = the run's error). */
export type ResultFields = Infer<typeof resultFieldsShape>;
/** Expectations of poll. */
export type PollExpect = Infer<typeof pollExpect>;
/** Expectations of listen/attach. */
export type StreamExpect = Infer<typeof streamExpect>;
/** Expectations of list steps. */
export type ListExpect = Infer<typeof listExpect>;
/** Expectations of status. */
export type StatusExpect = Infer<typeof statusExpect>;
/** Expectations every step may carry. */
export type CommonExpect = Infer<typeof commonExpect>;
/** A function tool of a case. */
export type FunctionToolSpec = Infer<typeof functionToolShape>;
/** A tool result of a case (fields optional so invalid input can be written). */
export type ToolResultSpec = Infer<typeof toolResultShape>;
/** A tool call as a case expects it. */
export type ToolCallExpect = Infer<typeof toolCallExpect>;
/** The run error as a case expects it. */
export type RunErrorExpect = Infer<typeof runErrorExpect>;
/** One expected citation source. */
export type CitedSourceExpect = Infer<typeof citedSourceShape>;
/** A `search_index` tool of a case. */
export type SearchToolSpec = Infer<typeof searchToolShape>;
/** A token usage as a case expects it. */
export type UsageExpect = Infer<typeof usageExpect>;

/** The name of a step's kind (its key): `wait`, `listen`, ... */
export type StepKind = (typeof STEP_KINDS)[number];

/** Every step kind, in the order the README lists them. */
export const STEP_KINDS = [
  "createAssistant",
  "createThread",
  "write",
  "run",
  "useRun",
  "lastRun",
  "result",
  "status",
  "poll",
  "wait",
  "listen",
  "attach",
  "submit",
  "submitRaw",
  "getRaw",
  "handleToolCalls",
  "seedRuns",
  "listRuns",
  "listAssistants",
  "listThreads",
  "readThread",
  "updateAssistant",
  ...RAG_STEP_KINDS,
  ...RAW_CALL_STEP_KINDS,
] as const;

/** The kind of a step: the one key among {@link STEP_KINDS} it carries. */
export function stepKind(s: Step): StepKind {
  for (const k of STEP_KINDS) if (k in s) return k;
  throw new Error("step without a kind");
}
