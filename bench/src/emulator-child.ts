/**
 * The emulator process of the bench (issue 10: "emulator in a child process,
 * client and server on separate cores"). Started by {@link EmulatorProcess}
 * with an IPC channel: it sends `{ type: "ready", url }`, answers `clock`
 * (its wall clock), `cpu` (its `process.cpuUsage()`) and `last-listen-write`
 * requests, and exits when the parent goes away (the channel closes), so no
 * emulator outlives a crashed bench.
 *
 * `BENCH_EMULATOR_OPTIONS` (JSON) is merged into the `startEmulator` options,
 * e.g. `{"chunkDelayMs":1}` or a future compression knob.
 *
 * @module
 */
import { startEmulator } from "@yc-assistants/emulator";
import { BenchModel } from "./bench-model.js";
import type { ChildReply, ChildRequest } from "./emulator-protocol.js";
import { installListenWriteProbe } from "./listen-write-probe.js";
import { wallNow } from "./wall-clock.js";

const probe = installListenWriteProbe();
const seed = Number(process.env["BENCH_SEED"] ?? "1");
const extra = JSON.parse(process.env["BENCH_EMULATOR_OPTIONS"] ?? "{}") as object;
const emulator = await startEmulator({
  chunkDelayMs: 0,
  auth: { apiKey: process.env["BENCH_API_KEY"] ?? "bench-api-key" },
  limits: { maxRuns: 1_000_000 },
  model: new BenchModel(seed),
  ...extra,
});

const send = (reply: ChildReply) => process.send?.(reply);
process.on("message", (request: ChildRequest) => {
  if (request.type === "clock") send({ type: "clock", id: request.id, value: wallNow() });
  else if (request.type === "cpu") {
    const cpu = process.cpuUsage();
    send({ type: "cpu", id: request.id, value: (cpu.user + cpu.system) / 1000 });
  } else if (request.type === "last-listen-write") {
    send({
      type: "last-listen-write",
      id: request.id,
      value: probe.lastListenWriteAt(),
      writes: probe.listenWrites(),
    });
  }
});
process.on("disconnect", () => {
  void emulator.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
send({ type: "ready", url: emulator.url });
