#!/usr/bin/env node
// Builds the client's dist/ (issue 10, cold start row: "fresh process, import + one RPC,
// <= 1.0x the official SDK").
//
// Why a bundle: Node 20 spends the client's cold start loading ES modules one by one (the
// client's ~69 files, @connectrpc/connect ~65, @bufbuild/protobuf ~66, connect-node, and
// the generated run files). esbuild inlines them into a few ESM files: the six entry points
// of package.json `exports` plus shared chunks (`splitting`, so `@yc-assistants/client` and
// `@yc-assistants/client/runs` export the very same classes), and the generated files the
// client imports lazily (lazy-types.ts) stay separate chunks loaded on first use.
//
// Steps: empty dist/, `tsc --emitDeclarationOnly` (the .d.ts and their maps still come from
// tsc), then esbuild writes the .js files and their source maps.
//
// `--external=<pkg>,<pkg>` keeps packages out of the bundle; the bench numbers in
// bench/src/rows/cold-start.ts compare these variants. The default inlines everything:
// ConnectError stays recognisable across copies (connect-es's `Symbol.hasInstance` checks the
// shape, not the prototype), and protobuf-es v2 messages are plain objects identified by
// `$typeName`, so schemas from a separately loaded @yc-assistants/types work with them.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const flag = process.argv.find((a) => a.startsWith("--external="));
const external = (flag?.slice("--external=".length).split(",") ?? []).filter(Boolean);

rmSync(join(root, "dist"), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--emitDeclarationOnly"], {
  cwd: root,
  stdio: "inherit",
});

await build({
  absWorkingDir: root,
  entryPoints: [
    "src/index.ts",
    "src/entries/runs.ts",
    "src/entries/files.ts",
    "src/entries/search-indexes.ts",
    "src/entries/tools.ts",
    "src/entries/transport.ts",
  ],
  outbase: "src",
  outdir: "dist",
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  // The maps give stack traces (`--enable-source-maps`) file and line, as tsc's maps did;
  // without the sources' text they add ~0.5 MB, not ~1.5 MB, to the install footprint row.
  sourcesContent: false,
  // Keeps class and function names (error names, stack traces, `constructor.name`).
  keepNames: true,
  external: external.flatMap((name) => [name, `${name}/*`]),
  logLevel: "warning",
});
