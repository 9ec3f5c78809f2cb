/**
 * Runs one case: starts its server (replay, emulator, or the remote server),
 * drives our client through the steps, and compares what the client reports
 * with the case's expectations, the reference reading of the wire
 * (reference.ts) and the model script's predictions (model-expect.ts).
 */

import path from "node:path";
import { inspect } from "node:util";
import { type Message, toJson } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AssistantsClient, type RetryPolicy, type Run } from "@yc-assistants/client";
import {
  type ListAssistantsResponse,
  type ListRunsResponse,
  type ListThreadsResponse,
  type Run as RunMessage,
  RunService,
  type StreamEvent,
  type Message as ThreadMessageProto,
} from "@yc-assistants/types";
import type { LoadedCase } from "./case-loader.js";
import type {
  CaseSpec,
  CommonExpect,
  ResultExpect,
  ResultFields,
  SentExpect,
  Step,
  StreamExpect,
  ToolResultSpec,
} from "./case-schema.js";
import { stepKind } from "./case-schema.js";
import {
  type CaseTarget,
  type RemoteServer,
  startTarget,
  type TargetOptions,
} from "./case-target.js";
import { checkEvents, checkResult, checkStatus } from "./checks.js";
import {
  type ClientConfig,
  type ClientDriver,
  type DriverFactory,
  NotApplicableError,
} from "./drivers/client-driver.js";
import { InProcessDriver } from "./drivers/in-process-driver.js";
import { isUnsupported, requireSupported, skippedChecks } from "./drivers/unsupported.js";
import { grpcCodeName } from "./grpc-code.js";
import { checkList, checkPages } from "./list-checks.js";
import { ModelTracker, type RoundOutcome } from "./model-expect.js";
import {
  type EventLike,
  type ObservedEvent,
  observeEvent,
  observeResult,
  observeStatus,
  type ResultLike,
  type StatusLike,
} from "./observe.js";
import { ClientProcessError } from "./protocol/client-process.js";
import { isRagStep, RagStepError, RagSteps } from "./rag-steps.js";
import { isRawCallStep, RawCalls } from "./raw-call-step.js";
import { toRecording, writeRecording } from "./recorder.js";
import { type RefResult, refEvents, refResult, refRunStatus, uniqueByCursor } from "./reference.js";
import type { Target } from "./report.js";
import { jsonContains } from "./request-compare.js";
import type { JsonValue } from "./shape.js";
import { type WireCall, WireLog } from "./wire-log.js";

/**
 * Hooks that change what the client reports before it is checked. The suite
 * itself uses none; the mutation tests build a "wrong client" with them (for
 * example TOOL_CALLS not succeeded) and show that named cases then fail.
 */
export interface RunnerHooks {
  readonly result?: (result: ResultLike) => ResultLike;
  readonly event?: (event: EventLike) => EventLike;
  readonly status?: (status: StatusLike) => StatusLike;
}

/** The longest a step may take unless `stepTimeoutMs` says otherwise. */
export const DEFAULT_STEP_TIMEOUT_MS = 20_000;

/** How a case is run. */
export interface CaseRunOptions extends TargetOptions {
  /** Where the case runs. */
  readonly target: Target;
  /** Server mode: the server under test (default: an embedded emulator). */
  readonly remote?: RemoteServer;
  readonly hooks?: RunnerHooks;
  /** Writes the case's exchange here as `<suite>/<case>.json` (the fixtures' format). */
  readonly recordDir?: string;
  /** Longest a single step may take (default 20 s). */
  readonly stepTimeoutMs?: number;
  /** The client under test when it is not our client in process (a subprocess, issue 11). */
  readonly driverFactory?: DriverFactory;
}

/** What a case run found. */
export interface CaseRunResult {
  readonly failures: string[];
  readonly durationMs: number;
  /** Set when the case needs what the client does not offer: neither passed nor failed. */
  readonly notApplicable?: string;
}

/**
 * The retry policy the runner gives the client against local servers: the
 * same attempts and codes as the default, with short pauses, so the suite
 * stays fast (the backoff schedule itself is a unit-test matter of the client).
 */
export const FAST_RETRY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  initialBackoffMs: 10,
  multiplier: 1.5,
  maxBackoffMs: 100,
  jitterMs: 10,
});

/** spec/runs.md, "Run status": the members whose isFinished is true. */
const FINISHED_RUN_STATUSES = new Set(["COMPLETED", "FAILED", "TOOL_CALLS"]);
const RUN_RPCS = new Set(["RunService.Get", "RunService.Create", "RunService.GetLastByThread"]);

const show = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? String(v);

