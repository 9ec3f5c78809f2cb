/**
 * The shared shape and factory behind {@link RunStatus} and {@link StreamEvent}.
 *
 * Both enumerations in spec/runs.md ("Run status" and "Stream event type" tables) have the
 * same five derived properties, so one factory builds their frozen singleton members and one
 * lookup maps wire numbers to them.
 *
 * @module
 */

/**
 * The coarse state name of a status member (spec/runs.md, `statusName` column).
 *
 * The Python SDK spells the running name `runnning`; this project says `running` (better).
 */
export type StatusName = "running" | "success" | "failed";

/**
 * One frozen member of a status enumeration (RunStatus or StreamEvent).
 *
 * Why: a plain TypeScript enum has no flags and throws no light on unknown wire values;
 * members carry the spec's flags and compare with `===` because each is a singleton.
 *
 * @example
 * const s = RunStatus.fromProto(4);
 * s === RunStatus.COMPLETED; // true
 * s.isSucceeded && s.isFinished; // true
 * `${s}`; // "COMPLETED"
 */
export interface StatusMember<N extends string = string> {
  /** Member name as in the spec tables, e.g. `"IN_PROGRESS"`. */
  readonly name: N;
  /** Wire value; `-1` for `UNKNOWN`. */
  readonly value: number;
  /** The run is still going (PENDING/IN_PROGRESS, PARTIAL_MESSAGE). */
  readonly isRunning: boolean;
  /** The run finished successfully (COMPLETED/TOOL_CALLS, DONE/TOOL_CALLS). */
  readonly isSucceeded: boolean;
  /** The run failed (FAILED, ERROR). */
  readonly isFailed: boolean;
  /** `isSucceeded || isFailed` (spec/runs.md, below the tables). */
  readonly isFinished: boolean;
  /** `"success"`, `"failed"` or `"running"` (also for UNSPECIFIED and UNKNOWN). */
  readonly statusName: StatusName;
  /** The member name. */
  toString(): N;
  /** The member name, so `JSON.stringify` prints `"COMPLETED"`. */
  toJSON(): N;
}

/**
 * Which of the spec's flags a member has; everything absent is `false`.
 *
 * @example
 * const flags: StatusFlags = { succeeded: true };
 */
export interface StatusFlags {
  /** Sets `isRunning`. */
  readonly running?: boolean;
  /** Sets `isSucceeded` (and so `isFinished`). */
  readonly succeeded?: boolean;
  /** Sets `isFailed` (and so `isFinished`). */
  readonly failed?: boolean;
}

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * Builds one frozen status member.
 *
 * Why: both enumerations share the flag rules of spec/runs.md ("`isFinished` is
 * `isSucceeded || isFailed`"; `statusName` is derived from the flags).
 *
 * @param kind - the enumeration's name, only used by `util.inspect` (`RunStatus.PENDING`)
 * @example
 * const PENDING = defineStatusMember("RunStatus", "PENDING", 1, { running: true });
 */
export function defineStatusMember<N extends string>(
  kind: string,
  name: N,
  value: number,
  flags: StatusFlags = {},
): StatusMember<N> {
  const isRunning = flags.running === true;
  const isSucceeded = flags.succeeded === true;
  const isFailed = flags.failed === true;
  const statusName: StatusName = isFailed ? "failed" : isSucceeded ? "success" : "running";
  const member = {
    name,
    value,
    isRunning,
    isSucceeded,
    isFailed,
    isFinished: isSucceeded || isFailed,
    statusName,
    toString(): N {
      return name;
    },
    toJSON(): N {
      return name;
    },
    [inspectSymbol](): string {
      return `${kind}.${name}`;
    },
  };
  return Object.freeze(member);
}

/**
 * Builds the `fromProto` lookup of an enumeration: known wire values map to their member,
 * every other number (6, 99, -1, 2^31-1, NaN, 1.5) maps to `unknown` and nothing throws
 * (spec/runs.md: "Unknown wire values never throw").
 *
 * @example
 * const fromProto = memberLookup(RunStatus.values(), RunStatus.UNKNOWN);
 * fromProto(99) === RunStatus.UNKNOWN; // true
 */
export function memberLookup<M extends StatusMember>(
  members: readonly M[],
  unknown: M,
): (value: number) => M {
  const byValue = new Map<number, M>();
  for (const member of members) {
    if (member !== unknown) byValue.set(member.value, member);
  }
  return (value: number): M => byValue.get(value) ?? unknown;
}
