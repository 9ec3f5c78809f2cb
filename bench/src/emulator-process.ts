import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildReply, ChildRequest } from "./emulator-protocol.js";
import { wallNow } from "./wall-clock.js";

const CHILD = fileURLToPath(new URL("./emulator-child.js", import.meta.url));
const live = new Set<ChildProcess>();
let hooked = false;

/** Kills every emulator child still running; the bench calls it on exit and on signals. */
export function killEmulatorChildren(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", killEmulatorChildren);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killEmulatorChildren();
      process.exit(130);
    });
  }
}

/** Options of {@link EmulatorProcess.start}. */
export interface EmulatorProcessOptions {
  apiKey: string;
  seed: number;
  /** Merged into the child's `startEmulator` options (JSON). */
  emulatorOptions?: Record<string, unknown>;
}

type Reply<T extends ChildRequest["type"]> = Extract<ChildReply, { type: T }>;

/**
 * The emulator running in a child process (issue 10: client and server on
 * separate cores), with the IPC requests the rows need: its CPU time, its
 * wall clock (for the offset) and the time of its last Listen write. The
 * child is killed when the bench exits, fails or is interrupted.
 *
 * @example
 * const emulator = await EmulatorProcess.start({ apiKey: "k", seed: 1 });
 * console.log(emulator.url);
 * await emulator.close();
 */
export class EmulatorProcess {
  readonly url: string;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (reply: ChildReply) => void>();
  #nextId = 1;

  private constructor(child: ChildProcess, url: string) {
    this.#child = child;
    this.url = url;
    child.on("message", (reply: ChildReply) => {
      if (reply.type === "ready") return;
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
  }

  /** Forks the child and resolves once it listens (rejects if it dies first or takes > 20 s). */
  static start(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
    hookExit();
    const child = fork(CHILD, [], {
      // Not the bench's own flags (--expose-gc, --inspect…): the emulator runs as a user would start it.
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: {
        ...process.env,
        BENCH_API_KEY: options.apiKey,
        BENCH_SEED: String(options.seed),
        BENCH_EMULATOR_OPTIONS: JSON.stringify(options.emulatorOptions ?? {}),
      },
    });
    live.add(child);
    child.once("exit", () => live.delete(child));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error("the emulator child did not start")), 20_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        reject(error);
      };
      child.once("exit", (code) => fail(new Error(`the emulator child exited (${code})`)));
      child.once("error", fail);
      child.on("message", (reply: ChildReply) => {
        if (reply.type !== "ready") return;
        clearTimeout(timer);
        child.removeAllListeners("exit");
        child.once("exit", () => live.delete(child));
        resolve(new EmulatorProcess(child, reply.url));
      });
    });
  }

  #ask<T extends ChildRequest["type"]>(type: T): Promise<Reply<T>> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, (reply) => resolve(reply as Reply<T>));
      this.#child.send({ type, id } as ChildRequest);
    });
  }

  /** CPU time (user + system) the emulator used so far, in ms. */
  async cpuMs(): Promise<number> {
    return (await this.#ask("cpu")).value;
  }

  /** Wall-clock ms (child clock) of its newest Listen write, and how many it saw. */
  async lastListenWrite(): Promise<{ at: number; writes: number }> {
    const reply = await this.#ask("last-listen-write");
    return { at: reply.value, writes: reply.writes };
  }

  /**
   * How far the child's wall clock is ahead of ours, in ms: the median of the
   * `samples` round trips with the shortest time, each taken as
   * `child - (sent + received) / 2`.
   */
  async clockOffsetMs(samples = 40): Promise<number> {
    const probes: { rtt: number; offset: number }[] = [];
    for (let i = 0; i < samples; i++) {
      const sent = wallNow();
      const { value } = await this.#ask("clock");
      const received = wallNow();
      probes.push({ rtt: received - sent, offset: value - (sent + received) / 2 });
    }
    probes.sort((a, b) => a.rtt - b.rtt);
    const best = probes.slice(0, Math.max(1, Math.floor(samples / 4))).map((p) => p.offset);
    best.sort((a, b) => a - b);
    return best[Math.floor(best.length / 2)] ?? 0;
  }

  /** Ends the child (it closes the emulator when its channel closes) and waits for it. */
  async close(): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.disconnect();
    });
  }
}
