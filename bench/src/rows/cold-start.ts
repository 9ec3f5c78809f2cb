import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchContext } from "../bench-context.js";
import { type BenchRow, makeRow } from "../bench-row.js";
import type { ColdReport } from "../cold/module-counts.js";
import { median } from "../stats.js";

const script = (name: string) => fileURLToPath(new URL(`../cold/${name}`, import.meta.url));
const REGISTER = script("module-count-register.js");

/**
 * Runs one fresh `node` process and resolves with its wall time (spawn to
 * exit, `process.hrtime`) and its report. Killed after 20 s.
 */
function coldProcess(
  file: string,
  args: string[],
  nodeArgs: string[] = [],
): Promise<{ wallMs: number; report: ColdReport }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("error", reject);
    child.once("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${file} exited with ${code}`));
      resolve({ wallMs, report: JSON.parse(out.trim()) as ColdReport });
    });
  });
}

/**
 * Issue 10, row "cold start: fresh process, import + one RPC" (target <= 1.0x
 * official): rounds of fresh processes, ours, official and raw Connect (unbundled,
 * no client, raw-cold.ts) in an order rotated every round (after one warm-up round
 * that fills the file cache), each timed from spawn to exit. A process imports its client, makes one `RunService.Get`
 * against the emulator child and exits. Separately (the hooks slow loading,
 * so not in the timed pairs), one process of each runs under a
 * `module.register` hook that counts the modules loaded.
 *
 * Ours is the client's bundled dist/ (packages/client/scripts/bundle.mjs): Connect,
 * connect-node, protobuf-es and the generated run files are inlined, so "ours ES modules"
 * counts the bundle's entry and the chunks it loads, not its dependencies' files. Raw Connect
 * (raw-cold.ts) loads those packages unbundled, file by file, so it is no longer a floor
 * for ours: it shows what the bundle saves.
 */
export async function measureColdStart(ctx: BenchContext): Promise<BenchRow[]> {
  const { config } = ctx;
  ctx.log(`cold start: ${config.coldPairs} pairs of processes`);
  const thread = await ctx.raw.thread("short");
  const { id } = await ctx.raw.finishedRun(ctx.assistantId, thread);
  const args = [ctx.emulator.url, id, ctx.apiKey];
  const ours = { wall: [] as number[], imported: [] as number[] };
  const official = { wall: [] as number[], imported: [] as number[] };
  const raw = { wall: [] as number[], imported: [] as number[] };
  const sides = [
    { file: script("ours-cold.js"), into: ours },
    { file: script("official-cold.js"), into: official },
    { file: script("raw-cold.js"), into: raw },
  ];
  for (let pair = -1; pair < config.coldPairs; pair++) {
    // Rotated every round, so no side always runs first (or always right after another).
    const order = sides.map((_, i) => sides[(i + pair + 1) % sides.length] as (typeof sides)[0]);
    for (const side of order) {
      const { wallMs, report } = await coldProcess(side.file, args);
      if (pair < 0) continue;
      side.into.wall.push(wallMs);
      side.into.imported.push(report.importedAtMs);
    }
  }
  const oursModules = (await coldProcess(script("ours-cold.js"), args, ["--import", REGISTER]))
    .report.modules;
  const officialModules = (
    await coldProcess(script("official-cold.js"), args, ["--import", REGISTER])
  ).report.modules;
  const rawModules = (await coldProcess(script("raw-cold.js"), args, ["--import", REGISTER])).report
    .modules;
  return [
    makeRow(
      {
        id: "cold-start",
        path: "cold start: fresh process, import + one RPC",
        unit: "ms",
        target: "<= 1.0x",
        holds: (r) => r.ratio <= 1,
      },
      ours.wall,
      official.wall,
      {
        "ours ES modules": oursModules?.esm ?? Number.NaN,
        "ours CommonJS modules": oursModules?.commonjs ?? Number.NaN,
        "official ES modules": officialModules?.esm ?? Number.NaN,
        "official CommonJS modules": officialModules?.commonjs ?? Number.NaN,
        "ours imported at ms": median(ours.imported),
        "official imported at ms": median(official.imported),
        // Raw Connect + the generated run files, unbundled, no client (raw-cold.ts).
        "raw Connect ms": median(raw.wall),
        "raw Connect ES modules": rawModules?.esm ?? Number.NaN,
        "raw Connect imported at ms": median(raw.imported),
      },
    ),
  ];
}
