/**
 * `node --import …/module-count-register.js`: registers the module-counting
 * hooks (`module.register`, off-thread in Node 20) and exposes
 * `globalThis.__benchCountModules()` to the cold-start scripts, which ask it
 * how many modules were loaded once their RPC is done (issue 10: "measure
 * module count … in the bench"). ES modules are counted by the `load` hook;
 * CommonJS modules (which `require()` loads past the hooks in Node 20) by
 * `require.cache`. Node's built-ins and the bench's own
 * scripts are not counted.
 *
 * @module
 */
import { createRequire, register } from "node:module";
import { MessageChannel } from "node:worker_threads";
import type { ModuleCounts } from "./module-counts.js";

const { port1, port2 } = new MessageChannel();
register(new URL("./module-count-hooks.js", import.meta.url), {
  // The bench's own scripts (dist/) are not the client's modules.
  data: { port: port2, ignore: new URL("../", import.meta.url).href },
  transferList: [port2],
});
port1.unref();
const requireCache = createRequire(import.meta.url).cache;

(globalThis as { __benchCountModules?: () => Promise<ModuleCounts> }).__benchCountModules = () =>
  new Promise((resolve) => {
    port1.once("message", (esm: { esm: number; commonjsEntries: number }) => {
      resolve({ esm: esm.esm, commonjs: Object.keys(requireCache).length });
    });
    port1.postMessage("count");
  });
