#!/usr/bin/env node
// `npm run release:dry`, issue 12 point 6: a release rehearsal that changes nothing here.
// It copies the repository (with the built dist/ folders, without node_modules and .git) to
// a temporary folder, runs `changeset version` there (the pending .changeset/*.md files
// become versions and CHANGELOG.md entries), checks that every internal dependency names the
// new version of its package, and runs `npm publish --dry-run` for each public package.
// Needs `npm run build` first (`npm test` runs it after the build). Prints the versions
// that the next release would publish. The temporary copy is removed unless --keep.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const keep = process.argv.includes("--keep");
const SKIP = new Set(["node_modules", ".git", ".turbo", "reports", "coverage"]);

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 300_000 });
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(" ")}\` in ${cwd} exited ${result.status}\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

function readManifest(dir) {
  return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
}

const copy = mkdtempSync(path.join(os.tmpdir(), "yc-release-dry-"));
try {
  cpSync(root, copy, {
    recursive: true,
    filter: (source) => !SKIP.has(path.basename(source)),
  });
  // changeset resolves its changelog generator from .changeset/; the copy borrows the
  // repository's installed tools read-only.
  symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
  const workspaces = JSON.parse(run("npm", ["query", ".workspace"], root))
    .filter((ws) => !ws.private)
    .map((ws) => ({ name: ws.name, dir: path.join(copy, path.relative(root, ws.path)) }));
  for (const ws of workspaces) {
    if (!existsSync(path.join(ws.dir, "dist"))) {
      throw new Error(`${ws.name} has no dist/: run \`npm run build\` first`);
    }
  }
  const before = new Map(workspaces.map((ws) => [ws.name, readManifest(ws.dir).version]));
  run("node", [path.join(root, "node_modules", "@changesets", "cli", "bin.js"), "version"], copy);

  const after = new Map(workspaces.map((ws) => [ws.name, readManifest(ws.dir).version]));
  for (const ws of workspaces) {
    const manifest = readManifest(ws.dir);
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
        if (after.has(dep) && range !== after.get(dep) && !range.endsWith(after.get(dep))) {
          throw new Error(
            `${ws.name} ${field} names ${dep}@${range}, but the release versions it ${after.get(dep)}`,
          );
        }
      }
    }
  }
  for (const ws of workspaces) {
    const out = JSON.parse(
      run("npm", ["publish", "--dry-run", "--json", "--ignore-scripts"], ws.dir),
    );
    const report = out[ws.name] ?? out;
    if (report.version !== after.get(ws.name)) {
      throw new Error(`npm publish --dry-run of ${ws.name} reports ${report.version}`);
    }
    console.log(
      `release:dry: ${ws.name} ${before.get(ws.name)} -> ${after.get(ws.name)}: ${report.entryCount} files, ${(report.size / 1e3).toFixed(1)} kB packed (npm publish --dry-run ok)`,
    );
  }
} catch (error) {
  console.error(`release:dry: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`release:dry: kept ${copy}`);
  else rmSync(copy, { recursive: true, force: true });
}
