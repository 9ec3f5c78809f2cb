/**
 * A cold start of ours, run as a fresh process by the cold-start row:
 * import `@yc-assistants/client`, make one RPC (`runs.get`), print the
 * report, exit. Arguments: `<emulator url> <run id> <api key>`.
 *
 * @module
 */
import { reportAndExit } from "./module-counts.js";

const [url, runId, apiKey] = process.argv.slice(2) as [string, string, string];
const { AssistantsClient } = await import("@yc-assistants/client");
const importedAtMs = performance.now();
const client = new AssistantsClient({ endpoint: url, folderId: "b1gcold", auth: { apiKey } });
await client.runs.get(runId);
await reportAndExit(importedAtMs, performance.now());
