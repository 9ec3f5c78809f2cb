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
    /**
     * With `unavailableRate`: spare the non-idempotent RPCs (every `Create`
     * and `RunService/Submit`), so a whole flow can run under the rate and
     * every failure is one a client may simply retry.
     */
    unavailableSpareNonIdempotent?: boolean;
    /**
     * Transport fault: after this many bytes of a response body (gRPC
     * envelopes) of a method in `destroyConnectionMethods`, the TCP
     * connection is reset, with every stream on it. A range is drawn per
     * stream from the seeded generator.
     */
    destroyConnectionAfterBytes?: FaultCount;
    /**
     * Transport fault: right after this many messages of a response (events
     * of a Listen or Attach stream) of a method in `destroyConnectionMethods`,
     * the TCP connection is reset. A range is drawn per stream.
     */
    destroyConnectionAfterEvents?: FaultCount;
    /** Methods the two `destroyConnection…` knobs hit, e.g. `["RunService/Listen"]`; default all. */
    destroyConnectionMethods?: string[];
    /** Transport fault: the server resets streams with RST_STREAM. */
    resetStreams?: ResetStreamsFault;
    /** Transport fault: chosen calls are applied, then their response is lost. */
    loseResponse?: LoseResponseFault;
    /** Transport fault: the server sends GOAWAY and closes the connection gracefully. */
    goAway?: GoAwayFault;
  };
  /** RESOURCE_EXHAUSTED past these. */
  limits?: {
    /**
     * Largest request message, in bytes of its binary encoding; default
     * {@link DEFAULT_MAX_MESSAGE_BYTES} (4 MiB). Over HTTP/2 a message whose
     * declared length is larger is refused as soon as its header arrives.
     */
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
  /**
   * Response compression (issue 10): `"none"` (default) never compresses; `"gzip"` gzips
   * messages of 1 KiB and more for clients that accept it. The recordings do not show whether
   * the real service compresses, so the default is what keeps the emulator fastest: gzip cost
   * about a third of a client's time on streams of cumulative partials.
   */
  compression?: "none" | "gzip";
}

/**
 * A count of bytes or events after which a transport fault hits: a fixed
 * number, or a range `{ min, max }` (inclusive) from which every stream draws
 * its own count with the seeded fault generator, so chaos tests cut at
 * random, yet reproducible, offsets.
 *
 * @example
 * startEmulator({ faults: { destroyConnectionAfterBytes: { min: 1, max: 400 }, seed: 7 } });
 */
export type FaultCount = number | { min: number; max: number };

/** An HTTP/2 error code for RST_STREAM / GOAWAY, by its RFC 9113 name. */
export type Http2ErrorCodeName =
  | "NO_ERROR"
  | "PROTOCOL_ERROR"
  | "INTERNAL_ERROR"
  | "FLOW_CONTROL_ERROR"
  | "REFUSED_STREAM"
  | "CANCEL"
  | "ENHANCE_YOUR_CALM";

/** {@link EmulatorOptions.faults}`.resetStreams`: the server sends RST_STREAM. */
export interface ResetStreamsFault {
  /** Fraction 0..1 of calls reset as they arrive, before the handler runs (nothing changes). */
  rate?: number;
  /** Reset a stream right after this many response messages (its handler has run). */
  afterEvents?: FaultCount;
  /**
   * The RST_STREAM code (not `NO_ERROR`); default `INTERNAL_ERROR`.
   * connect-node reports `CANCEL` as `Canceled`, every other code as `Internal`.
   */
  code?: Http2ErrorCodeName;
  /** Methods hit, e.g. `["RunService/Listen"]`; default all. */
  methods?: string[];
}

/** {@link EmulatorOptions.faults}`.loseResponse`: applied, then no response. */
export interface LoseResponseFault {
  /** Methods hit, e.g. `["RunService/Submit"]` (required: losing every response is no test). */
  methods: string[];
  /** Fraction 0..1 of their calls whose response is lost; default 1. */
  rate?: number;
  /**
   * How the response is lost once the handler has run: `"reset-stream"`
   * (default) sends RST_STREAM with `code`; `"destroy-connection"` resets the
   * TCP connection, with every other stream on it.
   */
  how?: "reset-stream" | "destroy-connection";
  /** The RST_STREAM code for `"reset-stream"` (not `NO_ERROR`); default `CANCEL`. */
  code?: Http2ErrorCodeName;
}

/** {@link EmulatorOptions.faults}`.goAway`: GOAWAY, then a graceful close. */
export interface GoAwayFault {
  /** Send GOAWAY after a connection has received this many streams. */
  afterStreams?: number;
  /** Fraction 0..1 of streams after which GOAWAY is sent. */
  rate?: number;
  /** The GOAWAY code; default `NO_ERROR`. */
  code?: Http2ErrorCodeName;
}

/**
 * What happened on the emulator's HTTP/2 connections so far, for chaos tests
 * that must prove a client does not reset streams or get GOAWAYs.
 */
export interface EmulatorStats {
  /** Streams (calls) clients opened. */
  streams: number;
  /** Streams the client ended with RST_STREAM (mostly CANCEL), not counting dropped connections. */
  streamsResetByClient: number;
  /** Streams the server reset because of `faults.resetStreams` or `faults.loseResponse`. */
  streamsResetByFaults: number;
  /** GOAWAY frames the emulator sent (faults and `close()`; not those Node's HTTP/2 layer sends itself). */
  goAwaysSent: number;
  /** TCP connections reset by `destroyConnection…` or `loseResponse` faults. */
  connectionsDestroyed: number;
  /** Responses withheld by `faults.loseResponse` after their call was applied. */
  responsesLost: number;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL for `createGrpcTransport({ baseUrl: url })`, e.g. "http://127.0.0.1:50123". */
  url: string;
  /** Counters of the transport so far (a fresh object on every call). */
  stats(): EmulatorStats;
  /** Stops serving: open streams end, runs stop, the port is released. */
  close(): Promise<void>;
}

/** Default of {@link EmulatorOptions.chunkDelayMs}. */
export const DEFAULT_CHUNK_DELAY_MS = 5;

/**
 * Default of {@link EmulatorOptions.limits.maxMessageBytes}: 4 MiB, gRPC's
 * default receive limit. The recordings and the API sheet state no limit of
 * the real service (issue 8, point 4: "else 4 MiB as gRPC's default").
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
