import { Code } from "@connectrpc/connect";

/** gRPC status names (`NOT_FOUND`), the spelling of the spec, the cases and the recordings. */
const NAMES: Record<number, string> = {
  0: "OK",
  [Code.Canceled]: "CANCELLED",
  [Code.Unknown]: "UNKNOWN",
  [Code.InvalidArgument]: "INVALID_ARGUMENT",
  [Code.DeadlineExceeded]: "DEADLINE_EXCEEDED",
  [Code.NotFound]: "NOT_FOUND",
  [Code.AlreadyExists]: "ALREADY_EXISTS",
  [Code.PermissionDenied]: "PERMISSION_DENIED",
  [Code.ResourceExhausted]: "RESOURCE_EXHAUSTED",
  [Code.FailedPrecondition]: "FAILED_PRECONDITION",
  [Code.Aborted]: "ABORTED",
  [Code.OutOfRange]: "OUT_OF_RANGE",
  [Code.Unimplemented]: "UNIMPLEMENTED",
  [Code.Internal]: "INTERNAL",
  [Code.Unavailable]: "UNAVAILABLE",
  [Code.DataLoss]: "DATA_LOSS",
  [Code.Unauthenticated]: "UNAUTHENTICATED",
};

/** The gRPC name of a status code, e.g. `grpcCodeName(Code.NotFound) === "NOT_FOUND"`. */
export function grpcCodeName(code: number): string {
  return NAMES[code] ?? `CODE_${code}`;
}

/**
 * Reads a status code written as a gRPC name (`NOT_FOUND`, also `CANCELED`),
 * a Connect name (`not_found`) or a number; `undefined` when it is none of them.
 */
export function parseGrpcCode(value: string | number): Code | undefined {
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 1 && value <= 16 ? (value as Code) : undefined;
  }
  const upper = value.trim().toUpperCase().replace(/-/g, "_");
  if (upper === "CANCELED") return Code.Canceled;
  for (const [num, name] of Object.entries(NAMES)) {
    if (name === upper && num !== "0") return Number(num) as Code;
  }
  return undefined;
}
