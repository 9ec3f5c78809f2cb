/**
 * Wall-clock time in milliseconds with sub-millisecond resolution, comparable
 * between processes of one machine (`performance.timeOrigin` is the process's
 * start on the system clock). The wait-latency row subtracts the emulator
 * child's time of the final event from the bench process's time of the
 * result, after correcting the small offset measured over IPC.
 *
 * @example
 * const t = wallNow(); // 1764598360123.456
 */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
