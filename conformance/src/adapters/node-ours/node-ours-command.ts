/**
 * Where the built node-ours adapter is, so the runner, the `clients` command and the tests
 * start the same program.
 */
import { fileURLToPath } from "node:url";

/** `conformance/dist/adapters/node-ours/main.js` (the build output of main.ts). */
export const NODE_OURS_MAIN: string = fileURLToPath(
  new URL("../../../dist/adapters/node-ours/main.js", import.meta.url),
);
