/**
 * The bundled dist/ that `scripts/bundle.mjs` writes (issue 10, cold start row): the built
 * entry points are used by a program that loads its own copies of @connectrpc/connect,
 * @bufbuild/protobuf and @yc-assistants/types, as users, the emulator and the bench do.
 * These tests import ../dist (so they run after `npm run build`, as turbo orders them).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, isMessage, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { RunSchema, RunService } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import * as root from "../dist/index.js";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  exports: Record<string, { default: string }>;
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? jsFiles(join(dir, e.name))
      : e.name.endsWith(".js")
        ? [join(dir, e.name)]
        : [],
  );
}

/** A bundled client over a router transport made with the test's own Connect copy. */
function clientWith(get: () => unknown) {
  return new root.AssistantsClient({
    folderId: "b1g-bundle-folder",
    auth: { apiKey: "bundle-test-key" },
    env: {},
    retry: { initialBackoffMs: 1, maxBackoffMs: 1, jitterMs: 0 },
    transport: createRouterTransport((router) => {
      router.service(RunService, { get: get as never });
    }),
  });
}

describe("bundled dist", () => {
  it("inlines the runtime: no built file imports a package", () => {
    const files = jsFiles(dist);
    expect(files.length).toBeGreaterThan(6);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(
        /(?:from|import\()\s*["']@(?:connectrpc|bufbuild|yc-assistants)\//,
      );
    }
  });

  // Splitting keeps one copy of each class in a shared chunk: `Run` from the root and from
  // `@yc-assistants/client/runs` is the same class (entries.test.ts checks the sources).
  it("subpath entries export the root's very bindings", async () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (subpath === ".") continue;
      const mod = (await import(new URL(`../${target.default}`, import.meta.url).href)) as Record<
        string,
        unknown
      >;
      expect(Object.keys(mod).length, subpath).toBeGreaterThan(0);
      for (const [name, value] of Object.entries(mod)) {
        expect(value, `${subpath} ${name}`).toBe((root as Record<string, unknown>)[name]);
      }
    }
  });

  it("messages it returns work with a separately loaded @yc-assistants/types", async () => {
    const sent = create(RunSchema, { id: "run-b1", assistantId: "asst-1", threadId: "thr-1" });
    const run = await clientWith(() => sent).runs.get("run-b1");
    expect(run.id).toBe("run-b1");
    expect(isMessage(run.proto, RunSchema)).toBe(true);
    expect(toBinary(RunSchema, run.proto)).toEqual(toBinary(RunSchema, sent));
  });

  // Users catch errors with their own `ConnectError` (connect-es's Symbol.hasInstance
  // recognises a ConnectError of another copy by its shape).
  it("its errors are ConnectErrors for the user's @connectrpc/connect", async () => {
    const error = await clientWith(() => {
      throw new ConnectError("no such run", Code.NotFound);
    })
      .runs.get("run-missing")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(ConnectError.from(error)).toBe(error);
    expect((error as ConnectError).code).toBe(Code.NotFound);
  });
});
