#!/usr/bin/env node
// Completes package-lock.json with the platform packages this machine's npm
// registry will not serve.
//
// Why: the registry reachable here answers 404 for the optional, per-platform
// binary packages of other systems (e.g. @biomejs/cli-darwin-arm64,
// @bufbuild/buf-win32-x64, @turbo/darwin-64), so `npm install` leaves them out
// of the lock file and `npm ci` then refuses the lock ("Missing: ... from lock
// file"). This script adds an entry for each missing optional dependency with
// the os/cpu/libc its name states, so `npm ci` sees a complete lock and skips
// them as foreign platforms without fetching anything.
//
// Run it after every `npm install` that changes the lock:
//   node scripts/lock-foreign-optionals.mjs
import { readFileSync, writeFileSync } from "node:fs";

const OS = {
  darwin: "darwin",
  win32: "win32",
  windows: "win32",
  android: "android",
  freebsd: "freebsd",
  openbsd: "openbsd",
  netbsd: "netbsd",
  sunos: "sunos",
  aix: "aix",
  linux: "linux",
};
const CPU = {
  arm64: "arm64",
  aarch64: "arm64",
  x64: "x64",
  64: "x64",
  armv7: "arm",
  arm: "arm",
  ia32: "ia32",
  ppc64: "ppc64",
  s390x: "s390x",
  riscv64: "riscv64",
  loong64: "loong64",
};

function platformOf(name) {
  const tokens = name.split("/").pop().split("-");
  const os = tokens.map((t) => OS[t]).find(Boolean);
  const cpu = tokens.map((t) => CPU[t]).find(Boolean);
  if (!os || !cpu) throw new Error(`cannot tell the platform of ${name}`);
  const entry = { os: [os], cpu: [cpu] };
  if (tokens.includes("musl")) entry.libc = ["musl"];
  else if (tokens.includes("gnu") || (os === "linux" && tokens.includes("glibc")))
    entry.libc = ["glibc"];
  return entry;
}

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const added = [];
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const depKey = `node_modules/${dep}`;
    if (lock.packages[depKey]) continue;
    lock.packages[depKey] = {
      version,
      ...(pkg.dev ? { dev: true } : {}),
      optional: true,
      ...platformOf(dep),
    };
    added.push(`${dep}@${version} (for ${key || "root"})`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length
    ? `added ${added.length} foreign optional packages:\n  ${added.join("\n  ")}`
    : "lock already complete",
);
