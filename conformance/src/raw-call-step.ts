/**
 * Runs `callRaw` steps (raw-call-schema.ts): one raw Connect call of any RPC of the API with
 * a proto JSON request, its response checked by raw-call-checks.ts. This is how server mode
 * judges what no client helper would send (an empty REQUIRED field, a too long `lang`) and
 * what no client reports (bookkeeping fields) — issue 11, "Servers too".
 *
 * @module
 */
import { fromJson, type JsonValue, type Message, toJson } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { registry } from "@yc-assistants/types";
import type { Step } from "./case-schema.js";
import {
  checkRawEvents,
  checkRawResponse,
  type PlaceholderScope,
  resolvePlaceholders,
} from "./raw-call-checks.js";
import { RAW_CALL_STEP_KINDS } from "./raw-call-schema.js";
import { findRpc } from "./replay-script.js";

/** A `callRaw` step. */
export type RawCallStep = Extract<Step, { callRaw: unknown }>;

/** True for the steps {@link RawCalls} runs. */
export function isRawCallStep(step: Step): step is RawCallStep {
  return RAW_CALL_STEP_KINDS.some((k) => k in step);
}

type AnyCall = (req: Message) => Promise<Message> | AsyncIterable<Message>;

/** The raw calls of one case and the responses they saved with `as`. */
export class RawCalls {
  private readonly saved = new Map<string, JsonValue>();

  /**
   * @param transport carries the case's credentials and logs every call (the runner's).
   * @param ids the case's current ids by placeholder name (`folder`, `assistant`, …).
   */
  constructor(
    private readonly transport: Transport,
    private readonly ids: () => Record<string, string | undefined>,
  ) {}

  /** Runs one `callRaw`; returns its check failures (a failed call throws its ConnectError). */
  async step(step: RawCallStep): Promise<string[]> {
    const c = step.callRaw;
    const method = findRpc(c.rpc);
    if (!method || (method.methodKind !== "unary" && method.methodKind !== "server_streaming")) {
      throw new ConnectError(
        `callRaw: ${c.rpc} is not a unary or server-streaming RPC of the API`,
        Code.InvalidArgument,
      );
    }
    const scope: PlaceholderScope = { ids: this.ids(), saved: this.saved };
    const body = resolvePlaceholders((c.request ?? {}) as JsonValue, scope);
    const request = fromJson(method.input, body, { registry });
    const client = createClient(method.parent, this.transport) as unknown as Record<
      string,
      AnyCall
    >;
    const call = client[method.localName] as AnyCall;
    const messages: Message[] = [];
    if (method.methodKind === "unary") {
      messages.push(await (call(request) as Promise<Message>));
    } else {
      for await (const m of call(request) as AsyncIterable<Message>) messages.push(m);
    }
    const json = messages.map((m) => toJson(method.output, m as never, { registry }));
    const first = json[0] ?? {};
    if (c.as !== undefined) this.saved.set(c.as, first);
    const e = step.expect;
    if (!e) return [];
    const out: string[] = [];
    if (e.count !== undefined && json.length !== e.count) {
      out.push(`expected ${e.count} message(s) in the stream, got ${json.length}`);
    }
    if (e.events) out.push(...checkRawEvents(json, e.events));
    const resolved = (v: JsonValue | undefined) =>
      v === undefined ? undefined : resolvePlaceholders(v, scope);
    out.push(
      ...checkRawResponse(
        {
          response: resolved(e.response as JsonValue | undefined) as
            | { [key: string]: JsonValue }
            | undefined,
          present: e.present,
          absent: e.absent,
          same: e.same,
          differs: resolved(e.differs as JsonValue | undefined) as
            | Record<string, JsonValue>
            | undefined,
          durations: e.durations,
          order: e.order,
        },
        first,
      ),
    );
    return out;
  }
}
