/**
 * The protocol's steps (PROTOCOL.md, "StepRequest") done with the official SDK's generated
 * clients and messages, as a user of the SDK writes them: `…Request.fromPartial` plus one RPC.
 * What the SDK does not have (a wait, a tool-call helper) is the user's own loop at its simplest
 * (wait = poll Get as the Python SDK does, spec/runs.md "Waiting for a run") or unsupported.
 */
import {
  assistantService,
  messageService,
  runService,
  threadService,
} from "@yandex-cloud/nodejs-sdk/ai-assistants-v1";
import { eventOf, FINAL_EVENTS, isStillRunning, resultOf, runStatusOf } from "./observe.mjs";
import { Code, StepFailure } from "./step-error.mjs";

/**
 * A step of the protocol as parsed from its JSON line (lowerCamelCase, defaults omitted).
 *
 * @typedef {Record<string, any>} Json
 */

/** The Python SDK's poll interval (spec/runs.md, "Waiting for a run": Get every 0.5 s). */
const DEFAULT_POLL_MS = 500;
/** The Python SDK's overall wait limit (300 s). */
const DEFAULT_WAIT_MS = 300_000;

/**
 * An int64 of the protocol's JSON (a string or a number) as the number ts-proto wants.
 *
 * @param {string | number | undefined} value
 */
function int64(value) {
  return value === undefined || value === null ? undefined : Number(value);
}

/**
 * A protocol enum value (its name or its number) as the name.
 *
 * @param {string | number | undefined} value
 * @param {readonly string[]} names
 */
function enumName(value, names) {
  return typeof value === "number" ? names[value] : value;
}

/**
 * The model URI a user writes for a model name (`gpt://<folder>/<model>/latest`).
 *
 * @param {string} folderId
 * @param {string} model
 */
function modelUriOf(folderId, model) {
  if (model.startsWith("gpt://")) return model;
  return model.includes("/") ? `gpt://${folderId}/${model}` : `gpt://${folderId}/${model}/latest`;
}

/**
 * Function tools in the SDK's `Tool` shape.
 *
 * @param {Json[] | undefined} tools
 */
function toolsOf(tools) {
  return (tools ?? []).map((tool) => ({
    function: {
      name: tool.name ?? "",
      description: tool.description ?? "",
      ...(tool.parameters !== undefined ? { parameters: tool.parameters } : {}),
    },
  }));
}

/**
 * Completion options with only the fields the step set; undefined when none.
 *
 * @param {Json} step
 */
function completionOf(step) {
  /** @type {{ temperature?: number, maxTokens?: number }} */
  const options = {};
  if (step.temperature !== undefined) options.temperature = step.temperature;
  if (step.maxTokens !== undefined) options.maxTokens = int64(step.maxTokens);
  return Object.keys(options).length === 0 ? undefined : options;
}

/**
 * Prompt truncation options when the step set max_prompt_tokens.
 *
 * @param {Json} step
 */
function truncationOf(step) {
  return step.maxPromptTokens === undefined
    ? undefined
    : { maxPromptTokens: int64(step.maxPromptTokens) };
}

/**
 * Tool results passed as they are (a missing name or content stays missing).
 *
 * @param {Json[] | undefined} results
 */
function toolResultListOf(results) {
  return {
    toolResults: (results ?? []).map((result) => ({
      functionResult: { name: result.name ?? "", content: result.content },
    })),
  };
}

/**
 * A pause the signal cuts short (rejecting with its reason).
 *
 * @param {number} ms
 * @param {AbortSignal} signal
 * @returns {Promise<void>}
 */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The text of a thread message: its text parts joined with `\n`.
 *
 * @param {import("@yandex-cloud/nodejs-sdk/ai-assistants-v1").message.Message} message
 */
function messageText(message) {
  return (message.content?.content ?? []).map((part) => part.text?.content ?? "").join("\n");
}

/**
 * One case's objects and the step handlers that use them.
 */
export class CaseSteps {
  /**
   * @param {import("./sdk-connection.mjs").SdkConnection} sdk
   */
  constructor(sdk) {
    this.sdk = sdk;
    this.assistantId = "";
    this.threadId = "";
    this.runId = "";
  }