function describeError(e: ConnectError): string {
  return `${grpcCodeName(e.code)}: ${e.rawMessage}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs the steps of one case against its target with our client. */
export async function runCase(loaded: LoadedCase, options: CaseRunOptions): Promise<CaseRunResult> {
  const started = performance.now();
  const failures: string[] = [];
  let target: CaseTarget | undefined;
  let notApplicable: string | undefined;
  let run: CaseRun | undefined;
  try {
    target = await startTarget(loaded.spec, options.target, options, options.remote);
    run = new CaseRun(loaded.spec, target, options);
    if (options.driverFactory) {
      run.driver = await options.driverFactory({
        caseId: loaded.id,
        ...run.clientConfig,
        ...(loaded.spec.client ? { clientSpec: loaded.spec.client } : {}),
      });
    }
    await run.execute(failures);
    if (target.replay) {
      for (const m of target.replay.mismatches) failures.push(`replay: ${m}`);
      for (const u of target.replay.unexpected) failures.push(`replay: unexpected call ${u}`);
    }
    if (options.recordDir) {
      const calls = target.serverLog?.calls ?? run.clientLog.calls;
      writeRecording(
        path.join(options.recordDir, loaded.suite, `${loaded.spec.name}.json`),
        toRecording(calls),
      );
    }
    failures.push(...run.secretLeaks(failures));
  } catch (e) {
    if (e instanceof NotApplicableError) notApplicable = e.reason;
    else if (e instanceof ClientProcessError) failures.push(`client: ${e.message}`);
    else failures.push(`set-up: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    try {
      await run?.driver.close();
    } catch (e) {
      failures.push(`client: ${e instanceof Error ? e.message : String(e)}`);
    }
    await target?.close();
  }
  const secrets = target ? secretsOf(target) : [];
  return {
    failures: notApplicable === undefined ? failures.map((f) => redact(f, secrets)) : [],
    durationMs: performance.now() - started,
    ...(notApplicable !== undefined ? { notApplicable: redact(notApplicable, secrets) } : {}),
  };
}

function secretsOf(target: CaseTarget): string[] {
  return "apiKey" in target.credentials
    ? [target.credentials.apiKey]
    : [target.credentials.iamToken];
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("***");
  return out;
}

/** Where a mark of the client's and the server's wire logs was taken (a step's start). */
interface StepMark {
  readonly client: number;
  readonly server: number;
}

/** The state of one case while it runs. */
class CaseRun {
  readonly clientLog = new WireLog();
  readonly client: AssistantsClient;
  readonly raw: ReturnType<typeof createClient<typeof RunService>>;
  readonly tracker: ModelTracker;
  /** The client under test (our client in process, or a subprocess). */
  driver: ClientDriver;
  /** How the client under test connects (the subprocess driver's CaseStart). */
  readonly clientConfig: ClientConfig;
  private stream = false;
  /** Files, search indexes and operations of the case (rag-steps.ts). */
  readonly rag: RagSteps;
  /** `callRaw` steps (raw-call-step.ts). */
  readonly rawCalls: RawCalls;
  /** The assistant has a search_index tool: the echo model's answers are not predicted. */
  private searching = false;
  /** Error messages the steps saw, checked for leaked credentials. */
  private readonly messages: string[] = [];
  private readonly credentials: CaseTarget["credentials"];

  constructor(
    readonly spec: CaseSpec,
    readonly target: CaseTarget,
    readonly options: CaseRunOptions,
  ) {
    const override = spec.client?.auth;
    this.credentials = override?.apiKey
      ? { apiKey: override.apiKey }
      : override?.iamToken
        ? { iamToken: override.iamToken }
        : target.credentials;
    const remote = target.target === "server" && options.remote !== undefined;
    this.clientConfig = {
      url: target.url,
      credentials: this.credentials,
      folderId: target.folderId,
      timeoutMs: spec.client?.timeoutMs ?? 15_000,
      retry:
        (spec.client?.retry as RetryPolicy | false | undefined) ??
        (remote ? undefined : FAST_RETRY),
    };
    this.client = new AssistantsClient({
      endpoint: target.url,
      folderId: target.folderId,
      auth: this.credentials,
      timeoutMs: this.clientConfig.timeoutMs,
      retry: this.clientConfig.retry,
      interceptors: [this.clientLog.interceptor],
      env: {},
    });
    const authHeader =
      "apiKey" in this.credentials
        ? `Api-Key ${this.credentials.apiKey}`
        : `Bearer ${this.credentials.iamToken}`;
    const auth: Interceptor = (next) => (req) => {
      req.header.set("authorization", authHeader);
      return next(req);
    };
    this.raw = createClient(
      RunService,
      createGrpcTransport({
        baseUrl: target.url,
        interceptors: [this.clientLog.interceptor, auth],
      }),
    );
    const model = "emulator" in spec.server ? spec.server.emulator.model : undefined;
    this.tracker = new ModelTracker(model);
    this.driver = new InProcessDriver(this.client);
    this.rag = new RagSteps(
      () => this.driver.rag,
      createGrpcTransport({
        baseUrl: target.url,
        interceptors: [this.clientLog.interceptor, auth],
      }),
      target.target !== "server" || options.remote === undefined,
      () => this.driver.assistantId,
    );
    this.rawCalls = new RawCalls(
      createGrpcTransport({
        baseUrl: target.url,
        interceptors: [this.clientLog.interceptor, auth],
      }),
      () => ({
        folder: target.folderId,
        assistant: this.driver.assistantId,
        thread: this.driver.threadId,
        run: this.driver.runId,
        file: this.rag.lastFileId(),
        index: this.rag.lastIndexId(),
      }),
    );
  }

