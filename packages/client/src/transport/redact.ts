/**
 * Keeping secrets out of errors: a set of known secrets, a function that scrubs them from a
 * ConnectError (message, metadata, details), and an interceptor that scrubs every error a
 * server sends back.
 *
 * issue 3, "Transport behaviour": keys and tokens never appear in an error message, a log
 * line or `util.inspect` of the client. A server that echoes the credential it rejected
 * ("invalid api key AQVN...") must not leak it into the caller's logs.
 *
 * @module
 */
import { ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import { passThrough } from "./pass-through.js";

/**
 * What a secret is replaced with, and how objects holding secrets render.
 *
 * @example
 * JSON.stringify(config).includes(REDACTED); // true
 */
export const REDACTED = "[redacted]";

/** Secrets shorter than this are not scrubbed: they would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;
/** Provider-returned tokens are remembered up to this many (oldest forgotten first). */
const MAX_SECRETS = 32;

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * The secrets of one client (configured key/token, values an auth provider returned) and
 * the scrubbing of text that might contain them. The secrets live in a private field and
 * the object renders as `Redactor { [redacted] }` in `util.inspect` and JSON.
 *
 * @example
 * const redactor = new Redactor(["AQVN-secret"]);
 * redactor.redact("bad key AQVN-secret"); // "bad key [redacted]"
 */
export class Redactor {
  /** Insertion order, so the oldest provider token is forgotten first. */
  readonly #secrets: string[] = [];
  /** The same secrets, longest first, so "Api-Key X" is replaced before "X" alone. */
  #longestFirst: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /**
   * Remembers a secret. For an `authorization` value such as `Bearer t0ken` both the whole
   * value and the credential after the scheme are remembered.
   */
  add(secret: string): void {
    const candidates = [secret];
    const space = secret.indexOf(" ");
    if (space > 0) candidates.push(secret.slice(space + 1).trim());
    for (const candidate of candidates) {
      if (candidate.length < MIN_SECRET_LENGTH || this.#secrets.includes(candidate)) continue;
      this.#secrets.push(candidate);
      if (this.#secrets.length > MAX_SECRETS) this.#secrets.shift();
    }
    this.#longestFirst = [...this.#secrets].sort((a, b) => b.length - a.length);
  }

  /** Whether `text` contains any known secret. */
  contains(text: string): boolean {
    return this.#secrets.some((secret) => text.includes(secret));
  }

  /** `text` with every known secret replaced by `[redacted]`. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.#longestFirst) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** Whether `bytes` contain the UTF-8 encoding of any known secret. */
  containsBytes(bytes: Uint8Array): boolean {
    if (this.#secrets.length === 0 || bytes.length === 0) return false;
    const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return this.#secrets.some((secret) => haystack.includes(secret, 0, "utf8"));
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return `Redactor { ${REDACTED} }`;
  }
}

function detailHasSecret(detail: ConnectError["details"][number], redactor: Redactor): boolean {
  if ("desc" in detail) return redactor.contains(JSON.stringify(detail.value, jsonBigint) ?? "");
  if (redactor.containsBytes(detail.value)) return true;
  return detail.debug !== undefined && redactor.contains(JSON.stringify(detail.debug) ?? "");
}

function jsonBigint(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/**
 * Normalises `reason` with `ConnectError.from` and scrubs known secrets from its message,
 * metadata and details. The code is kept. An error that contains no secret is returned as
 * is; otherwise a new ConnectError is built without the original `cause` (which would
 * still hold the secret) and without details that contain it.
 *
 * @example
 * catch (e) { throw redactError(e, redactor); }
 */
export function redactError(reason: unknown, redactor: Redactor): ConnectError {
  const error = ConnectError.from(reason);
  let metadataHasSecret = false;
  error.metadata.forEach((value, key) => {
    if (redactor.contains(value) || redactor.contains(key)) metadataHasSecret = true;
  });
  const causeHasSecret =
    error.cause instanceof Error &&
    (redactor.contains(error.cause.message) || redactor.contains(String(error.cause.stack)));
  const badDetails = error.details.filter((detail) => detailHasSecret(detail, redactor));
  if (
    !redactor.contains(error.rawMessage) &&
    !metadataHasSecret &&
    !causeHasSecret &&
    badDetails.length === 0
  ) {
    return error;
  }
  const metadata = new Headers();
  error.metadata.forEach((value, key) => {
    if (!redactor.contains(key)) metadata.append(key, redactor.redact(value));
  });
  const clean = new ConnectError(redactor.redact(error.rawMessage), error.code, metadata);
  clean.details = error.details.filter((detail) => !badDetails.includes(detail));
  return clean;
}

function redactStream<T>(messages: AsyncIterable<T>, redactor: Redactor): AsyncIterable<T> {
  return passThrough(messages, { mapError: (e) => redactError(e, redactor) });
}

/**
 * An interceptor that scrubs known secrets from every error of the call it wraps: errors
 * thrown when the call starts and errors raised while reading a response stream. It sits
 * next to the network so every other interceptor, and the caller, only sees clean errors.
 *
 * @example
 * const interceptors = [redactInterceptor(redactor)];
 */
export function redactInterceptor(redactor: Redactor): Interceptor {
  return (next) => async (req) => {
    let res: Awaited<ReturnType<typeof next>>;
    try {
      res = await next(req);
    } catch (e) {
      throw redactError(e, redactor);
    }
    if (!res.stream) return res;
    const stream: StreamResponse = { ...res, message: redactStream(res.message, redactor) };
    return stream;
  };
}
