import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The smoke test runs the built bench CLI (an emulator child and cold-start processes).
    testTimeout: 90_000,
  },
});
