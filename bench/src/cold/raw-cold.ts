/**
 * A cold start of raw Connect on our types, run as a fresh process by the cold-start row: only
 * what one `RunService.Get` over Connect needs (`@connectrpc/connect`, `@connectrpc/connect-node`
 * and the two generated run files of `@yc-assistants/types`), no client, each package loaded
 * file by file as published. Our client's dist/ inlines the same code in one bundle, so this
 * process shows what loading the dependencies unbundled costs (issue 10, cold start: "measure
 * module count and import time"). Arguments: `<emulator url> <run id> <api key>`.
 *
 * @module
 */
import { reportAndExit } from "./module-counts.js";

const [url, runId, apiKey] = process.argv.slice(2) as [string, string, string];
const [{ createClient }, { createGrpcTransport }, { RunService }] = await Promise.all([
  import("@connectrpc/connect"),
  import("@connectrpc/connect-node"),
  import("@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/runs/run_service_pb"),
]);
const importedAtMs = performance.now();
const runs = createClient(RunService, createGrpcTransport({ baseUrl: url }));
await runs.get({ runId }, { headers: { authorization: `Api-Key ${apiKey}` } });
await reportAndExit(importedAtMs, performance.now());
