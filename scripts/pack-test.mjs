#!/usr/bin/env node
// The packages as users install them, issue 12 point 5: `npm pack` every publishable
// workspace, install the tarballs into an empty temporary project (no workspace links, no
// dev dependencies), and there
// - import every public entry point: each `exports` subpath of each packed package.json
//   (wildcard subpaths expanded over the packed files), so a new subpath is covered without
//   editing this script, and check that its `types` file is packed too;
// - start the packed emulator with `npx --no-install yc-assistants-emulator --port 0`, read
//   its printed address and make calls on it with the packed client;
// - run the packed conformance CLI in server mode against that emulator.
// It catches missing `files`, wrong `exports`, bins without the run bit (read from the
// tarballs) and dependencies that are only dev dependencies. Needs `npm run build` first
// (`npm test` runs it after the build). The temporary folder is removed unless --keep.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const keep = process.argv.includes("--keep");
const started = Date.now();

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 300_000, ...options });
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(" ")}\` exited ${result.status}\n${result.stdout ?? ""}${result.stderr ?? ""}`,
    );
  }
  return result.stdout;
}

function publishableWorkspaces() {
  const listed = JSON.parse(run("npm", ["query", ".workspace"], { cwd: root }));
  return listed.filter((ws) => !ws.private).map((ws) => ({ name: ws.name, dir: ws.path }));
}

/** Every bin of the packed manifest must be in the tarball with its run bit. */
function checkBinModes(tarball, manifest) {
  const bins =
    typeof manifest.bin === "string"
      ? { [manifest.name.split("/").at(-1)]: manifest.bin }
      : (manifest.bin ?? {});
  const listing = run("tar", ["-tvzf", tarball]).split("\n");
  for (const [name, target] of Object.entries(bins)) {
    const file = path.posix.join("package", path.posix.normalize(target));
    const line = listing.find((entry) => entry.trim().endsWith(` ${file}`));
    if (line === undefined)
      throw new Error(`${manifest.name}: bin ${name} -> ${target} is not packed`);
    if (!/^-rwx/.test(line)) {
      throw new Error(
        `${manifest.name}: bin ${name} -> ${target} is packed without the run bit (${line.slice(0, 10)})`,
      );
    }
  }
}

