import http2 from "node:http2";
import type { EmulatorOptions, FaultCount, Http2ErrorCodeName } from "./emulator-options.js";
import { checkMethodNames } from "./method-names.js";

type Faults = NonNullable<EmulatorOptions["faults"]>;

/** The HTTP/2 error codes faults may send, by name (RFC 9113, section 7). */
export const HTTP2_ERROR_CODES: Readonly<Record<Http2ErrorCodeName, number>> = {
  NO_ERROR: http2.constants.NGHTTP2_NO_ERROR,
  PROTOCOL_ERROR: http2.constants.NGHTTP2_PROTOCOL_ERROR,
  INTERNAL_ERROR: http2.constants.NGHTTP2_INTERNAL_ERROR,
  FLOW_CONTROL_ERROR: http2.constants.NGHTTP2_FLOW_CONTROL_ERROR,
  REFUSED_STREAM: http2.constants.NGHTTP2_REFUSED_STREAM,
  CANCEL: http2.constants.NGHTTP2_CANCEL,
  ENHANCE_YOUR_CALM: http2.constants.NGHTTP2_ENHANCE_YOUR_CALM,
};

/**
 * Checks the transport fault options when the emulator starts, throwing a
 * RangeError that names the bad option (as `checkFaults` does for the
 * others), so a typo fails the test that made it rather than silently
 * injecting nothing.
 */
export function checkTransportFaults(faults: Faults): void {
  checkCount(faults.destroyConnectionAfterBytes, "faults.destroyConnectionAfterBytes");
  checkCount(faults.destroyConnectionAfterEvents, "faults.destroyConnectionAfterEvents");
  if (faults.destroyConnectionMethods !== undefined) {
    checkMethodNames(faults.destroyConnectionMethods, "faults.destroyConnectionMethods");
  }
  const reset = faults.resetStreams;
  if (reset !== undefined) {
    checkObject(reset, "faults.resetStreams", ["rate", "afterEvents", "code", "methods"]);
    checkRate(reset.rate, "faults.resetStreams.rate");
    checkCount(reset.afterEvents, "faults.resetStreams.afterEvents");
    checkCode(reset.code, "faults.resetStreams.code", false);
    if (reset.methods !== undefined) checkMethodNames(reset.methods, "faults.resetStreams.methods");
    if (reset.rate === undefined && reset.afterEvents === undefined) {
      throw new RangeError("faults.resetStreams needs rate or afterEvents");
    }
  }
  const lose = faults.loseResponse;
  if (lose !== undefined) {
    checkObject(lose, "faults.loseResponse", ["methods", "rate", "how", "code"]);
    checkMethodNames(lose.methods, "faults.loseResponse.methods");
    checkRate(lose.rate, "faults.loseResponse.rate");
    if (
      lose.how !== undefined &&
      lose.how !== "reset-stream" &&
      lose.how !== "destroy-connection"
    ) {
      throw new RangeError(
        'faults.loseResponse.how must be "reset-stream" or "destroy-connection"',
      );
    }
    checkCode(lose.code, "faults.loseResponse.code", false);
  }
  const goAway = faults.goAway;
  if (goAway !== undefined) {
    checkObject(goAway, "faults.goAway", ["afterStreams", "rate", "code"]);
    const after = goAway.afterStreams;
    if (after !== undefined && !(Number.isInteger(after) && after >= 1)) {
      throw new RangeError("faults.goAway.afterStreams must be a positive integer");
    }
    checkRate(goAway.rate, "faults.goAway.rate");
    checkCode(goAway.code, "faults.goAway.code", true);
    if (after === undefined && goAway.rate === undefined) {
      throw new RangeError("faults.goAway needs afterStreams or rate");
    }
  }
}

function checkObject(value: unknown, option: string, keys: readonly string[]): void {
  if (typeof value !== "object" || value === null)
    throw new RangeError(`${option} must be an object`);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      throw new RangeError(
        `${option} has an unknown key ${JSON.stringify(key)} (allowed: ${keys.join(", ")})`,
      );
    }
  }
}

function checkRate(rate: unknown, option: string): void {
  if (rate !== undefined && !(typeof rate === "number" && rate >= 0 && rate <= 1)) {
    throw new RangeError(`${option} must be within 0..1`);
  }
}

/**
 * A reset stream never carries NO_ERROR here: a client that gets
 * RST_STREAM(NO_ERROR) before any response waits for it forever.
 */
function checkCode(code: unknown, option: string, noErrorAllowed: boolean): void {
  const names = Object.keys(HTTP2_ERROR_CODES).filter(
    (name) => noErrorAllowed || name !== "NO_ERROR",
  );
  if (code !== undefined && !(typeof code === "string" && names.includes(code))) {
    throw new RangeError(`${option} must be one of ${names.join(", ")}`);
  }
}

const positive = (n: unknown): n is number =>
  typeof n === "number" && Number.isInteger(n) && n >= 1;

function checkCount(count: FaultCount | undefined, option: string): void {
  if (count === undefined || positive(count)) return;
  if (typeof count === "object" && count !== null && positive(count.min) && positive(count.max)) {
    if (count.min <= count.max) return;
  }
  throw new RangeError(
    `${option} must be a positive integer or { min, max } of them with min <= max`,
  );
}
