#!/usr/bin/env node
// `buf breaking` of proto/ (rules WIRE_JSON, buf.yaml) against the previous commit on main,
// read from the local git history with no network, issue 12 point 6 ("Schema and
// releases"). The wire and JSON names are the real service's, so a change that breaks
// either breaks every existing client.
//
// The base: on main (or when main is not a local branch), HEAD~1; on another branch, the
// commit where it left main (git merge-base HEAD main). Uncommitted edits of proto/ are
// compared too. With no base (first commit, shallow clone) or no proto/ in it, it says so and
// passes.
//
// A deliberate break is accepted by a commit trailer in a commit between the base and HEAD:
//
//   Accept-Breaking: <why the break is acceptable>
//
// (`git commit --trailer "Accept-Breaking: field 7 was never sent by the service"`). The
// breaking changes are then still printed, and the check passes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

function git(args) {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function baseCommit() {
  const head = git(["rev-parse", "HEAD"]);
  const main = git(["rev-parse", "--verify", "--quiet", "refs/heads/main"]);
  if (head !== undefined && main !== undefined && main !== head) {
    const fork = git(["merge-base", "HEAD", "main"]);
    if (fork !== undefined && fork !== head)
      return { ref: fork, why: "where this branch left main" };
  }
  const previous = git(["rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"]);
  return previous === undefined ? undefined : { ref: previous, why: "HEAD~1" };
}

const base = baseCommit();
if (base === undefined) {
  console.log("buf breaking: skipped, no previous commit in this clone (first commit or shallow)");
  process.exit(0);
}
const short = base.ref.slice(0, 12);
if (git(["cat-file", "-e", `${base.ref}:proto`]) === undefined) {
  console.log(`buf breaking: skipped, ${short} (${base.why}) has no proto/`);
  process.exit(0);
}

/**
 * The module paths of the base's buf.yaml (`- path: X`): every module is compared (proto/ and
 * the conformance protocol); a module the base does not have yet is left out of its buf.yaml,
 * so a new module is an addition, never a break.
 */
function baseModules() {
  const yaml = git(["show", `${base.ref}:buf.yaml`]) ?? "";
  return [...yaml.matchAll(/^\s*- path: (\S+)\s*$/gm)].map((m) => m[1]);
}

function compare(against) {
  const modules = baseModules();
  const present = modules.filter((m) => git(["cat-file", "-e", `${base.ref}:${m}`]) !== undefined);
  const archive = spawnSync(
    "sh",
    ["-c", `git archive "${base.ref}" ${present.join(" ")} buf.yaml | tar -x -C "${against}"`],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (archive.status !== 0 || !existsSync(path.join(against, "buf.yaml"))) {
    console.error(`buf breaking: could not read proto/ and buf.yaml of ${short}`);
    return 2;
  }
  const absent = modules.filter((m) => !present.includes(m));
  if (absent.length > 0) {
    const file = path.join(against, "buf.yaml");
    const kept = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !absent.some((m) => line.trim() === `- path: ${m}`));
    writeFileSync(file, kept.join("\n"));
  }
  const check = spawnSync("npx", ["--no-install", "buf", "breaking", "--against", against], {
    cwd: root,
    encoding: "utf8",
  });
  if (check.status === 0) {
    console.log(`buf breaking: proto/ is wire- and JSON-compatible with ${short} (${base.why})`);
    return 0;
  }
  process.stdout.write(check.stdout);
  process.stderr.write(check.stderr);
  if (check.status !== 100) {
    console.error(`buf breaking: buf exited ${check.status}`);
    return check.status ?? 2;
  }
  const accepted = git([
    "log",
    "--format=%(trailers:key=Accept-Breaking,valueonly)",
    `${base.ref}..HEAD`,
  ]);
  if (accepted) {
    console.log(
      `buf breaking: the breaks above are accepted (Accept-Breaking: ${accepted.split("\n")[0]})`,
    );
    return 0;
  }
  console.error(
    `buf breaking: proto/ breaks wire or JSON compatibility with ${short} (${base.why}).\n` +
      'If the break is deliberate, commit with a trailer: git commit --trailer "Accept-Breaking: <why>"',
  );
  return 1;
}

const against = mkdtempSync(path.join(os.tmpdir(), "yc-buf-breaking-"));
let code;
try {
  code = compare(against);
} finally {
  rmSync(against, { recursive: true, force: true });
}
process.exit(code);
