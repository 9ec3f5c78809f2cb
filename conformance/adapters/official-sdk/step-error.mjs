/**
 * A failed SDK call as the protocol's StepError (PROTOCOL.md, "StepResponse": the gRPC status
 * code number and message). grpc-js rejects with a `ServiceError` carrying `code` and `details`;
 * anything else thrown on the way is UNKNOWN (2) with its message.
 */

/** gRPC status codes the adapter raises itself (a wait that timed out or was aborted). */
export const Code = { CANCELLED: 1, UNKNOWN: 2, DEADLINE_EXCEEDED: 4 };

/**
 * An error the adapter raises with a gRPC code, for what a user's own code would report (the
 * SDK has no wait, so the adapter's polling loop is the user's loop).
 */
export class StepFailure extends Error {
  /**
   * @param {number} code a gRPC status code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * The StepError of anything a step threw.
 *
 * @param {unknown} error
 * @returns {{ code: number, message: string }}
 */
export function stepErrorOf(error) {
  if (error instanceof StepFailure) return { code: error.code, message: error.message };
  const failed = /** @type {{ code?: unknown, details?: unknown, message?: unknown }} */ (
    typeof error === "object" && error !== null ? error : {}
  );
  if (typeof failed.code === "number") {
    const message = typeof failed.details === "string" ? failed.details : String(failed.message);
    return { code: failed.code, message };
  }
  return { code: Code.UNKNOWN, message: error instanceof Error ? error.message : String(error) };
}
