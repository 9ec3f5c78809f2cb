/**
 * Setting up the server side of one case: the replay server, the embedded
 * emulator (behind a logging proxy, so every call is seen with its headers),
 * or a remote server in server mode.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { type EmulatorOptions, startEmulator } from "@yc-assistants/emulator";
import type { CaseSpec, EmulatorSpec, ReplaySpec } from "./case-schema.js";
import { startHost } from "./host.js";
import { createForwardingRoutes } from "./recorder.js";
import { exchangesFromRecording, type ReplayExchange, validateExchange } from "./replay-script.js";
import { type ReplayState, startReplayServer } from "./replay-server.js";
import type { Target } from "./report.js";
import { WireLog } from "./wire-log.js";

/** Credentials a client sends. */
export type Credentials = { readonly apiKey: string } | { readonly iamToken: string };

/** A remote server for server mode. */
export interface RemoteServer {
  readonly url: string;
  readonly credentials: Credentials;
  readonly folderId: string;
}

/** The server side of a running case. */
export interface CaseTarget {
  readonly target: Target;
  readonly url: string;
  readonly credentials: Credentials;
  readonly folderId: string;
  /** Every call as the server side saw it (absent for a remote server). */
  readonly serverLog: WireLog | undefined;
  /** The replay server's state (mismatching requests, unexpected calls). */
  readonly replay: ReplayState | undefined;
  /** True when the target follows a model script the runner can predict from. */
  readonly predictable: boolean;
  close(): Promise<void>;
}

/** Options for setting up targets. */
export interface TargetOptions {
  readonly fixturesDir: string;
  /** Merged into every emulator the runner starts (the mutation tests' quirks). */
  readonly emulatorOverrides?: Partial<EmulatorOptions>;
  /**
   * Server mode: put a logging proxy on loopback in front of the remote server, so the runner
   * sees the calls of a client it cannot instrument (a subprocess client, issue 11).
   */
  readonly observeRemote?: boolean;
}

/** Reads the replay script of a case: its fixture's exchanges, then its own. */
export function replayExchanges(spec: ReplaySpec, fixturesDir: string): ReplayExchange[] {
  const out: ReplayExchange[] = [];
  if (spec.fixture !== undefined) {
    const file = path.resolve(fixturesDir, spec.fixture);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(
        `cannot read fixture ${spec.fixture} from ${fixturesDir}: ${e instanceof Error ? e.message : e}`,
      );
    }
    out.push(...exchangesFromRecording(data, spec.fixture));
  }
  spec.exchanges?.forEach((x, i) => {
    out.push(validateExchange(x, ["exchanges", i], `exchanges[${i}]`));
  });
  return out;
}

/** The folder id the recorded requests carry, so the client's requests can match them. */
function recordedFolderId(exchanges: readonly ReplayExchange[]): string | undefined {
  for (const x of exchanges) {
    const folderId = (x.request as { folderId?: unknown } | undefined)?.folderId;
    if (typeof folderId === "string" && folderId !== "") return folderId;
  }
  return undefined;
}

async function replayTarget(
  spec: ReplaySpec,
  c: CaseSpec,
  options: TargetOptions,
): Promise<CaseTarget> {
  const exchanges = replayExchanges(spec, options.fixturesDir);
  const serverLog = new WireLog();
  const server = await startReplayServer(
    {
      exchanges,
      checkRequests: spec.checkRequests ?? true,
      ignoreRequestFields: spec.ignoreRequestFields ?? [],
    },
    [serverLog.interceptor],
  );
  return {
    target: "replay",
    url: server.url,
    credentials: { apiKey: `replay-${randomUUID()}` },
    folderId: c.client?.folderId ?? recordedFolderId(exchanges) ?? "b1gconformance",
    serverLog,
    replay: server.state,
    predictable: false,
    close: () => server.close(),
  };
}

async function emulatorTarget(
  spec: EmulatorSpec,
  c: CaseSpec,
  options: TargetOptions,
  target: Target,
): Promise<CaseTarget> {
  // The emulator always requires credentials, so every case also checks that
  // the client authenticates each call.
  const apiKey = `key-${randomUUID()}`;
  const emulatorOptions: EmulatorOptions = {
    model:
      spec.model === undefined || spec.model === "echo"
        ? "echo"
        : (spec.model as EmulatorOptions["model"]),
    auth: spec.auth ?? { apiKey },
    ...(spec.chunkDelayMs !== undefined ? { chunkDelayMs: spec.chunkDelayMs } : {}),
    ...(spec.faults ? { faults: spec.faults } : {}),
    ...(spec.limits ? { limits: spec.limits } : {}),
    ...(spec.files ? { files: spec.files } : {}),
    ...(spec.operationDelayMs !== undefined ? { operationDelayMs: spec.operationDelayMs } : {}),
    ...options.emulatorOverrides,
  };
  const emulator = await startEmulator(emulatorOptions);
  const serverLog = new WireLog();
  let proxy: Awaited<ReturnType<typeof startHost>>;
  try {
    proxy = await startHost(
      createForwardingRoutes(createGrpcTransport({ baseUrl: emulator.url })),
      {
        interceptors: [serverLog.interceptor],
      },
    );
  } catch (e) {
    await emulator.close();
    throw e;
  }
  const credentials: Credentials = spec.auth?.apiKey
    ? { apiKey: spec.auth.apiKey }
    : spec.auth?.iamToken
      ? { iamToken: spec.auth.iamToken }
      : { apiKey };
  return {
    target,
    url: proxy.url,
    credentials,
    folderId: c.client?.folderId ?? "b1gconformance",
    serverLog,
    replay: undefined,
    predictable: true,
    async close() {
      await proxy.close();
      await emulator.close();
    },
  };
}

/** Starts the server side of a case for a target. */
export async function startTarget(
  c: CaseSpec,
  target: Target,
  options: TargetOptions,
  remote?: RemoteServer,
): Promise<CaseTarget> {
  const server = c.server;
  if (target === "replay") {
    if (!("replay" in server)) throw new Error("not a replay case");
    return replayTarget(server.replay, c, options);
  }
  if (!("emulator" in server)) throw new Error("not an emulator case");
  if (target === "server" && remote && options.observeRemote) {
    return observedRemote(remote);
  }
  if (target === "server" && remote) {
    return {
      target,
      url: remote.url,
      credentials: remote.credentials,
      folderId: remote.folderId,
      serverLog: undefined,
      replay: undefined,
      predictable: false,
      close: async () => {},
    };
  }
  const t = await emulatorTarget(server.emulator, c, options, target);
  // Server mode against the embedded emulator: nothing model-specific is expected.
  return target === "server" ? { ...t, predictable: false, close: t.close } : t;
}

/**
 * A remote server behind a logging proxy on loopback: the client under test connects to the
 * proxy in plaintext, the proxy forwards every call (headers included) to the server.
 */
async function observedRemote(remote: RemoteServer): Promise<CaseTarget> {
  const serverLog = new WireLog();
  const proxy = await startHost(
    createForwardingRoutes(createGrpcTransport({ baseUrl: remote.url })),
    { interceptors: [serverLog.interceptor] },
  );
  return {
    target: "server",
    url: proxy.url,
    credentials: remote.credentials,
    folderId: remote.folderId,
    serverLog,
    replay: undefined,
    predictable: false,
    close: () => proxy.close(),
  };
}
