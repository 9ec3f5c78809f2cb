/**
 * A replay server for the recorded traffic in ../shared/fixtures/yandex-recorded and
 * ../shared/fixtures/yandex-recorded-files: every RPC of the assistants, threads, messages,
 * runs, files, search-index, search-index-file and operation services is answered with the next recorded response (or stream) of that method,
 * after checking that the client's request equals the recorded one (empty sub-messages, which
 * the Python SDK sends and this client omits, are ignored).
 *
 * Methods the recording lacks answer UNIMPLEMENTED, except Submit (the recorder could not
 * capture it): it is answered with an empty SubmitToRunResponse and logged. The endpoint
 * discovery call that opens each files session (`ApiEndpointService/List`) is left out: this
 * client is given its endpoint and never discovers one. Responses holding an `Any` (an
 * Operation's `response`) are decoded with the types registry of all 22 files.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type DescMessage,
  type DescMethod,
  type DescService,
  fromJson,
  type JsonValue,
  type Message,
  toJson,
} from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { registry } from "@yc-assistants/types";
import { AssistantService } from "@yc-assistants/types/assistants";
import { FileService } from "@yc-assistants/types/files";
import { OperationService } from "@yc-assistants/types/operation";
import { RunService } from "@yc-assistants/types/runs";
import { SearchIndexFileService, SearchIndexService } from "@yc-assistants/types/searchindex";
import { MessageService, ThreadService } from "@yc-assistants/types/threads";

/** Where the fixtures are: `YC_FIXTURES_DIR`, else `<repo root>/../shared/fixtures/yandex-recorded`. */
export function fixturesDir(): string {
  const override = process.env.YC_FIXTURES_DIR;
  if (override !== undefined && override !== "") return path.resolve(override);
  const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
  return path.resolve(repoRoot, "../shared/fixtures/yandex-recorded");
}

/**
 * Where the files / search-index recordings are: `YC_FILES_FIXTURES_DIR`, else
 * `<repo root>/../shared/fixtures/yandex-recorded-files`.
 */
export function filesFixturesDir(): string {
  const override = process.env.YC_FILES_FIXTURES_DIR;
  if (override !== undefined && override !== "") return path.resolve(override);
  const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
  return path.resolve(repoRoot, "../shared/fixtures/yandex-recorded-files");
}

interface RecordedMessage {
  cls: string;
  module: string;
  message: JsonValue;
}

interface Interaction {
  request: RecordedMessage;
  response?: RecordedMessage;
  response_stream?: RecordedMessage[];
}

const SERVICES: readonly DescService[] = [
  AssistantService,
  ThreadService,
  MessageService,
  RunService,
  FileService,
  SearchIndexService,
  SearchIndexFileService,
  OperationService,
];

/** The endpoint-discovery request the files recordings open with (not replayed). */
const DISCOVERY_REQUEST = "yandex.cloud.endpoint.ListApiEndpointsRequest";

function methodPath(method: DescMethod): string {
  return `${method.parent.typeName}/${method.name}`;
}

/** Removes empty objects (recursively), so `{ promptTruncationOptions: {} }` equals `{}`. */
export function pruneEmpty(value: JsonValue): JsonValue | undefined {
  if (Array.isArray(value)) return value.map((v) => pruneEmpty(v) ?? {});
  if (value !== null && typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const pruned = pruneEmpty(v as JsonValue);
      if (pruned !== undefined) out[k] = pruned;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v) ?? null);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k] as JsonValue) ?? null]),
    );
  }
  return value;
}

/** What one replayed call did. */
export interface ReplayedCall {
  /** `package.Service/Method`. */
  readonly method: string;
  /** The client's request as JSON. */
  readonly request: JsonValue;
  /** The messages sent back (one for unary). */
  readonly responses: Message[];
  /** Whether a recording answered it. */
  readonly recorded: boolean;
}

/** The replay of one fixture file. */
export class ReplayServer {
  readonly file: string;
  readonly folderId: string;
  /** Every call the client made, in order. */
  readonly calls: ReplayedCall[] = [];
  /** Requests that did not match their recording (each also failed the call). */
  readonly mismatches: string[] = [];
  readonly #queues = new Map<string, Interaction[]>();
  readonly #methodByInput = new Map<string, DescMethod>();

