import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { typeCheckSamples } from "./type-check-samples.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

it("reports a sample's type errors by file and line, and none for a sound one", () => {
  const errors = typeCheckSamples(
    [
      { name: "sound", code: "const n: number = 1;\nconsole.log(n);\nexport {};\n" },
      { name: "unsound", code: 'export {};\nconst n: number = "one";\nconsole.log(n);\n' },
    ],
    path.join(root, "conformance", "reports", "readme-samples", "type-check-unit"),
    path.join(root, "tsconfig.base.json"),
  );
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^unsound\.ts:2: TS2322 /);
}, 60_000);
