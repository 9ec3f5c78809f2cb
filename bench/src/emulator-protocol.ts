/**
 * The IPC messages between the bench and its emulator child
 * ({@link EmulatorProcess} and `emulator-child.ts`).
 */
export type ChildRequest =
  | { type: "clock"; id: number }
  | { type: "cpu"; id: number }
  | { type: "last-listen-write"; id: number };

/** Replies carry the request's id; `ready` comes once, unasked. */
export type ChildReply =
  | { type: "ready"; url: string }
  | { type: "clock"; id: number; value: number }
  | { type: "cpu"; id: number; value: number }
  | { type: "last-listen-write"; id: number; value: number; writes: number };
