import type { StatusMember, StatusName } from "./status-member.js";

/**
 * The status helpers that {@link RunResult} and {@link RunStreamEvent} share: each reads the
 * flag of its `status` member, so a result or an event answers `isSucceeded` etc. directly, as
 * the Python SDK's result types do (spec/runs.md, "RunResult" and "RunStreamEvent": "plus the
 * status helpers").
 *
 * @example
 * if (result.isFailed) console.error(result.error?.message);
 */
export abstract class StatusView<M extends StatusMember> {
  /** The status member the helpers read. */
  abstract readonly status: M;

  /** `status.isRunning`. */
  get isRunning(): boolean {
    return this.status.isRunning;
  }

  /** `status.isSucceeded`. */
  get isSucceeded(): boolean {
    return this.status.isSucceeded;
  }

  /** `status.isFailed`. */
  get isFailed(): boolean {
    return this.status.isFailed;
  }

  /** `status.isFinished`: succeeded or failed. */
  get isFinished(): boolean {
    return this.status.isFinished;
  }

  /** `status.statusName`: "running", "success" or "failed". */
  get statusName(): StatusName {
    return this.status.statusName;
  }
}