  /** `relativeFile` under `yandex-recorded` (`dir: "runs"`, default) or `yandex-recorded-files`. */
  constructor(relativeFile: string, dir: "runs" | "files" = "runs") {
    this.file = path.join(dir === "files" ? filesFixturesDir() : fixturesDir(), relativeFile);
    for (const service of SERVICES) {
      for (const method of service.methods) this.#methodByInput.set(method.input.typeName, method);
    }
    const data = JSON.parse(readFileSync(this.file, "utf8")) as { interactions: Interaction[] };
    let folderId = "";
    for (const interaction of data.interactions) {
      if (typeName(interaction.request) === DISCOVERY_REQUEST) continue;
      const method = this.#methodByInput.get(typeName(interaction.request));
      if (method === undefined) throw new Error(`no method takes ${interaction.request.cls}`);
      const queue = this.#queues.get(methodPath(method)) ?? [];
      queue.push(interaction);
      this.#queues.set(methodPath(method), queue);
      const msg = interaction.request.message as Record<string, JsonValue>;
      if (folderId === "" && typeof msg.folderId === "string") folderId = msg.folderId;
    }
    this.folderId = folderId;
  }

  /** Recorded interactions not replayed yet, as `Method` names. */
  remaining(): string[] {
    const out: string[] = [];
    for (const [name, queue] of this.#queues) for (const _ of queue) out.push(name);
    return out;
  }

  /** The responses sent for one method, in order. */
  responsesOf(method: DescMethod): Message[] {
    return this.calls.filter((c) => c.method === methodPath(method)).flatMap((c) => c.responses);
  }

  /** The requests of one method, as JSON. */
  requestsOf(method: DescMethod): JsonValue[] {
    return this.calls.filter((c) => c.method === methodPath(method)).map((c) => c.request);
  }

  #next(method: DescMethod, request: Message): { interaction?: Interaction; json: JsonValue } {
    const json = toJson(method.input, request as never);
    const interaction = this.#queues.get(methodPath(method))?.shift();
    if (interaction !== undefined) {
      const recorded = pruneEmpty(interaction.request.message);
      const actual = pruneEmpty(json);
      if (!sameJson(recorded, actual)) {
        const message = `${method.name}: request ${JSON.stringify(actual)} differs from the recorded ${JSON.stringify(recorded)}`;
        this.mismatches.push(message);
        throw new ConnectError(message, Code.Internal);
      }
    }
    return { interaction, json };
  }

  #decode(recorded: RecordedMessage, schema: DescMessage): Message {
    if (typeName(recorded) !== schema.typeName) {
      throw new Error(`recorded ${typeName(recorded)} where ${schema.typeName} was expected`);
    }
    return fromJson(schema, recorded.message, { registry }) as Message;
  }

  /** Routes for `createRouterTransport`. */
  routes(): (router: ConnectRouter) => void {
    return (router) => {
      for (const service of SERVICES) {
        const impl: Record<string, unknown> = {};
        for (const method of service.methods) {
          if (method.methodKind === "unary") {
            impl[method.localName] = async (request: Message) => this.#unary(method, request);
          } else if (method.methodKind === "server_streaming") {
            const self = this;
            impl[method.localName] = async function* (request: Message) {
              yield* self.#serverStream(method, request);
            };
          }
        }
        router.service(service, impl as never);
      }
    };
  }

  #unary(method: DescMethod, request: Message): Message {
    const { interaction, json } = this.#next(method, request);
    if (interaction?.response === undefined) {
      if (method === RunService.method.submit) {
        // Not recorded (see the fixtures README): answer like the service, with an empty response.
        const response = fromJson(method.output, {}) as Message;
        this.calls.push({
          method: methodPath(method),
          request: json,
          responses: [response],
          recorded: false,
        });
        return response;
      }
      this.calls.push({
        method: methodPath(method),
        request: json,
        responses: [],
        recorded: false,
      });
      throw new ConnectError(`${method.name} is not in the recording`, Code.Unimplemented);
    }
    const response = this.#decode(interaction.response, method.output);
    this.calls.push({
      method: methodPath(method),
      request: json,
      responses: [response],
      recorded: true,
    });
    return response;
  }

  *#serverStream(method: DescMethod, request: Message): Generator<Message> {
    const { interaction, json } = this.#next(method, request);
    if (interaction?.response_stream === undefined) {
      this.calls.push({
        method: methodPath(method),
        request: json,
        responses: [],
        recorded: false,
      });
      throw new ConnectError(`${method.name} is not in the recording`, Code.Unimplemented);
    }
    const responses: Message[] = [];
    this.calls.push({ method: methodPath(method), request: json, responses, recorded: true });
    for (const recorded of interaction.response_stream) {
      const message = this.#decode(recorded, method.output);
      responses.push(message);
      yield message;
    }
  }
}

function typeName(recorded: RecordedMessage): string {
  // "yandex.cloud.ai.assistants.v1.runs.run_service_pb2" → package "yandex.cloud.ai.assistants.v1.runs"
  const pkg = recorded.module.split(".").slice(0, -1).join(".");
  return `${pkg}.${recorded.cls}`;
}
