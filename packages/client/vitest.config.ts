import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The examples import the package by name, as users do; tests run them against src.
    alias: {
      "@yc-assistants/client": fileURLToPath(new URL("./src/index.ts", import.meta.url)),
    },
  },
});
