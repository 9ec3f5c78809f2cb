/**
 * The adapter's side of the protocol for TypeScript adapters (src/adapters/*): reads
 * ClientRequests from stdin, hands each to the adapter, writes exactly one ClientResponse per
 * request to stdout (PROTOCOL.md, "Lifecycle"), in order. A request the adapter throws on is
 * answered with `fatal`; `shutdown` or the end of stdin ends the loop.
 */
import { create } from "@bufbuild/protobuf";
import {
  type CaseEnd,
  CaseEndedSchema,
  type CaseStart,
  type CaseStarted,
  type ClientInit,
  ClientRequestSchema,
  type ClientResponse,
  ClientResponseSchema,
  FatalSchema,
  type InitAck,
  type StepRequest,
  type StepResponse,
} from "../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import { encodeFrame, FrameDecoder, type Framing, framingFromEnv } from "./framing.js";

/** What an adapter implements: one method per request kind. */
export interface AdapterHandler {
  init(init: ClientInit): InitAck | Promise<InitAck>;
  caseStart(start: CaseStart): CaseStarted | Promise<CaseStarted>;
  /** Must answer every step (a failed step is `error`, never a throw). */
  step(step: StepRequest): StepResponse | Promise<StepResponse>;
  caseEnd(end: CaseEnd): void | Promise<void>;
}

/** Where the loop reads and writes (stdin/stdout by default; streams in tests). */
export interface AdapterIo {
  readonly input: AsyncIterable<Uint8Array>;
  readonly write: (bytes: Uint8Array) => void;
  readonly framing?: Framing;
}

async function answer(
  handler: AdapterHandler,
  request: ReturnType<typeof create<typeof ClientRequestSchema>>,
): Promise<ClientResponse["kind"] | "shutdown"> {
  const k = request.kind;
  switch (k.case) {
    case "init":
      return { case: "initAck", value: await handler.init(k.value) };
    case "caseStart":
      return { case: "caseStarted", value: await handler.caseStart(k.value) };
    case "step":
      return { case: "step", value: await handler.step(k.value) };
    case "caseEnd":
      await handler.caseEnd(k.value);
      return { case: "caseEnded", value: create(CaseEndedSchema) };
    case "shutdown":
      return "shutdown";
    default:
      throw new Error("a request of no kind");
  }
}

/**
 * Serves requests until `shutdown` or the end of input.
 *
 * @example
 * await runAdapter(new MyAdapter()); // in an adapter's main.ts
 */
export async function runAdapter(handler: AdapterHandler, io?: AdapterIo): Promise<void> {
  const framing = io?.framing ?? framingFromEnv();
  const input = io?.input ?? (process.stdin as AsyncIterable<Uint8Array>);
  const write = io?.write ?? ((bytes: Uint8Array) => process.stdout.write(bytes));
  const decoder = new FrameDecoder(ClientRequestSchema, framing);
  const send = (kind: ClientResponse["kind"]) =>
    write(encodeFrame(ClientResponseSchema, create(ClientResponseSchema, { kind }), framing));
  for await (const chunk of input) {
    for (const decoded of decoder.push(chunk)) {
      if ("error" in decoded) {
        send({ case: "fatal", value: create(FatalSchema, { message: decoded.error }) });
        continue;
      }
      let kind: ClientResponse["kind"] | "shutdown";
      try {
        kind = await answer(handler, decoded.message);
      } catch (e) {
        kind = {
          case: "fatal",
          value: create(FatalSchema, { message: e instanceof Error ? e.message : String(e) }),
        };
      }
      if (kind === "shutdown") return;
      send(kind);
    }
  }
}
