import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The end-to-end and example tests start an emulator and compile the examples on first
    // import; on a loaded 2-core machine that can exceed vitest's 5 s default.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
  resolve: {
    // The examples import the package by name, as users do; tests run them against src.
    alias: {
      "@yc-assistants/client": fileURLToPath(new URL("./src/index.ts", import.meta.url)),
    },
  },
});
