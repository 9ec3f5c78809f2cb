/**
 * Our client (`@yc-assistants/client`) behind the client-under-test protocol (issue 11,
 * adapter 2: "our client as a subprocess"). Each step is the same public-API call as the
 * in-process path (it reuses InProcessDriver), so every case must give the same verdict both
 * ways; that is what proves the protocol.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { create, type JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { AssistantsClient, type RetryPolicy } from "@yc-assistants/client";
import type { FunctionToolSpec } from "../../case-schema.js";
import type { ListKind } from "../../drivers/client-driver.js";
import { InProcessDriver } from "../../drivers/in-process-driver.js";
import {
  type CaseStart,
  type CaseStarted,
  CaseStartedSchema,
  type ClientInit,
  DeleteKind,
  type FunctionTool,
  type InitAck,
  InitAckSchema,
  ListKind as ProtoListKind,
  type StepRequest,
  type StepResponse,
  StepResponseSchema,
} from "../../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import type { AdapterHandler } from "../../protocol/adapter-loop.js";
import { eventToProto, resultToProto, statusToProto } from "../../protocol/observed-proto.js";
import { isRagRequest, performRag, searchToolOf } from "./rag-steps-proto.js";

const LIST_KINDS: Partial<Record<ProtoListKind, ListKind>> = {
  [ProtoListKind.RUNS]: "runs",
  [ProtoListKind.ASSISTANTS]: "assistants",
  [ProtoListKind.THREADS]: "threads",
  [ProtoListKind.MESSAGES]: "messages",
};

/** The client package's version, read from its package.json. */
function clientVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    let dir = path.dirname(require.resolve("@yc-assistants/client"));
    for (let i = 0; i < 5; i++) {
      const file = path.join(dir, "package.json");
      try {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "@yc-assistants/client") return pkg.version ?? "unknown";
      } catch {
        // not here: one level up
      }
      dir = path.dirname(dir);
    }
  } catch {
    // fall through
  }
  return "unknown";
}

function toolSpecs(tools: readonly FunctionTool[]): FunctionToolSpec[] | undefined {
  if (tools.length === 0) return undefined;
  return tools.map((t) => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    ...(t.parameters ? { parameters: t.parameters as JsonObject } : {}),
  })) as FunctionToolSpec[];
}

const num = (v: bigint | undefined) => (v === undefined ? undefined : Number(v));

/** Serves the protocol with our client. */
export class NodeOursAdapter implements AdapterHandler {
  private driver: InProcessDriver | undefined;

  init(_init: ClientInit): InitAck {
    return create(InitAckSchema, {
      name: "@yc-assistants/client",
      version: clientVersion(),
      runtime: `node ${process.version}`,
      unsupported: [],
    });
  }

