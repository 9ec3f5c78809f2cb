import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The end-to-end tests start emulators and drive them with the official SDK's grpc-js;
    // on a loaded 2-core machine (and under Node 24) that can exceed vitest's 5 s default.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
