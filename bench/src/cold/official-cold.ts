/**
 * A cold start of the official SDK, run as a fresh process by the cold-start
 * row: import `@yandex-cloud/nodejs-sdk/ai-assistants-v1` and grpc-js (from
 * where the SDK loads it), make one RPC (`RunService.Get`), print the report,
 * exit. Arguments: `<emulator url> <run id> <api key>`.
 *
 * @module
 */
import { createRequire } from "node:module";
import { reportAndExit } from "./module-counts.js";

const [url, runId, apiKey] = process.argv.slice(2) as [string, string, string];
const { runService } = await import("@yandex-cloud/nodejs-sdk/ai-assistants-v1");
const sdkRequire = createRequire(
  createRequire(import.meta.url).resolve("@yandex-cloud/nodejs-sdk"),
);
const grpc = sdkRequire("@grpc/grpc-js") as {
  credentials: { createInsecure(): never };
  Metadata: new () => { set(key: string, value: string): void };
};
const importedAtMs = performance.now();
const runs = new runService.RunServiceClient(new URL(url).host, grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
metadata.set("authorization", `Api-Key ${apiKey}`);
await new Promise<void>((resolve, reject) => {
  runs.get(runService.GetRunRequest.fromPartial({ runId }), metadata as never, (error) =>
    error ? reject(error) : resolve(),
  );
});
await reportAndExit(importedAtMs, performance.now());