  /** Credentials must never appear in an error, the client's inspect output or its JSON. */
  secretLeaks(failures: readonly string[]): string[] {
    const secret =
      "apiKey" in this.credentials ? this.credentials.apiKey : this.credentials.iamToken;
    const out: string[] = [];
    const places: [string, string][] = [
      ["util.inspect(client)", inspect(this.client, { depth: 5 })],
      ["JSON.stringify(client)", JSON.stringify(this.client) ?? ""],
      ...this.messages.map((m, i): [string, string] => [`error message #${i + 1}`, m]),
      ...failures.map((f, i): [string, string] => [`failure #${i + 1}`, f]),
    ];
    for (const [where, text] of places) {
      if (secret.length >= 4 && text.includes(secret))
        out.push(`secrets: the credential appears in ${where}`);
    }
    return out;
  }

  async execute(failures: string[]): Promise<void> {
    const timeoutMs = this.options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
    // A subprocess client's own step timeout (the protocol request's) fires first, so that a
    // late answer can never be taken for the next request's.
    const outerMs = this.driver.kind === "subprocess" ? timeoutMs + 2_000 : timeoutMs;
    for (const [i, step] of this.spec.steps.entries()) {
      const kind = stepKind(step);
      const label = `steps[${i}] ${kind}`;
      const mark = { client: this.clientLog.mark(), server: this.target.serverLog?.mark() ?? 0 };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), outerMs);
      });
      let stepFailures: string[];
      let error: ConnectError | undefined;
      try {
        const outcome = await Promise.race([this.step(step, label, mark), timeout]);
        if (outcome === "timeout") {
          failures.push(`${label}: did not finish within ${timeoutMs} ms`);
          return;
        }
        stepFailures = outcome;
      } catch (e) {
        if (e instanceof NotApplicableError || e instanceof ClientProcessError) throw e;
        const failed = e instanceof StepError || e instanceof RagStepError ? e : undefined;
        error = ConnectError.from(failed ? failed.error : e);
        this.messages.push(error.message);
        stepFailures = failed ? failed.failures : [];
      } finally {
        clearTimeout(timer);
      }
      const expect = (step as { expect?: CommonExpect }).expect;
      const wantError = expect?.error;
      if (error && !wantError) {
        failures.push(`${label}: failed with ${describeError(error)}`);
        failures.push(...stepFailures.map((f) => `${label}: ${f}`));
        return; // later steps depend on this one
      }
      if (wantError) {
        if (!error) {
          failures.push(`${label}: expected ${grpcCodeName(wantError.code)}, but it succeeded`);
        } else {
          if (error.code !== wantError.code) {
            failures.push(
              `${label}: expected ${grpcCodeName(wantError.code)}, got ${describeError(error)}`,
            );
          }
          if (
            wantError.messageContains !== undefined &&
            !error.rawMessage.includes(wantError.messageContains)
          ) {
            failures.push(
              `${label}: expected the error message to contain ${show(wantError.messageContains)}, got ${show(error.rawMessage)}`,
            );
          }
          if (
            wantError.messageMatches !== undefined &&
            !new RegExp(wantError.messageMatches).test(error.rawMessage)
          ) {
            failures.push(
              `${label}: expected the error message to match /${wantError.messageMatches}/, got ${show(error.rawMessage)}`,
            );
          }
        }
      }
      failures.push(...stepFailures.map((f) => `${label}: ${f}`));
      if (expect?.released) {
        // On the server side a cancelled call is seen a moment after the client let it go.
        if (this.driver.kind === "subprocess") await this.settled(mark);
        for (const call of this.callsSince(mark)) {
          if (call.streamState === "open") {
            failures.push(
              `${label}: the ${call.rpc} call was left open: its response stream was neither read to the end nor failed, so the call (its deadline timer, its HTTP/2 stream) lives on until its deadline`,
            );
          }
        }
      }
      const seen = this.target.serverLog
        ? this.target.serverLog.since(mark.server)
        : this.clientLog.since(mark.client);
      failures.push(...checkRequests(label, seen, expect));
    }
  }

  private need<T>(value: T | undefined, what: string): T {
    if (value === undefined)
      throw new ConnectError(
        `the case has no ${what} yet (add a step that creates one)`,
        Code.FailedPrecondition,
      );
    return value;
  }

  private derive(step: Step): boolean {
    return step.derive !== false;
  }

  /**
   * The calls of a step as the runner sees them: through our client's interceptor in process;
   * on the server side for a subprocess client (none against a remote server).
   */
  private callsSince(mark: StepMark): WireCall[] {
    if (this.driver.kind === "in-process") return this.clientLog.since(mark.client);
    return this.target.serverLog?.since(mark.server) ?? [];
  }

  /**
   * Whether a polled result is finished: the client's own flag, or for a client without one
   * (`status.is_finished` unsupported) the spec's finished members.
   */
  private finished(r: ResultLike): boolean {
    if (!isUnsupported(this.driver.unsupported, "status.is_finished")) return r.status.isFinished;
    return FINISHED_RUN_STATUSES.has(r.status.name);
  }

  /** Waits (up to a second) until no call of the step is still open on the server side. */
  private async settled(mark: StepMark): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if (!this.callsSince(mark).some((c) => c.streamState === "open")) return;
      await sleep(20);
    }
  }

  /** An explicit status expectation, after checking the client offers what it names. */
  private explicitSupported<T extends object>(expect: T | undefined, where: string): T | undefined {
    requireSupported(this.driver.unsupported, expect, where);
    return expect;
  }

  /** What the checks skip for this client (its unsupported observed fields). */
  private get skip(): ReadonlySet<string> {
    return skippedChecks(this.driver.unsupported);
  }

  /** Runs one step; returns its check failures (an exception is the step's error). */
  private async step(step: Step, label: string, mark: StepMark): Promise<string[]> {
    void label;
    const stepCalls = () => this.callsSince(mark);
    const hooks = this.options.hooks ?? {};
    const asResult = (r: ResultLike) => (hooks.result ? hooks.result(r) : r);
    const asEvent = (e: EventLike) => (hooks.event ? hooks.event(e) : e);
    const asStatus = (s: StatusLike) => (hooks.status ? hooks.status(s) : s);

    const d = this.driver;
    if ("createAssistant" in step) {
      const a = step.createAssistant;
      await d.createAssistant(a, a.searchIndex ? this.rag.searchTool(a.searchIndex) : undefined);
      this.tracker.createAssistant(a.tools, a.instruction, a.maxPromptTokens);
      this.searching = a.searchIndex !== undefined;
      return [];
    }
    if ("createThread" in step) {
      await d.createThread(step.createThread.name);
      this.tracker.createThread(this.need(d.threadId, "thread"));
      return [];
    }
    if ("write" in step) {
      const w = step.write;
      await d.write(w);
      this.tracker.write(
        this.need(d.threadId, "thread"),
        typeof w === "string" ? w : w.text,
        typeof w === "string" ? "USER" : (w.role ?? "USER"),
      );
      return [];
    }
    if ("run" in step) {
      const r = step.run;
      const result = await d.run(r, r.tools);
      this.stream = r.stream === true;
      this.tracker.run(this.need(d.threadId, "thread"), {
        ...(r.tools ? { tools: r.tools } : {}),
        ...(r.maxPromptTokens ? { maxPromptTokens: r.maxPromptTokens } : {}),
        stream: this.stream,
      });
      return this.checkResultStep(step, asResult(result), stepCalls(), undefined);
    }
    if ("useRun" in step) {
      const result = await d.getRun(step.useRun.id);
      return this.checkResultStep(step, asResult(result), stepCalls(), undefined);
    }
    if ("lastRun" in step) {
      const result = await d.lastRun();
      return this.checkResultStep(step, asResult(result), stepCalls(), undefined);
    }
    if ("result" in step) {
      const result = asResult(await d.result());
      return this.checkResultStep(step, result, stepCalls(), undefined);
    }
    if ("status" in step) {
      const got = await d.status();
      const status = asStatus(got.status);
      const runs = runsOf(stepCalls());
      const last = runs[runs.length - 1];
      const ref = this.derive(step) && last ? refRunStatus(last.state?.status ?? 0) : undefined;
      const raw = got.rawFromWire ? last?.state?.status : got.raw;
      return checkStatus(
        "status",
        observeStatus(status, raw),
        this.explicitSupported(step.expect, "status"),
        ref,
        this.skip,
      );
    }
    if ("poll" in step) {
      const until = step.poll.until ?? "finished";
      const max = step.poll.maxCalls ?? 200;
      const seen: string[] = [];
      let last: ResultLike | undefined;
      for (let calls = 1; ; calls++) {
        last = asResult(await d.result());
        if (seen[seen.length - 1] !== last.status.name) seen.push(last.status.name);
        if (until === "finished" ? this.finished(last) : last.status.name === until) break;
        if (calls >= max)
          return [`the run did not reach ${until} within ${max} Gets (seen: ${seen.join(", ")})`];
        if (this.target.target !== "replay") await sleep(10);
      }
      const out: string[] = [];
      const wireStatuses = collapse(
        runsOf(stepCalls()).map((r) => refRunStatus(r.state?.status ?? 0).name),
      );
      const wantStatuses = step.expect?.statuses ?? (this.derive(step) ? wireStatuses : undefined);
      if (wantStatuses && show(wantStatuses) !== show(seen)) {
        out.push(`statuses seen: expected ${show(wantStatuses)}, got ${show(seen)}`);
      }
      const model = until === "finished" ? this.modelResult(step) : undefined;
      out.push(...this.checkResultStep(step, last, stepCalls(), model));
      return out;
    }
    if ("wait" in step) {
      const w = step.wait;
      const result = asResult(
        await d.wait({
          timeoutMs: w.timeoutMs,
          pollIntervalMs: w.pollIntervalMs ?? (this.target.target === "server" ? 500 : 20),
          abortAfterMs: w.abortAfterMs,
        }),
      );
      return this.checkResultStep(step, result, stepCalls(), this.modelResult(step));
    }
    if ("listen" in step) {
      const l = step.listen;
      const observed: ObservedEvent[] = [];
      let failure: unknown;
      try {
        await d.listen({ fromIndex: l.fromIndex, abortAfterEvents: l.abortAfterEvents }, (ev) => {
          observed.push(observeEvent(asEvent(ev)));
        });
      } catch (e) {
        if (e instanceof NotApplicableError) throw e;
        failure = e;
      }
      const out = this.checkStreamStep(step, "listen", observed, stepCalls(), l.fromIndex);
      if (failure !== undefined) throw withFailures(failure, out);
      return out;
    }
    if ("attach" in step) {
      const a = step.attach;
      const observed: ObservedEvent[] = [];
      let failure: unknown;
      try {
        const { sent } = await d.attach({ fromIndex: a.fromIndex, results: a.results }, (ev) => {
          const e = asEvent(ev);
          observed.push(observeEvent(e));
          return e;
        });
        if (sent && a.results) this.tracker.submit(a.results);
      } catch (e) {
        if (e instanceof NotApplicableError) throw e;
        failure = e;
      }
      const out = this.checkStreamStep(step, "attach", observed, stepCalls(), a.fromIndex);
      if (failure !== undefined) throw withFailures(failure, out);
      return out;
    }
    if ("submit" in step) {
      const results =
        step.submit.results === "auto"
          ? autoResults({ lastResult: this.need(d.lastResult, "run result") as never })
          : step.submit.results.map(toToolResult);
      await d.submit(results);
      this.tracker.submit(results);
      return [];
    }
    if ("submitRaw" in step) {
      const s = step.submitRaw;
      const runId = s.runId ?? this.need(this.driver.runId, "run");
      await this.raw.submit({
        runId,
        Event:
          s.results === undefined
            ? { case: undefined }
            : {
                case: "toolResultList",
                value: {
                  toolResults: s.results.map((r) => ({
                    ToolResultType: {
                      case: "functionResult" as const,
                      value: {
                        name: r.name ?? "",
                        ContentType:
                          r.content === undefined
                            ? { case: undefined }
                            : { case: "content" as const, value: r.content },
                      },
                    },
                  })),
                },
              },
      });
      if (s.results) this.tracker.submit(s.results);
      return [];
    }
    if ("getRaw" in step) {
      const run = await this.raw.get({ runId: step.getRaw.runId });
      const ref = refResult(run);
      return checkStatus(
        "status",
        observeStatus(ref.status, ref.status.raw),
        fieldsOf(step.expect),
        ref.status,
      );
    }
    if ("handleToolCalls" in step) {
      const contents = step.handleToolCalls.handlers;
      const result = asResult(await d.handleToolCalls(contents));
      for (let round = 0; round < 10; round++) {
        const o = this.tracker.current();
        if (o?.status !== "TOOL_CALLS" || !o.toolCalls) break;
        this.tracker.submit(
          o.toolCalls.map((c) => ({ name: c.name, content: contents[c.name] ?? "" })),
        );
      }
      return this.checkResultStep(step, result, stepCalls(), this.modelResult(step));
    }
    if ("seedRuns" in step) {
      // Set-up, not the client under test: always the runner's reference client (on the
      // in-process driver's own assistant object, so no extra request is made).
      const assistant =
        d instanceof InProcessDriver
          ? this.need(d.currentAssistant, "assistant")
          : await this.client.assistants.get(this.need(d.assistantId, "assistant"));
      for (let i = 0; i < step.seedRuns.count; i++) {
        const thread = await this.client.threads.create({});
        await thread.write(step.seedRuns.text ?? `seed ${i + 1}`);
        const run = await assistant.run(thread);
        await run.wait({ pollIntervalMs: 20 });
      }
      return [];
    }
    if ("listRuns" in step || "listAssistants" in step || "listThreads" in step) {
      const [kind, rpc, pageSizeOf] =
        "listRuns" in step
          ? (["runs", "RunService.List", step.listRuns.pageSize] as const)
          : "listAssistants" in step
            ? (["assistants", "AssistantService.List", step.listAssistants.pageSize] as const)
            : (["threads", "ThreadService.List", step.listThreads.pageSize] as const);
      const { ids } = await d.list(kind, pageSizeOf);
      const wire = stepCalls()
        .filter((c) => c.rpc === rpc)
        .flatMap((c) => c.responses.flatMap((p) => listedIds(p)));
      return [
        ...checkList(step.expect, ids, this.derive(step) ? wire : undefined, undefined),
        ...pagesOf(step.expect?.pages, stepCalls(), rpc),
      ];
    }
    if ("readThread" in step) {
      const { ids, texts } = await d.list("messages", undefined);
      const wire = stepCalls()
        .filter((c) => c.rpc === "MessageService.List")
        .flatMap((c) => c.responses as ThreadMessageProto[]);
      const wireTexts = wire.map((m) =>
        (m.content?.content ?? [])
          .flatMap((p) => (p.PartType.case === "text" ? [p.PartType.value.content] : []))
          .join("\n"),
      );
      return checkList(step.expect, ids, this.derive(step) ? wire.map((m) => m.id) : undefined, {
        texts,
        wireTexts: this.derive(step) ? wireTexts : undefined,
      });
    }
    if ("updateAssistant" in step) {
      await d.updateAssistant(step.updateAssistant);
      return [];
    }
    // Files, search indexes and operations: through the driver's RagClient (in process, or
    // the protocol's steps; pageRaw is the runner's own raw List calls, any client may run it).
    if (isRagStep(step)) return this.rag.step(step, stepCalls);
    if (isRawCallStep(step)) return this.rawCalls.step(step);
    const never: never = step;
    throw new Error(`unknown step ${show(never)}`);
  }

  /** The model script's prediction of the current round, as result expectations. */
  private modelResult(step: Step): ResultFields | undefined {
    if (!this.target.predictable || !this.derive(step) || this.searching) return undefined;
    const o = this.tracker.current();
    return o ? outcomeFields(o) : undefined;
  }

  private checkResultStep(
    step: Step & { expect?: ResultExpect },
    result: ResultLike,
    calls: WireCall[],
    model: ResultFields | undefined,
  ): string[] {
    const runs = runsOf(calls);
    const last = runs[runs.length - 1];
    const ref: RefResult | undefined = this.derive(step) && last ? refResult(last) : undefined;
    const explicit = this.explicitSupported(fieldsOf(step.expect), "result");
    const merged: ResultFields | undefined =
      model || explicit ? { ...model, ...explicit } : undefined;
    return [
      ...checkResult("result", observeResult(result), merged, ref, this.skip),
      ...this.rag.checkCitations(result, last, step.expect?.citedSources, this.derive(step)),
    ];
  }

  private checkStreamStep(
    step: Step & { expect?: StreamExpect },
    rpc: "listen" | "attach",
    observed: ObservedEvent[],
    calls: WireCall[],
    fromIndex: number | undefined,
  ): string[] {
    const method = rpc === "listen" ? "RunService.Listen" : "RunService.Attach";
    const streams = calls.filter((c) => c.rpc === method);
    const events = streams.flatMap((c) => c.responses as StreamEvent[]);
    const derive = this.derive(step);
    const ref = derive ? refEvents(uniqueByCursor(events)) : undefined;
    let explicit = this.explicitSupported(step.expect, rpc);
    const model =
      this.target.predictable && derive && !this.searching ? this.tracker.current() : undefined;
    if (model && explicit?.events === undefined && explicit?.count === undefined) {
      explicit = { ...explicit, ...streamFromModel(model, fromIndex, this.tracker.submitted, rpc) };
    }
    const out = checkEvents(rpc, observed, explicit, ref, this.skip);
    // The server side: every stream starts at the requested index and counts up by one
    // (spec/runs.md, "Listening"; a server that restarts from 0 fails here).
    if (derive && this.target.target !== "replay") {
      for (const call of streams) {
        const req = call.requests[0] as { eventsStartIdx?: bigint } | undefined;
        const start = req?.eventsStartIdx ?? 0n;
        const cursors = (call.responses as StreamEvent[]).map(
          (e) => e.streamCursor?.currentEventIdx ?? 0n,
        );
        if (cursors.length > 0 && cursors[0] !== start) {
          out.push(
            `server: a ${method} from events_start_idx ${start} began with event ${cursors[0]}`,
          );
        }
        for (let i = 1; i < cursors.length; i++) {
          if (cursors[i] !== (cursors[i - 1] as bigint) + 1n) {
            out.push(`server: ${method} cursors not consecutive: ${cursors.join(", ")}`);
            break;
          }
        }
      }
    }
    return out;
  }
}