// The script that runs inside the temporary project, as a user's program would.
const SMOKE = String.raw`
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const names = JSON.parse(process.argv[2]);

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** The import specifiers and types files of one exports entry ("./gen/*" expanded). */
function entryPoints(name, dir, subpath, target) {
  const conditions = typeof target === "string" ? { default: target } : target;
  const main = conditions.import ?? conditions.default;
  if (!subpath.includes("*")) {
    return [{ specifier: subpath === "." ? name : name + subpath.slice(1), types: conditions.types }];
  }
  const [before, after] = main.split("*");
  return filesUnder(path.join(dir, path.dirname(before)))
    .map((file) => "./" + path.relative(dir, file).split(path.sep).join("/"))
    .filter((file) => file.startsWith(before) && file.endsWith(after))
    .map((file) => {
      const stem = file.slice(before.length, file.length - after.length);
      return {
        specifier: name + subpath.slice(1).replace("*", stem),
        types: conditions.types?.replace("*", stem),
      };
    });
}

let imported = 0;
for (const name of names) {
  const dir = path.join("node_modules", name);
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const exportsMap = typeof manifest.exports === "string" ? { ".": manifest.exports } : manifest.exports;
  if (!exportsMap) throw new Error(name + " has no exports");
  for (const [subpath, target] of Object.entries(exportsMap)) {
    const points = entryPoints(name, dir, subpath, target);
    if (points.length === 0) throw new Error(name + ': exports "' + subpath + '" matches no packed file');
    for (const point of points) {
      const module = await import(point.specifier);
      if (Object.keys(module).length === 0) throw new Error(point.specifier + " exports nothing");
      if (point.types && !existsSync(path.join(dir, point.types))) {
        throw new Error(point.specifier + ": types file " + point.types + " is not packed");
      }
      imported += 1;
    }
  }
}
console.log("pack-test: imported " + imported + " entry points of " + names.join(", "));

function runCommand(args) {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["--no-install", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

// The emulator requires this key, so the conformance cases of wrong credentials can pass.
const KEY = "pack-test-key";
// Its own process group: npx does not pass SIGTERM on to the command it runs.
const emulator = spawn(
  "npx",
  ["--no-install", "yc-assistants-emulator", "--port", "0", "--quiet", "--api-key", KEY],
  { stdio: ["ignore", "pipe", "inherit"], detached: true },
);
const exited = new Promise((resolve) => emulator.on("close", (code) => resolve(code)));
try {
  const url = await new Promise((resolve, reject) => {
    let printed = "";
    const timer = setTimeout(() => reject(new Error("the emulator printed no address in 60 s: " + printed)), 60_000);
    emulator.stdout.on("data", (chunk) => {
      printed += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    emulator.on("close", (code) => reject(new Error("the emulator exited " + code + ": " + printed)));
  });
  const { AssistantsClient } = await import("@yc-assistants/client");
  const client = new AssistantsClient({ endpoint: url, folderId: "pack-test", auth: { apiKey: KEY } });
  const thread = await client.threads.create();
  const assistant = await client.assistants.create({ model: "yandexgpt" });
  if (!thread.id || !assistant.id) throw new Error("the packed client got no ids from the packed emulator");
  console.log("pack-test: the packed client created thread " + thread.id + " on the packed emulator at " + url);

  const conformance = await runCommand([
    "yc-assistants-conformance", "--mode", "server", "--server", url,
    "--api-key", KEY, "--folder-id", "pack-test", "--quiet",
    "--json", "reports/report.json", "--junit", "reports/junit.xml",
  ]);
  if (conformance.code !== 0) {
    throw new Error("the packed conformance CLI exited " + conformance.code + ":\n" + conformance.output);
  }
  console.log("pack-test: packed conformance CLI, server mode: " + (conformance.output.split("\n").find((line) => /^(OK|FAILED):/.test(line)) ?? ""));
} finally {
  process.kill(-emulator.pid, "SIGTERM");
  const stuck = setTimeout(() => process.kill(-emulator.pid, "SIGKILL"), 15_000);
  const code = await exited;
  clearTimeout(stuck);
  if (code !== 0 && code !== null) console.error("pack-test: the emulator exited " + code + " on SIGTERM");
}
`;

const work = mkdtempSync(path.join(os.tmpdir(), "yc-pack-test-"));
try {
  const workspaces = publishableWorkspaces();
  const packed = JSON.parse(
    run(
      "npm",
      ["pack", "--json", "--pack-destination", work, ...workspaces.flatMap((ws) => ["-w", ws.dir])],
      { cwd: root },
    ),
  );
  const tarballs = packed.map((entry) => path.join(work, entry.filename));
  for (const [i, tarball] of tarballs.entries()) {
    const manifest = JSON.parse(run("tar", ["-xzOf", tarball, "package/package.json"]));
    if (manifest.name !== packed[i].name) throw new Error(`unexpected tarball ${tarball}`);
    checkBinModes(tarball, manifest);
  }
  const project = path.join(work, "project");
  mkdirSync(project);
  writeFileSync(
    path.join(project, "package.json"),
    `${JSON.stringify({ name: "yc-pack-test", private: true, type: "module" }, null, 2)}\n`,
  );
  writeFileSync(path.join(project, "smoke.mjs"), SMOKE);
  // --omit=dev is the default for dependencies of dependencies; the project itself has none.
  run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock", ...tarballs],
    { cwd: project },
  );
  const names = packed.map((entry) => entry.name);
  const smoke = spawnSync("node", ["smoke.mjs", JSON.stringify(names)], {
    cwd: project,
    stdio: "inherit",
    timeout: 300_000,
  });
  if (smoke.status !== 0) throw new Error(`the smoke script in ${project} exited ${smoke.status}`);
  const total = packed.reduce((sum, entry) => sum + entry.size, 0);
  console.log(
    `pack-test: ${names.length} packages (${(total / 1e6).toFixed(2)} MB packed) pass as installed, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} catch (error) {
  console.error(`pack-test: ${error instanceof Error ? error.message : String(error)}`);
  if (!keep) console.error("pack-test: rerun with --keep to inspect the temporary project");
  process.exitCode = 1;
} finally {
  if (keep) console.log(`pack-test: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
