/**
 * A pool of initialised client-under-test processes, one per case running at once (the
 * runner's `--concurrency`). A process that failed (exited, timed out, answered garbage) is
 * dropped and a fresh one is started, with a new `init`, for the next case (issue 11: "the run
 * goes on").
 */
import { create } from "@bufbuild/protobuf";
import {
  ClientRequestSchema,
  type InitAck,
} from "../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import { ClientProcess, ClientProcessError, type ClientProcessOptions } from "./client-process.js";

/** How long a starting client may take to answer `init` (PROTOCOL.md, "Timeouts"). */
export const INIT_TIMEOUT_MS = 15_000;

/** The protocol version of conformance/proto (ClientInit.protocol_version). */
export const PROTOCOL_VERSION = 1;

/** A started client and what it said about itself. */
export interface ReadyClient {
  readonly process: ClientProcess;
  readonly ack: InitAck;
}

/**
 * Hands out ready clients and takes them back.
 *
 * @example
 * const pool = new ClientPool({ command: "node dist/adapters/node-ours/main.js" });
 * const client = await pool.acquire();
 * try { ... } finally { pool.release(client); }
 * await pool.close();
 */
export class ClientPool {
  private readonly idle: ReadyClient[] = [];
  private readonly all = new Set<ClientProcess>();
  /** The InitAck of the first client that started (name, version, unsupported). */
  firstAck: InitAck | undefined;

  constructor(readonly options: ClientProcessOptions & { readonly runner?: string }) {}

  /** An idle client, or a newly started and initialised one. */
  async acquire(): Promise<ReadyClient> {
    for (;;) {
      const c = this.idle.pop();
      if (!c) break;
      if (!c.process.failed) return c;
      this.all.delete(c.process);
    }
    const process = ClientProcess.start(this.options);
    this.all.add(process);
    try {
      const response = await process.request(
        create(ClientRequestSchema, {
          kind: {
            case: "init",
            value: {
              protocolVersion: PROTOCOL_VERSION,
              runner: this.options.runner ?? "yc-assistants-conformance",
            },
          },
        }),
        INIT_TIMEOUT_MS,
      );
      if (response.kind.case !== "initAck") {
        throw new ClientProcessError(
          "malformed",
          `the client answered init with ${response.kind.case ?? "an empty message"}, not initAck`,
          process.stderrTail(),
        );
      }
      this.firstAck ??= response.kind.value;
      return { process, ack: response.kind.value };
    } catch (e) {
      this.all.delete(process);
      await process.close(0);
      throw e;
    }
  }

  /** Returns a client; a failed one is closed instead. */
  release(client: ReadyClient): void {
    if (client.process.failed) {
      this.all.delete(client.process);
      void client.process.close(0);
      return;
    }
    this.idle.push(client);
  }

  /** Shuts every client down. */
  async close(): Promise<void> {
    const procs = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(procs.map((p) => p.close()));
  }
}