/** `pages: N` of a list step: the real service's paging (list-checks.ts). */
function pagesOf(pages: number | "any" | undefined, calls: WireCall[], rpc: string): string[] {
  return pages === undefined
    ? []
    : checkPages(
        calls.filter((c) => c.rpc === rpc && !c.error),
        pages,
      );
}

/** The item ids of one List response (runs, assistants or threads). */
function listedIds(page: unknown): string[] {
  const p = page as Partial<
    Pick<ListRunsResponse, "runs"> &
      Pick<ListAssistantsResponse, "assistants"> &
      Pick<ListThreadsResponse, "threads">
  >;
  const items: readonly { id: string }[] = p.runs ?? p.assistants ?? p.threads ?? [];
  return items.map((x) => x.id);
}

function toToolResult(r: ToolResultSpec): { name: string; content: string } {
  // Left as given (possibly missing) so local validation can be exercised.
  return { name: r.name, content: r.content } as { name: string; content: string };
}

/**
 * `submit: { results: auto }`: one result per tool call of the run's last result, named
 * after the call, so a case can answer whatever calls a server's model made (server mode).
 */
export function autoResults(run: Pick<Run, "lastResult">): { name: string; content: string }[] {
  const calls = run.lastResult.toolCalls;
  if (!calls || calls.length === 0) {
    throw new ConnectError(
      `results: auto needs a run waiting in TOOL_CALLS with tool calls; its last result is ${run.lastResult.status.name} without calls`,
      Code.FailedPrecondition,
    );
  }
  return calls.map((c, i) => ({ name: c.name, content: `result ${i + 1} of ${c.name}` }));
}

