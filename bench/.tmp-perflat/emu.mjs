import { fork } from "node:child_process";
export async function startEmu(execArgv = [], options = {}) {
  const child = fork("/work/wt-perf-latency/bench/dist/emulator-child.js", [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, BENCH_API_KEY: "k", BENCH_SEED: "1", BENCH_EMULATOR_OPTIONS: JSON.stringify(options) } });
  const url = await new Promise((r) => child.on("message", (m) => m.type === "ready" && r(m.url)));
  let id = 1; const pending = new Map();
  child.on("message", (m) => { if (m.type !== "ready") { pending.get(m.id)?.(m); pending.delete(m.id); } });
  const ask = (type) => new Promise((r) => { const i = id++; pending.set(i, r); child.send({ type, id: i }); });
  return { url, cpuMs: async () => (await ask("cpu")).value, close: () => new Promise((r) => { child.once("exit", r); child.disconnect(); }) };
}
