/**
 * The runner's side of one client-under-test subprocess (PROTOCOL.md, "Lifecycle"): starts
 * `--client-command` with `sh -c`, sends requests, reads one response per request with a
 * timeout, and keeps the tail of the client's stderr for failure reports. Any exit, timeout,
 * malformed frame or `fatal` answer makes the process unusable (`ClientProcessError`); the pool
 * (client-pool.ts) then starts a fresh one for the next case.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { create } from "@bufbuild/protobuf";
import {
  type ClientRequest,
  ClientRequestSchema,
  type ClientResponse,
  ClientResponseSchema,
} from "../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import { encodeFrame, FRAMING_ENV, FrameDecoder, type Framing } from "./framing.js";

/** Why the process can no longer be used. */
export type ClientFailureKind = "exited" | "timeout" | "malformed" | "fatal" | "spawn";

/** A failure of the client process itself (not of a step): reported for the current case. */
export class ClientProcessError extends Error {
  constructor(
    readonly kind: ClientFailureKind,
    message: string,
    readonly stderrTail: string,
  ) {
    super(stderrTail ? `${message}; client stderr (last lines):\n${stderrTail}` : message);
    this.name = "ClientProcessError";
  }
}

/** How a client process is started. */
export interface ClientProcessOptions {
  /** The command line, run with `sh -c` (so quoting works as in a shell). */
  readonly command: string;
  readonly framing?: Framing;
  /** Working directory (default: the runner's). */
  readonly cwd?: string;
  /** Extra environment variables. */
  readonly env?: Record<string, string>;
}

const STDERR_KEEP = 8 * 1024;
const STDERR_LINES = 20;

type Response = { response: ClientResponse } | { failure: ClientProcessError };

/**
 * One running client under test.
 *
 * @example
 * const p = ClientProcess.start({ command: "node dist/adapters/node-ours/main.js" });
 * const ack = await p.request({ kind: { case: "init", value: init } }, 15_000);
 */
export class ClientProcess {
  private readonly child: ChildProcess;
  private readonly decoder: FrameDecoder<typeof ClientResponseSchema>;
  private readonly framing: Framing;
  private stderr = "";
  private readonly queue: Response[] = [];
  private waiter: ((r: Response) => void) | undefined;
  private dead: ClientProcessError | undefined;

  private constructor(options: ClientProcessOptions) {
    this.framing = options.framing ?? "json";
    this.decoder = new FrameDecoder(ClientResponseSchema, this.framing);
    this.child = spawn("sh", ["-c", options.command], {
      stdio: ["pipe", "pipe", "pipe"],
      // Its own process group, so that a kill reaches the program `sh -c` started too.
      detached: true,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: { ...process.env, ...options.env, [FRAMING_ENV]: this.framing },
    });
    this.child.stdout?.on("data", (chunk: Buffer) => {
      for (const d of this.decoder.push(chunk)) {
        if ("error" in d) this.fail("malformed", `malformed answer: ${d.error}`);
        else this.deliver({ response: d.message });
      }
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString("utf8")).slice(-STDERR_KEEP);
    });
    this.child.stdin?.on("error", () => {}); // EPIPE after an exit: reported by "exit"
    this.child.on("error", (e) => this.fail("spawn", `cannot start the client: ${e.message}`));
    this.child.on("exit", (code, signal) => {
      // Let the last stderr chunks arrive before the tail is taken.
      setTimeout(
        () =>
          this.fail(
            "exited",
            `the client exited (${signal ? `signal ${signal}` : `code ${code}`})`,
          ),
        20,
      );
    });
  }

  /** Starts the command. */
  static start(options: ClientProcessOptions): ClientProcess {
    return new ClientProcess(options);
  }

  /** True once the process failed or exited: it must not be used again. */
  get failed(): boolean {
    return this.dead !== undefined;
  }

  /** The last lines of the client's stderr. */
  stderrTail(): string {
    return this.stderr.trimEnd().split("\n").slice(-STDERR_LINES).join("\n");
  }

  /**
   * Sends one request and waits for its response.
   *
   * @throws ClientProcessError when the client exits, times out, answers garbage or `fatal`.
   */
  async request(request: ClientRequest, timeoutMs: number): Promise<ClientResponse> {
    if (this.dead) throw this.dead;
    this.child.stdin?.write(encodeFrame(ClientRequestSchema, request, this.framing));
    const next = this.queue.shift();
    const got =
      next ??
      (await new Promise<Response>((resolve) => {
        const timer = setTimeout(() => {
          this.waiter = undefined;
          this.fail(
            "timeout",
            `the client did not answer the ${request.kind.case} request within ${timeoutMs} ms`,
          );
          resolve({ failure: this.dead as ClientProcessError });
        }, timeoutMs);
        this.waiter = (r) => {
          clearTimeout(timer);
          resolve(r);
        };
      }));
    if ("failure" in got) throw got.failure;
    const kind = got.response.kind;
    if (kind.case === "fatal") {
      this.fail("fatal", `the client gave up: ${kind.value.message}`);
      throw this.dead as unknown as ClientProcessError;
    }
    return got.response;
  }

  /** Sends `shutdown`, closes stdin and waits a moment for the exit; kills it otherwise. */
  async close(graceMs = 1000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    if (!this.dead) {
      this.child.stdin?.write(
        encodeFrame(
          ClientRequestSchema,
          create(ClientRequestSchema, { kind: { case: "shutdown", value: {} } }),
          this.framing,
        ),
      );
    }
    this.child.stdin?.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private deliver(r: Response): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(r);
    } else this.queue.push(r);
  }

  private fail(kind: ClientFailureKind, message: string): void {
    if (this.dead) return;
    this.dead = new ClientProcessError(kind, message, this.stderrTail());
    this.kill();
    this.deliver({ failure: this.dead });
  }

  /** Kills the process group this process leads (the shell and what it started). */
  private kill(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