function runsOf(calls: readonly WireCall[]): RunMessage[] {
  return calls
    .filter((c) => RUN_RPCS.has(c.rpc) && !c.error)
    .flatMap((c) => c.responses as RunMessage[]);
}

function collapse(names: string[]): string[] {
  return names.filter((n, i) => i === 0 || names[i - 1] !== n);
}

/** The RunResult fields of a result-like expectation (`runError` is the run's error). */
function fieldsOf(
  expect: (ResultExpect & { statuses?: unknown }) | undefined,
): ResultFields | undefined {
  if (!expect) return undefined;
  const {
    error: _step,
    runError,
    requests: _r,
    sent: _s,
    statuses: _st,
    released: _rl,
    citedSources: _cs,
    ...rest
  } = expect;
  const fields: ResultFields = { ...rest };
  if (runError !== undefined) fields.error = runError;
  return fields;
}

function outcomeFields(o: RoundOutcome): ResultFields {
  const fields: ResultFields = { status: o.status };
  if (o.status === "COMPLETED") {
    fields.text = o.text ?? "";
    fields.toolCalls = null;
  }
  if (o.status === "TOOL_CALLS" && o.toolCalls) {
    fields.toolCalls = o.toolCalls.map((c) => ({ name: c.name, arguments: c.arguments }));
  }
  if (o.status === "FAILED" && o.error) {
    fields.error = {
      messageContains: o.error.message,
      ...(o.error.code !== undefined ? { code: o.error.code } : {}),
    };
    fields.messageThrows = true;
  }
  if (o.usage) fields.usage = o.usage;
  return fields;
}

