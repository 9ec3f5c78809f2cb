import type { Model, ModelScript } from "./model/model.js";

/**
 * How to start an emulator (contracts, "@yc-assistants/emulator"). Every
 * field is optional: `startEmulator()` serves the echo model on a free
 * loopback port without auth or faults.
 */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default "127.0.0.1". */
  host?: string;
  /** "echo" (default), a script, or your own {@link Model}. */
  model?: "echo" | ModelScript | Model;
  /** Path of a JSON or YAML {@link ModelScript} (the CLI's `--script`); wins over `model`. */
  scriptFile?: string;
  /**
   * When set, calls without `authorization: Api-Key <apiKey>` or
   * `authorization: Bearer <iamToken>` get UNAUTHENTICATED.
   */
  auth?: { apiKey?: string; iamToken?: string };
  /** Pause between run steps and streamed chunks, in ms; default 5. */
  chunkDelayMs?: number;
  /** Fault injection for tests of retries and resumption. */
  faults?: {
    /** Listen/Attach streams end with UNAVAILABLE after sending N events (each new stream again). */
    cutStreamAfterEvents?: number;
    /** Fraction 0..1 of unary calls answered UNAVAILABLE (seeded, deterministic). */
    unavailableRate?: number;
    /** Seed of the fault generator; default 1. */
    seed?: number;
    /** Delay before every response, in ms. */
    delayMs?: number;
  };
  /** RESOURCE_EXHAUSTED past these. */
  limits?: {
    /** Largest request message, in bytes of its binary encoding. */
    maxMessageBytes?: number;
    /** Most runs kept at once (runs of deleted threads are dropped). */
    maxRuns?: number;
  };
  /** Deliberate bugs, ONLY for conformance mutation tests. */
  quirks?: {
    /** Submit is accepted (and ignored) when the run is not in TOOL_CALLS. */
    submitInAnyState?: boolean;
    /** Listen/Attach always restart from event 0. */
    ignoreEventsStartIdx?: boolean;
  };
  /** Not needed: folders are implicit, any folder id works. */
  folderId?: string;
  /** Receives one line per call, e.g. `RunService/Create OK 2ms` (no secrets). */
  log?: (line: string) => void;
  /** FileService (issue 9). */
  files?: {
    /**
     * Largest file content, in bytes; CreateFile with more is
     * RESOURCE_EXHAUSTED. Default 128 MiB (Yandex Cloud documents 128 MB per file).
     */
    maxBytes?: number;
  };
  /**
   * Pause, in ms, before the work of a long-running operation (search index
   * creation, BatchCreate of index files) runs; default 20. The operation is
   * done at the first OperationService.Get after that work AND after an
   * earlier Get (as recorded, the first poll always finds it running).
   */
  operationDelayMs?: number;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL for `createGrpcTransport({ baseUrl: url })`, e.g. "http://127.0.0.1:50123". */
  url: string;
  /** Stops serving: open streams end, runs stop, the port is released. */
  close(): Promise<void>;
}

/** Default of {@link EmulatorOptions.chunkDelayMs}. */
export const DEFAULT_CHUNK_DELAY_MS = 5;
