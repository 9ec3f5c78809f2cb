/**
 * Sanitising a server's gRPC status headers before Connect reads them.
 *
 * issue 8, point 6: `grpc-status: 99` became `Internal`, where the gRPC rule for a code out of
 * range is `Unknown`; and an undecodable `grpc-status-details-bin` turned the server's code 3
 * into `DataLoss`, losing the code the server did send. Connect reads both while it parses
 * the response, before any interceptor sees the error, so they are fixed on the response
 * headers and trailers, where they arrive.
 *
 * @module
 */
import { fromBinary } from "@bufbuild/protobuf";
import type { UniversalClientFn, UniversalClientResponse } from "@connectrpc/connect/protocol";
import { StatusSchema } from "@yc-assistants/types/gen/google/rpc/status_pb";
import { passThrough } from "./pass-through.js";

const GRPC_STATUS = "grpc-status";
const GRPC_MESSAGE = "grpc-message";
const DETAILS_BIN = "grpc-status-details-bin";
/** The highest gRPC status code (UNAUTHENTICATED). */
const MAX_CODE = 16;
/** gRPC's UNKNOWN. */
const UNKNOWN = "2";

/** The code of a `grpc-status-details-bin` value, or `undefined` when it does not decode. */
function detailsCode(value: string): number | undefined {
  try {
    // gRPC sends binary headers as base64, padded or not.
    const bytes = Buffer.from(value, "base64");
    if (bytes.length === 0 && value.trim() !== "") return undefined;
    return fromBinary(StatusSchema, bytes).code;
  } catch {
    return undefined;
  }
}

/**
 * Fixes the status headers of one header block in place:
 * - a `grpc-status` that is not a number within 0..16 becomes `2` (UNKNOWN), keeping the
 *   server's message, or saying what the status was when it sent none;
 * - a `grpc-status-details-bin` that does not decode as `google.rpc.Status`, or whose code
 *   differs from a valid `grpc-status` (Connect would take its code instead), is dropped, so
 *   the code and message of `grpc-status` / `grpc-message` stand.
 *
 * @example
 * const h = new Headers({ "grpc-status": "99" });
 * sanitizeGrpcStatus(h);
 * h.get("grpc-status"); // "2"
 */
export function sanitizeGrpcStatus(headers: Headers): void {
  const status = headers.get(GRPC_STATUS);
  const code =
    status !== null && /^\d{1,3}$/.test(status.trim()) ? Number(status.trim()) : Number.NaN;
  const details = headers.get(DETAILS_BIN);
  // Connect prefers the details to grpc-status: they stand only when they decode and say the
  // same code as a valid grpc-status.
  if (details !== null && (detailsCode(details) !== code || !(code >= 0 && code <= MAX_CODE))) {
    headers.delete(DETAILS_BIN);
  }
  if (status === null) return;
  if (code >= 0 && code <= MAX_CODE) return;
  headers.set(GRPC_STATUS, UNKNOWN);
  if (headers.get(GRPC_MESSAGE) === null) {
    headers.set(
      GRPC_MESSAGE,
      encodeURIComponent(`the server sent grpc-status ${status.slice(0, 16)}`),
    );
  }
}

function sanitizeTrailerAtEnd(
  body: AsyncIterable<Uint8Array>,
  trailer: Headers,
): AsyncIterable<Uint8Array> {
  // The trailers are complete once the body is: Connect reads them right after.
  return passThrough(body, { onDone: () => sanitizeGrpcStatus(trailer) });
}

/**
 * Wraps an HTTP client so that every response's status headers and trailers pass through
 * {@link sanitizeGrpcStatus} before Connect's gRPC protocol reads them.
 *
 * @example
 * const httpClient = sanitizingHttpClient(createNodeHttpClient({ httpVersion: "2", sessionProvider }));
 */
export function sanitizingHttpClient(inner: UniversalClientFn): UniversalClientFn {
  return async (request) => {
    const response = await inner(request);
    sanitizeGrpcStatus(response.header);
    const wrapped: UniversalClientResponse = {
      ...response,
      body: sanitizeTrailerAtEnd(response.body, response.trailer),
    };
    return wrapped;
  };
}