  /**
   * Runs one step and returns the StepResponse fields it observed (without `index`).
   *
   * @param {string} kind the step's key (`createAssistant`, `run`, …)
   * @param {Record<string, unknown>} step its value
   */
  async run(kind, step) {
    const handler = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this))[
      `step_${kind}`
    ];
    if (typeof handler !== "function") return { unsupported: [snake(kind)] };
    return /** @type {(step: Json) => Promise<Json>} */ (handler).call(this, step);
  }

  /**
   * AssistantService.Create in the connection's folder; the assistant becomes current.
   *
   * @param {Json} step
   */
  async step_createAssistant(step) {
    const folderId = this.sdk.folderId;
    const modelUri =
      step.modelUri !== undefined && step.modelUri !== ""
        ? step.modelUri
        : step.model !== undefined && step.model !== ""
          ? modelUriOf(folderId, step.model)
          : "";
    const assistant = await this.sdk.unary(
      this.sdk.assistants,
      "create",
      assistantService.CreateAssistantRequest.fromPartial({
        folderId,
        name: step.name ?? "",
        instruction: step.instruction ?? "",
        modelUri,
        promptTruncationOptions: truncationOf(step),
        completionOptions: completionOf(step),
        tools: toolsOf(step.tools),
      }),
    );
    this.assistantId = assistant.id;
    return { assistantId: assistant.id };
  }

  /**
   * AssistantService.Update of the current assistant, masking the fields the step set.
   *
   * @param {Json} step
   */
  async step_updateAssistant(step) {
    const paths = ["name", "instruction", "description"].filter((f) => step[f] !== undefined);
    const assistant = await this.sdk.unary(
      this.sdk.assistants,
      "update",
      assistantService.UpdateAssistantRequest.fromPartial({
        assistantId: this.assistantId,
        updateMask: { paths },
        name: step.name ?? "",
        instruction: step.instruction ?? "",
        description: step.description ?? "",
      }),
    );
    return { assistantId: assistant.id };
  }

  /**
   * ThreadService.Create in the connection's folder; the thread becomes current.
   *
   * @param {Json} step
   */
  async step_createThread(step) {
    const thread = await this.sdk.unary(
      this.sdk.threads,
      "create",
      threadService.CreateThreadRequest.fromPartial({
        folderId: this.sdk.folderId,
        name: step.name ?? "",
      }),
    );
    this.threadId = thread.id;
    return { threadId: thread.id };
  }

  /**
   * MessageService.Create of one text message in the current thread.
   *
   * @param {Json} step
   */
  async step_write(step) {
    await this.sdk.unary(
      this.sdk.messages,
      "create",
      messageService.CreateMessageRequest.fromPartial({
        threadId: this.threadId,
        content: { content: [{ text: { content: step.text ?? "" } }] },
        ...(step.role !== undefined && step.role !== "" ? { author: { role: step.role } } : {}),
      }),
    );
    return {};
  }

  /**
   * RunService.Create of the current assistant on the current thread; the run becomes current.
   *
   * @param {Json} step
   */
  async step_run(step) {
    const run = await this.sdk.unary(
      this.sdk.runs,
      "create",
      runService.CreateRunRequest.fromPartial({
        assistantId: this.assistantId,
        threadId: this.threadId,
        stream: step.stream === true,
        labels: step.labels ?? {},
        customCompletionOptions: completionOf(step),
        customPromptTruncationOptions: truncationOf(step),
        tools: toolsOf(step.tools),
      }),
    );
    this.runId = run.id;
    return { runId: run.id, result: resultOf(run) };
  }

  /**
   * @param {string} runId
   * @returns {Promise<import("@yandex-cloud/nodejs-sdk/ai-assistants-v1").run.Run>}
   */
  async #get(runId) {
    return this.sdk.unary(this.sdk.runs, "get", runService.GetRunRequest.fromPartial({ runId }));
  }

  /**
   * RunService.Get of the named run, which becomes current.
   *
   * @param {Json} step
   */
  async step_getRun(step) {
    const run = await this.#get(step.runId ?? "");
    this.runId = run.id;
    return { runId: run.id, result: resultOf(run) };
  }

  /** RunService.GetLastByThread of the current thread; the run becomes current. */
  async step_getLastRun() {
    const run = await this.sdk.unary(
      this.sdk.runs,
      "getLastByThread",
      runService.GetLastRunByThreadRequest.fromPartial({ threadId: this.threadId }),
    );
    this.runId = run.id;
    return { runId: run.id, result: resultOf(run) };
  }

  /** One RunService.Get of the current run. */
  async step_getResult() {
    return { result: resultOf(await this.#get(this.runId)) };
  }

  /** One RunService.Get of the current run, for its status only. */
  async step_getStatus() {
    return { status: runStatusOf(await this.#get(this.runId)) };
  }

  /**
   * Polls Get until the run is no longer PENDING or IN_PROGRESS (the SDK has no wait; this is
   * the loop the Python SDK runs: every 0.5 s, stopping on any other status).
   *
   * @param {Json} step
   */
  async step_wait(step) {
    const interval = step.pollIntervalMs ?? DEFAULT_POLL_MS;
    const limit = step.timeoutMs ?? DEFAULT_WAIT_MS;
    const abort = new AbortController();
    const aborter =
      step.abortAfterMs === undefined
        ? undefined
        : setTimeout(
            () => abort.abort(new StepFailure(Code.CANCELLED, "the wait was aborted")),
            step.abortAfterMs,
          );
    const started = Date.now();
    try {
      for (;;) {
        if (abort.signal.aborted) throw abort.signal.reason;
        const run = await this.#get(this.runId);
        if (!isStillRunning(run)) return { result: resultOf(run) };
        const left = limit - (Date.now() - started);
        if (left <= 0) {
          throw new StepFailure(
            Code.DEADLINE_EXCEEDED,
            `the run is still running after ${limit} ms`,
          );
        }
        await sleep(Math.min(interval, left), abort.signal);
      }
    } finally {
      clearTimeout(aborter);
    }
  }

  /**
   * One Listen call from `events_start_idx`, read to its end (or cancelled after N events).
   *
   * @param {Json} step
   */
  async step_listen(step) {
    const call = this.sdk.runs.listen(
      runService.ListenRunRequest.fromPartial({
        runId: this.runId,
        eventsStartIdx: int64(step.fromIndex),
      }),
      this.sdk.metadata,
      this.sdk.callOptions(),
    );
    const events = [];
    let cancelled = false;
    try {
      for await (const event of call) {
        if (cancelled) continue;
        events.push(eventOf(event));
        if (step.abortAfterEvents !== undefined && events.length >= step.abortAfterEvents) {
          // grpc-js ends a cancelled call with a CANCELLED error, which is what the user sees.
          call.cancel();
          cancelled = true;
        }
      }
    } catch (error) {
      return { events, error: errorFields(error) };
    }
    return { events };
  }

  /**
   * RunService.Attach: the first message names the run (and the start index); the results go
   * once, at the first event with tool calls; the call ends after DONE or ERROR, or after a
   * TOOL_CALLS event when nothing is left to send.
   *
   * @param {Json} step
   */
  async step_attach(step) {
    const call = this.sdk.runs.attach(this.sdk.metadata, this.sdk.callOptions());
    call.write(
      runService.AttachRunRequest.fromPartial({
        runId: this.runId,
        eventsStartIdx: int64(step.fromIndex),
      }),
    );
    const results = step.results ?? [];
    let sent = results.length === 0;
    const events = [];
    try {
      for await (const event of call) {
        events.push(eventOf(event));
        if (FINAL_EVENTS.has(event.eventType)) break;
        if (event.toolCallList !== undefined) {
          if (sent) break;
          call.write(
            runService.AttachRunRequest.fromPartial({
              runId: this.runId,
              toolResultList: toolResultListOf(results),
            }),
          );
          sent = true;
        }
      }
    } catch (error) {
      return { events, error: errorFields(error) };
    } finally {
      call.on("error", () => {});
      call.end();
      call.cancel();
    }
    return { events };
  }

  /**
   * RunService.Submit of the step's results to the current run.
   *
   * @param {Json} step
   */
  async step_submit(step) {
    await this.sdk.unary(
      this.sdk.runs,
      "submit",
      runService.SubmitToRunRequest.fromPartial({
        runId: this.runId,
        toolResultList: toolResultListOf(step.results),
      }),
    );
    return {};
  }

  /**
   * Every item, following page tokens until the server sends an empty one.
   *
   * @param {Json} step
   */
  async step_list(step) {
    const kind = enumName(step.kind, LIST_KINDS);
    if (kind === "LIST_KIND_MESSAGES") {
      // MessageService.List is a server stream without paging in the API (no page_size).
      const call = this.sdk.messages.list(
        messageService.ListMessagesRequest.fromPartial({ threadId: this.threadId }),
        this.sdk.metadata,
        this.sdk.callOptions(),
      );
      const ids = [];
      const texts = [];
      for await (const message of call) {
        ids.push(message.id);
        texts.push(messageText(message));
      }
      return { list: { ids, texts } };
    }
    const paged = PAGED[/** @type {keyof typeof PAGED} */ (kind)];
    if (paged === undefined) return { unsupported: [`list.${String(kind).toLowerCase()}`] };
    const client = this.sdk[/** @type {"runs" | "assistants" | "threads"} */ (paged.client)];
    const ids = [];
    let pageToken = "";
    do {
      /** @type {Record<string, unknown> & { nextPageToken: string }} */
      const page = await this.sdk.unary(
        client,
        "list",
        paged.request.fromPartial({
          folderId: this.sdk.folderId,
          pageSize: step.pageSize ?? 0,
          pageToken,
        }),
      );
      for (const item of /** @type {{ id: string }[]} */ (page[paged.items])) ids.push(item.id);
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    return { list: { ids } };
  }

  /**
   * AssistantService.Delete or ThreadService.Delete (the named one, else the current one).
   *
   * @param {Json} step
   */
  async step_delete(step) {
    const kind = enumName(step.kind, DELETE_KINDS);
    if (kind === "DELETE_KIND_ASSISTANT") {
      await this.sdk.unary(
        this.sdk.assistants,
        "delete",
        assistantService.DeleteAssistantRequest.fromPartial({
          assistantId: step.id || this.assistantId,
        }),
      );
      return {};
    }
    if (kind === "DELETE_KIND_THREAD") {
      await this.sdk.unary(
        this.sdk.threads,
        "delete",
        threadService.DeleteThreadRequest.fromPartial({ threadId: step.id || this.threadId }),
      );
      return {};
    }
    return { unsupported: ["delete.kind"] };
  }
}

/**
 * A stream's failure as the `error` of a listen / attach answer.
 *
 * @param {any} error what the stream threw (a grpc-js ServiceError)
 */
function errorFields(error) {
  const code = typeof error?.code === "number" ? error.code : Code.UNKNOWN;
  const message = typeof error?.details === "string" ? error.details : String(error?.message);
  return { code, message };
}

/**
 * A step key in proto names (`createAssistant` → `create_assistant`).
 *
 * @param {string} kind
 */
function snake(kind) {
  return kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const LIST_KINDS = [
  "LIST_KIND_UNSPECIFIED",
  "LIST_KIND_RUNS",
  "LIST_KIND_ASSISTANTS",
  "LIST_KIND_THREADS",
  "LIST_KIND_MESSAGES",
];
const DELETE_KINDS = ["DELETE_KIND_UNSPECIFIED", "DELETE_KIND_ASSISTANT", "DELETE_KIND_THREAD"];

/** The paged List RPCs of the folder. */
const PAGED = {
  LIST_KIND_RUNS: { client: "runs", request: runService.ListRunsRequest, items: "runs" },
  LIST_KIND_ASSISTANTS: {
    client: "assistants",
    request: assistantService.ListAssistantsRequest,
    items: "assistants",
  },
  LIST_KIND_THREADS: {
    client: "threads",
    request: threadService.ListThreadsRequest,
    items: "threads",
  },
};
