#!/usr/bin/env node
/**
 * `node conformance/dist/adapters/node-ours/main.js`: our client as a client under test,
 * speaking PROTOCOL.md on stdin/stdout (framing from YC_CONFORMANCE_FRAMING).
 */
import { runAdapter } from "../../protocol/adapter-loop.js";
import { NodeOursAdapter } from "./node-ours-adapter.js";

runAdapter(new NodeOursAdapter()).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`node-ours adapter: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
