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

/** NOT_FOUND naming the kind and the id, e.g. `run fvt… not found` (a long id is cut). */
export function notFound(kind: string, id: string): ConnectError {
  return new ConnectError(`${kind} ${quoteInput(id, { quote: false })} not found`, Code.NotFound);
}

/** How many characters of a client-supplied value an error message quotes. */
export const QUOTED_INPUT_MAX_CHARS = 64;

/**
 * A client-supplied value (an id, a page token, a name) as an error message
 * quotes it: whole when short, else its first {@link QUOTED_INPUT_MAX_CHARS}
 * characters and the note that it was cut. Every error that repeats a request
 * value goes through here, so a 100 KB id cannot blow the `grpc-message`
 * trailer past what clients accept and turn NOT_FOUND into INTERNAL (issue 8,
 * point 5).
 *
 * @example
 * quoteInput("abc"); // '"abc"'
 * quoteInput("x".repeat(70000)); // '"xxx…x…" (cut, 70000 chars)'
 * quoteInput("fvt123", { quote: false }); // 'fvt123' (ids read better bare)
 */
export function quoteInput(value: string, options: { quote?: boolean } = {}): string {
  const quote = options.quote ?? true;
  if (value.length <= QUOTED_INPUT_MAX_CHARS) return quote ? JSON.stringify(value) : value;
  let prefix = value.slice(0, QUOTED_INPUT_MAX_CHARS);
  // Never end on half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(prefix)) prefix = prefix.slice(0, -1);
  return `${JSON.stringify(`${prefix}…`)} (cut, ${value.length} chars)`;
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
