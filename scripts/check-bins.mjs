#!/usr/bin/env node
// Checks the workspace commands (`bin` of every package.json) as a user of a fresh checkout
// runs them, issue 12 ("Bins are not linked"): `npm ci` links a bin only when its target
// exists at install time, so a target inside dist/ is skipped before the first build and
// `npx yc-assistants-emulator` then asks the registry for a package of that name.
//
// For every bin it checks that
// - the target is committed (not built) with the run bit (git mode 100755);
// - `npx --no-install <bin> --help` exits 0 and prints the command's usage, so the command is
//   linked in node_modules/.bin and nothing falls through to the registry;
// - no Markdown file shows `npx yc-...` without --no-install.
// `.ci/run` runs it right after `npm ci` and the build of a clean clone (inside `npm test`).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const rootManifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const workspaces = rootManifest.workspaces.flatMap((pattern) => {
  if (!pattern.endsWith("/*")) return [pattern];
  const listed = spawnSync("git", ["ls-files", `${pattern.slice(0, -2)}/*/package.json`], {
    cwd: root,
    encoding: "utf8",
  });
  return listed.stdout.split("\n").filter(Boolean).map(path.dirname);
});

let failures = 0;
function fail(message) {
  console.error(`check-bins: ${message}`);
  failures += 1;
}

let checked = 0;
for (const ws of workspaces) {
  const manifest = JSON.parse(readFileSync(path.join(root, ws, "package.json"), "utf8"));
  const bins =
    typeof manifest.bin === "string"
      ? { [manifest.name.split("/").at(-1)]: manifest.bin }
      : (manifest.bin ?? {});
  for (const [name, target] of Object.entries(bins)) {
    checked += 1;
    const file = path.posix.join(ws, target);
    const staged = spawnSync("git", ["ls-files", "--stage", "--", file], {
      cwd: root,
      encoding: "utf8",
    }).stdout;
    if (!staged) {
      fail(
        `${name} -> ${file} is not committed; npm links a bin only when its target exists at install time`,
      );
    } else if (!staged.startsWith("100755")) {
      fail(`${name} -> ${file} lacks the run bit in git (git update-index --chmod=+x ${file})`);
    }
    if (!(manifest.files ?? []).some((entry) => file.startsWith(path.posix.join(ws, entry)))) {
      fail(`${name} -> ${file} is not in ${ws}/package.json "files", so it is not published`);
    }
    const run = spawnSync("npx", ["--no-install", name, "--help"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    if (run.status !== 0 || !run.stdout.includes(`Usage: ${name}`)) {
      fail(
        `\`npx --no-install ${name} --help\` exited ${run.status}: ${(run.stderr || run.stdout).trim().slice(0, 400)}`,
      );
    }
  }
}
// Documentation: `npx <bin>` without --no-install fetches and runs whatever package of that
// (unscoped) name the registry has when the bin is not linked here.
const docs = spawnSync("git", ["grep", "-n", "-E", "npx +yc-", "--", "*.md"], {
  cwd: root,
  encoding: "utf8",
}).stdout;
for (const line of docs.split("\n").filter(Boolean)) {
  fail(`${line.slice(0, 200)}\n  write \`npx --no-install <bin>\`, so npx never asks the registry`);
}
if (checked === 0) fail("no bins found in the workspaces");
if (failures > 0) process.exit(1);
console.log(`check-bins: ${checked} commands linked and runnable with npx --no-install`);
