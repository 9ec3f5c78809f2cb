import { Code, ConnectError } from "@connectrpc/connect";

/**
 * The errors the emulator answers with, in one place so every service words
 * them the same way (issue 4: INVALID_ARGUMENT names the field, NOT_FOUND
 * names the kind and the id).
 */

/** INVALID_ARGUMENT with `message`, e.g. `run_id is required`. */
export function invalidArgument(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}

/** NOT_FOUND naming the kind and the id, e.g. `run fvt… not found`. */
export function notFound(kind: string, id: string): ConnectError {
  return new ConnectError(`${kind} ${id} not found`, Code.NotFound);
}

/** FAILED_PRECONDITION with `message`. */
export function failedPrecondition(message: string): ConnectError {
  return new ConnectError(message, Code.FailedPrecondition);
}

/** RESOURCE_EXHAUSTED with `message`. */
export function resourceExhausted(message: string): ConnectError {
  return new ConnectError(message, Code.ResourceExhausted);
}

/** UNAVAILABLE with `message` (injected faults). */
export function unavailable(message: string): ConnectError {
  return new ConnectError(message, Code.Unavailable);
}

/** The gRPC name of a code, e.g. `INVALID_ARGUMENT`, for log lines. */
export function codeName(code: Code | undefined): string {
  if (code === undefined) return "OK";
  const name = Code[code];
  if (name === undefined) return String(code);
  return name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}