  caseStart(start: CaseStart): CaseStarted {
    const c = start.connection;
    if (!c) throw new Error("caseStart without a connection");
    const o = start.options;
    const retry: RetryPolicy | false | undefined = o?.retryDisabled
      ? false
      : o?.retry
        ? {
            maxAttempts: o.retry.maxAttempts,
            initialBackoffMs: o.retry.initialBackoffMs,
            multiplier: o.retry.multiplier,
            maxBackoffMs: o.retry.maxBackoffMs,
            jitterMs: o.retry.jitterMs,
          }
        : undefined;
    const client = new AssistantsClient({
      endpoint: c.serverUrl,
      folderId: c.folderId,
      auth:
        c.credentials.case === "iamToken"
          ? { iamToken: c.credentials.value }
          : { apiKey: c.credentials.value ?? "" },
      ...(o?.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      ...(retry !== undefined ? { retry } : {}),
      env: {},
    });
    this.driver = new InProcessDriver(client);
    return create(CaseStartedSchema);
  }

  caseEnd(): void {
    this.driver = undefined;
  }

  async step(request: StepRequest): Promise<StepResponse> {
    const out = create(StepResponseSchema, { index: request.index });
    const d = this.driver;
    try {
      if (!d) throw new ConnectError("a step before caseStart", Code.FailedPrecondition);
      await this.perform(d, request, out);
    } catch (e) {
      const error = ConnectError.from(e);
      out.error = {
        $typeName: "ycassistants.conformance.v1.StepError",
        code: error.code,
        message: error.rawMessage,
      };
    }
    if (d) {
      out.assistantId = d.assistantId ?? "";
      out.threadId = d.threadId ?? "";
      out.runId = d.runId ?? "";
    }
    return out;
  }

  private async perform(d: InProcessDriver, request: StepRequest, out: StepResponse) {
    const s = request.step;
    const result = (r: Parameters<typeof resultToProto>[0]) => {
      out.result = resultToProto(r, d.runId ?? "");
    };
    switch (s.case) {
      case "createAssistant": {
        const a = s.value;
        const tools = toolSpecs(a.tools);
        const search = a.searchIndex ? searchToolOf(a.searchIndex) : undefined;
        await d.createAssistant(
          {
            ...(a.modelUri ? { modelUri: a.modelUri } : { model: a.model || "yandexgpt" }),
            ...(a.name ? { name: a.name } : {}),
            ...(a.instruction ? { instruction: a.instruction } : {}),
            ...(a.maxPromptTokens !== undefined ? { maxPromptTokens: num(a.maxPromptTokens) } : {}),
            ...(a.temperature !== undefined ? { temperature: a.temperature } : {}),
            ...(a.maxTokens !== undefined ? { maxTokens: num(a.maxTokens) } : {}),
            ...(tools ? { tools } : {}),
          } as never,
          search,
        );
        return;
      }
      case "createThread":
        return d.createThread(s.value.name || undefined);
      case "write":
        return d.write(s.value.role ? { text: s.value.text, role: s.value.role } : s.value.text);
      case "run": {
        const r = s.value;
        const tools = toolSpecs(r.tools);
        const labels = Object.keys(r.labels).length > 0 ? { labels: { ...r.labels } } : {};
        return result(
          await d.run(
            {
              stream: r.stream,
              ...(r.temperature !== undefined ? { temperature: r.temperature } : {}),
              ...(r.maxTokens !== undefined ? { maxTokens: num(r.maxTokens) } : {}),
              ...(r.maxPromptTokens !== undefined
                ? { maxPromptTokens: num(r.maxPromptTokens) }
                : {}),
              ...labels,
            } as never,
            tools,
          ),
        );
      }
      case "getRun":
        return result(await d.getRun(s.value.runId));
      case "getLastRun":
        return result(await d.lastRun());
      case "getResult":
        return result(await d.result());
      case "getStatus": {
        const { status } = await d.status();
        // Run.status() is one Get that also refreshes lastResult, which keeps the raw number.
        out.status = statusToProto(status, d.lastResult?.rawStatus);
        return;
      }
      case "wait": {
        const w = s.value;
        return result(
          await d.wait({
            timeoutMs: w.timeoutMs,
            pollIntervalMs: w.pollIntervalMs ?? 20,
            abortAfterMs: w.abortAfterMs,
          }),
        );
      }
      case "listen":
        return d.listen(
          { fromIndex: num(s.value.fromIndex), abortAfterEvents: s.value.abortAfterEvents },
          (e) => {
            out.events.push(eventToProto(e));
          },
        );
      case "attach": {
        const results = s.value.results.map((r) => ({
          ...(r.name !== undefined ? { name: r.name } : {}),
          ...(r.content !== undefined ? { content: r.content } : {}),
        }));
        await d.attach(
          {
            fromIndex: num(s.value.fromIndex),
            ...(results.length > 0 ? { results: results as never } : {}),
          },
          (e) => {
            out.events.push(eventToProto(e));
            return e;
          },
        );
        return;
      }
      case "submit":
        return d.submit(
          s.value.results.map((r) => ({
            ...(r.name !== undefined ? { name: r.name } : {}),
            ...(r.content !== undefined ? { content: r.content } : {}),
          })),
        );
      case "handleToolCalls":
        return result(await d.handleToolCalls(s.value.handlers));
      case "list": {
        const kind = LIST_KINDS[s.value.kind];
        if (!kind) throw new ConnectError("list of no kind", Code.InvalidArgument);
        const { ids, texts } = await d.list(kind, s.value.pageSize);
        out.list = { $typeName: "ycassistants.conformance.v1.ListResult", ids, texts };
        return;
      }
      case "updateAssistant": {
        const u = s.value;
        return d.updateAssistant({
          ...(u.name !== undefined ? { name: u.name } : {}),
          ...(u.instruction !== undefined ? { instruction: u.instruction } : {}),
          ...(u.description !== undefined ? { description: u.description } : {}),
        });
      }
      case "delete":
        return d.delete(s.value.kind === DeleteKind.THREAD ? "thread" : "assistant", s.value.id);
      default:
        if (isRagRequest(s)) return performRag(d.rag, s, out);
        throw new ConnectError(`a step of no kind (${String(s.case)})`, Code.InvalidArgument);
    }
  }
}
