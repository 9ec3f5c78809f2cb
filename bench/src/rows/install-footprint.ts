import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchRow, makeRow } from "../bench-row.js";

interface Manifest {
  name: string;
  files?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The directory Node would load `name` from when required from `fromDir` (real path), if installed. */
function packageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** Bytes of the files under `path`, skipping nested `node_modules` (other packages) and links. */
function bytesUnder(path: string): number {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return 0;
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules") continue;
    total += bytesUnder(join(path, entry));
  }
  return total;
}

/**
 * Bytes a package occupies once installed: everything in its directory for a
 * package from the registry; for a workspace package (not under
 * `node_modules`), what `npm pack` would ship: `package.json`, its `files`,
 * README and LICENSE.
 */
function packageBytes(dir: string, manifest: Manifest): number {
  if (dir.includes(`${sep}node_modules${sep}`) || manifest.files === undefined) {
    return bytesUnder(dir);
  }
  const shipped = new Set(["package.json", ...manifest.files]);
  for (const entry of readdirSync(dir)) {
    if (/^(readme|license|licence)/i.test(entry)) shipped.add(entry);
  }
  let total = 0;
  for (const entry of shipped) {
    const path = join(dir, entry);
    if (existsSync(path)) total += bytesUnder(path);
  }
  return total;
}

/** A package and its production dependency closure as installed: bytes and package count. */
export interface Closure {
  bytes: number;
  packages: string[];
}

/**
 * Walks `name`'s production dependencies (`dependencies`, installed
 * `optionalDependencies` and required `peerDependencies`) from `fromDir`
 * through node_modules as Node resolves them, counting each installed
 * directory once.
 *
 * @example
 * installClosure("@yc-assistants/client", process.cwd()); // { bytes: 4.3e6, packages: [...] }
 */
export function installClosure(name: string, fromDir: string): Closure {
  const seen = new Map<string, string>();
  let bytes = 0;
  const visit = (dep: string, from: string, optional: boolean) => {
    const dir = packageDir(dep, from);
    if (dir === undefined) {
      if (optional) return;
      throw new Error(`${dep} (needed from ${from}) is not installed`);
    }
    if (seen.has(dir)) return;
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
    seen.set(dir, `${manifest.name}`);
    bytes += packageBytes(dir, manifest);
    for (const d of Object.keys(manifest.dependencies ?? {})) visit(d, dir, false);
    for (const d of Object.keys(manifest.optionalDependencies ?? {})) visit(d, dir, true);
    for (const d of Object.keys(manifest.peerDependencies ?? {})) {
      const optionalPeer = manifest.peerDependenciesMeta?.[d]?.optional === true;
      if (!optionalPeer) visit(d, dir, false);
    }
  };
  visit(name, fromDir, false);
  return { bytes, packages: [...seen.values()].sort() };
}

/**
 * Issue 10, row "install footprint of the client closure" (keep <= 1/8 of
 * the official SDK's): bytes (MB = 10^6 bytes) of `@yc-assistants/client`
 * with its production closure against `@yandex-cloud/nodejs-sdk` with its,
 * read from node_modules. It does not vary, so it is measured once.
 */
export function measureInstallFootprint(): BenchRow[] {
  const from = fileURLToPath(new URL("../..", import.meta.url));
  const ours = installClosure("@yc-assistants/client", from);
  const official = installClosure("@yandex-cloud/nodejs-sdk", from);
  return [
    makeRow(
      {
        id: "footprint",
        path: "install footprint of the client closure: MB",
        unit: "MB",
        target: "<= 0.125x",
        holds: (r) => r.ratio <= 0.125,
      },
      [ours.bytes / 1e6],
      [official.bytes / 1e6],
      {
        "ours packages": ours.packages.length,
        "official packages": official.packages.length,
        "ours bytes": ours.bytes,
        "official bytes": official.bytes,
        "ours closure": ours.packages.join(" "),
      },
    ),
  ];
}