/** What a listen must deliver according to the model script. */
function streamFromModel(
  o: RoundOutcome,
  fromIndex: number | undefined,
  submitted: boolean,
  rpc: "listen" | "attach",
): Partial<StreamExpect> {
  if (rpc === "attach" || fromIndex !== undefined) return {};
  const finalType =
    o.status === "COMPLETED" ? "DONE" : o.status === "FAILED" ? "ERROR" : "TOOL_CALLS";
  const final = {
    status: finalType,
    ...(o.status === "COMPLETED" ? { text: o.text ?? "" } : {}),
    ...(o.status === "FAILED" && o.error ? { error: { messageContains: o.error.message } } : {}),
    ...(o.status === "TOOL_CALLS" && o.toolCalls
      ? { toolCalls: o.toolCalls.map((c) => ({ name: c.name, arguments: c.arguments })) }
      : {}),
  };
  // A stream=false run emits only its final event (spec/runs.md, RunService table).
  if (!o.stream) return { count: 1, events: [final] };
  if (o.partials && !submitted && o.status === "COMPLETED") {
    return {
      events: [...o.partials.map((text) => ({ status: "PARTIAL_MESSAGE", text })), final],
    };
  }
  return {};
}

/** A step that failed after some checks were made (a stream that broke after events). */
class StepError extends Error {
  constructor(
    readonly error: unknown,
    readonly failures: string[],
  ) {
    super("step failed");
  }
}

