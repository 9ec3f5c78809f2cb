/**
 * How long after a run starts its result is in the caller's hands: our
 * `run.wait()` (it listens to the event stream, so it resolves when the final
 * event arrives) against the peer, the official @yandex-cloud/nodejs-sdk
 * polling `RunService.Get` every 500 ms (the Python SDK's `await run`
 * strategy; the Node SDK has no wait helper, so its users poll), measured in
 * the same run against the same emulator over real HTTP/2.
 *
 * `npm run bench:micro` (root) prints the ratio ("N.NNx faster than ..."). Nothing here
 * asserts a timing.
 */
import { createRequire } from "node:module";
import { runService } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1";
import { type Run, RunState_RunStatus } from "@yandex-cloud/nodejs-sdk/ai-assistants-v1/runs/run";
import { startEmulator } from "@yc-assistants/emulator";
import { afterAll, bench, describe } from "vitest";
import { AssistantsClient } from "../src/index.js";

const POLL_INTERVAL_MS = 500;
const API_KEY = "bench-api-key";
const emulator = await startEmulator({ auth: { apiKey: API_KEY }, chunkDelayMs: 10 });
afterAll(() => emulator.close());

const client = new AssistantsClient({
  endpoint: emulator.url,
  folderId: "bench-folder",
  auth: { apiKey: API_KEY },
});
const assistant = await client.assistants.create({ model: "yandexgpt" });
const thread = await client.threads.create();
await thread.write("How long does it take to know that a run has finished?");

// The official SDK's generated client over grpc-js, loaded where the SDK loads it.
const sdkRequire = createRequire(
  createRequire(import.meta.url).resolve("@yandex-cloud/nodejs-sdk"),
);
const grpc = sdkRequire("@grpc/grpc-js") as {
  credentials: { createInsecure(): unknown };
  Metadata: new () => { set(key: string, value: string): void };
};
type Credentials = ConstructorParameters<typeof runService.RunServiceClient>[1];
type Metadata = Parameters<runService.RunServiceClient["get"]>[1];
const official = new runService.RunServiceClient(
  new URL(emulator.url).host,
  grpc.credentials.createInsecure() as Credentials,
);
const metadata = new grpc.Metadata();
metadata.set("authorization", `Api-Key ${API_KEY}`);
afterAll(() => official.close());

function unary<T>(invoke: (callback: (error: Error | null, value?: T) => void) => void) {
  return new Promise<T>((resolve, reject) => {
    invoke((error, value) => (error ? reject(error) : resolve(value as T)));
  });
}

const running = new Set([RunState_RunStatus.PENDING, RunState_RunStatus.IN_PROGRESS]);
const options = { iterations: 8, warmupIterations: 1, time: 0, warmupTime: 0 };

describe("start a streamed run and get its result", () => {
  bench(
    "@yc-assistants/client run.wait() (event stream)",
    async () => {
      const run = await assistant.runStream(thread);
      await run.wait();
    },
    options,
  );

  bench(
    "official SDK, Get every 500 ms (peer)",
    async () => {
      const created = await unary<Run>((cb) =>
        official.create(
          runService.CreateRunRequest.fromPartial({
            assistantId: assistant.id,
            threadId: thread.id,
            stream: true,
          }),
          metadata as Metadata,
          cb,
        ),
      );
      let run = created;
      while (running.has(run.state?.status ?? RunState_RunStatus.PENDING)) {
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
        run = await unary<Run>((cb) =>
          official.get({ runId: created.id }, metadata as Metadata, cb),
        );
      }
    },
    options,
  );
});
