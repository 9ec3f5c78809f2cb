/**
 * The gRPC-over-HTTP/2 transport the client builds for an endpoint.
 *
 * It is connect-node's gRPC transport with two changes of issue 8:
 * - a read limit (`readMaxBytes`): Connect allocates the length an envelope header declares,
 *   so without a limit one bad header could make the client allocate 4 GiB; past the limit the
 *   call fails at once with `Code.ResourceExhausted` and is never retried nor resumed;
 * - the server's status headers are sanitised ({@link sanitizingHttpClient}).
 *
 * @module
 */
import type { Transport } from "@connectrpc/connect";
import { createTransport } from "@connectrpc/connect/protocol-grpc";
import {
  compressionBrotli,
  compressionGzip,
  createNodeHttpClient,
  Http2SessionManager,
} from "@connectrpc/connect-node";
import { sanitizingHttpClient } from "./grpc-status-sanitizer.js";

/**
 * The largest response message the client reads by default: 4 MiB, the default receive limit
 * of gRPC implementations (grpc-js, grpcio, grpc-go), so a response the official SDKs can read
 * this client reads too. The service states no limit of its own.
 */
export const DEFAULT_READ_MAX_BYTES = 4 * 1024 * 1024;

/** The largest request message the client sends: no limit of its own (the server's applies). */
const WRITE_MAX_BYTES = 0xffffffff;

/**
 * Builds the transport to `baseUrl`: one HTTP/2 connection, reconnected by connect-node after it
 * fails, binary protobuf, gzip or brotli accepted.
 *
 * @example
 * const transport = createClientGrpcTransport("https://assistant.api.cloud.yandex.net", DEFAULT_READ_MAX_BYTES);
 */
export function createClientGrpcTransport(baseUrl: string, readMaxBytes: number): Transport {
  const sessionManager = new Http2SessionManager(baseUrl);
  const httpClient = sanitizingHttpClient(
    createNodeHttpClient({ httpVersion: "2", sessionProvider: () => sessionManager }),
  );
  return createTransport({
    baseUrl,
    httpClient,
    useBinaryFormat: true,
    interceptors: [],
    sendCompression: null,
    acceptCompression: [compressionGzip, compressionBrotli],
    compressMinBytes: 1024,
    readMaxBytes,
    writeMaxBytes: WRITE_MAX_BYTES,
  });
}
