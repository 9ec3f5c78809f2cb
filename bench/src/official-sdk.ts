import { createRequire } from "node:module";
import { runService } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1";
import type { Run } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1/runs/run";

type RunServiceClient = runService.RunServiceClient;
type Credentials = ConstructorParameters<typeof runService.RunServiceClient>[1];
type Metadata = Parameters<RunServiceClient["get"]>[1];

/** The slice of grpc-js the bench needs, loaded from where the SDK loads it. */
interface GrpcJs {
  credentials: { createInsecure(): Credentials };
  Metadata: new () => Metadata;
}

const sdkRequire = createRequire(
  createRequire(import.meta.url).resolve("@yandex-cloud/nodejs-sdk"),
);

/** The final event types of a Listen stream (DONE, ERROR, TOOL_CALLS). */
const FINAL = new Set([
  runService.StreamEvent_EventType.DONE,
  runService.StreamEvent_EventType.ERROR,
  runService.StreamEvent_EventType.TOOL_CALLS,
]);

/**
 * The official `@yandex-cloud/nodejs-sdk` as its users call the Assistants
 * API: its generated grpc-js `RunServiceClient` with ts-proto codecs, on a
 * plaintext channel (the SDK's `Session` always dials TLS, so it cannot reach
 * the emulator's h2c port; the generated clients are what `Session` wraps),
 * with `authorization: Api-Key …` metadata like ours.
 *
 * @example
 * const sdk = new OfficialSdk("127.0.0.1:50051", "key");
 * const run = await sdk.get("fvt…");
 * sdk.close();
 */
export class OfficialSdk {
  readonly runs: RunServiceClient;
  readonly #metadata: Metadata;

  constructor(address: string, apiKey: string) {
    const grpc = sdkRequire("@grpc/grpc-js") as GrpcJs;
    this.runs = new runService.RunServiceClient(address, grpc.credentials.createInsecure());
    this.#metadata = new grpc.Metadata();
    this.#metadata.set("authorization", `Api-Key ${apiKey}`);
  }

  /** `RunService.Get`. */
  get(runId: string): Promise<Run> {
    return new Promise((resolve, reject) => {
      this.runs.get(runService.GetRunRequest.fromPartial({ runId }), this.#metadata, (e, run) =>
        e ? reject(e) : resolve(run),
      );
    });
  }

  /** `RunService.Create` of a streamed run. */
  create(assistantId: string, threadId: string): Promise<Run> {
    return new Promise((resolve, reject) => {
      this.runs.create(
        runService.CreateRunRequest.fromPartial({ assistantId, threadId, stream: true }),
        this.#metadata,
        (e, run) => (e ? reject(e) : resolve(run)),
      );
    });
  }

  /**
   * A bare Listen read to its end; `onFinal` is called when the final event
   * arrives (the wait-latency row's "result in hand"). Resolves with the
   * number of events.
   */
  async listen(runId: string, onFinal?: () => void): Promise<number> {
    let events = 0;
    const stream = this.runs.listen(
      runService.ListenRunRequest.fromPartial({ runId, eventsStartIdx: 0 }),
      this.#metadata,
    );
    for await (const event of stream as AsyncIterable<runService.StreamEvent>) {
      events++;
      if (onFinal !== undefined && FINAL.has(event.eventType)) onFinal();
    }
    return events;
  }

  /** Closes the channel. */
  close(): void {
    this.runs.close();
  }
}