function withFailures(error: unknown, failures: string[]): StepError {
  return new StepError(error, failures);
}

function headerFailures(label: string, calls: WireCall[], sent: SentExpect[]): string[] {
  const out: string[] = [];
  const used = new Map<string, number>();
  const matched: (WireCall | undefined)[] = [];
  sent.forEach((want, i) => {
    const candidates = calls.filter((c) => c.rpc === want.rpc);
    let k = used.get(want.rpc) ?? 0;
    let found: WireCall | undefined;
    for (; k < candidates.length; k++) {
      const c = candidates[k] as WireCall;
      const json = c.requests[0]
        ? (toJson(c.method.input, c.requests[0] as Message) as JsonValue)
        : undefined;
      if (want.message === undefined || jsonContains(want.message, json)) {
        found = c;
        break;
      }
    }
    used.set(want.rpc, k + 1);
    matched.push(found);
    if (!found) {
      out.push(
        `${label}: sent[${i}]: no ${want.rpc} request${want.message ? ` with ${show(want.message)}` : ""} (saw ${candidates.length})`,
      );
      return;
    }
    for (const [name, matcher] of Object.entries(want.headers ?? {})) {
      const value = found.headers[name.toLowerCase()];
      const where = `${label}: sent[${i}] header ${name}`;
      if (typeof matcher === "string") {
        if (value !== matcher)
          out.push(
            `${where}: expected ${show(matcher)}, got ${value === undefined ? "none" : "another value"}`,
          );
        continue;
      }
      if (matcher.present === true && value === undefined) out.push(`${where}: missing`);
      if (matcher.present === false && value !== undefined) out.push(`${where}: must not be sent`);
      if (
        matcher.pattern !== undefined &&
        (value === undefined || !new RegExp(matcher.pattern).test(value))
      ) {
        out.push(`${where}: does not match /${matcher.pattern}/`);
      }
      for (const [rel, index] of [
        ["sameAs", matcher.sameAs],
        ["differsFrom", matcher.differsFrom],
      ] as const) {
        if (index === undefined) continue;
        const other = matched[index]?.headers[name.toLowerCase()];
        const equal = other !== undefined && other === value;
        if (rel === "sameAs" && !equal)
          out.push(`${where}: expected the same value as sent[${index}]`);
        if (rel === "differsFrom" && (equal || value === undefined)) {
          out.push(`${where}: expected a value different from sent[${index}]`);
        }
      }
    }
  });
  return out;
}

/** Checks `requests` and `sent` of a step against the calls seen during it. */
function checkRequests(
  label: string,
  calls: WireCall[],
  expect: CommonExpect | undefined,
): string[] {
  const out: string[] = [];
  if (expect?.requests !== undefined) {
    if (typeof expect.requests === "number") {
      if (calls.length !== expect.requests) {
        out.push(
          `${label}: expected ${expect.requests} request(s) to reach the server, got ${calls.length} [${calls.map((c) => c.rpc).join(", ")}]`,
        );
      }
    } else {
      for (const [rpc, n] of Object.entries(expect.requests)) {
        const got = calls.filter((c) => c.rpc === rpc).length;
        if (got !== n) out.push(`${label}: expected ${n} ${rpc} request(s), got ${got}`);
      }
    }
  }
  if (expect?.sent) out.push(...headerFailures(label, calls, expect.sent));
  return out;
}
