/**
 * Interleaved timing of two codec operations (issue 10: "the two clients interleaved A B A B,
 * medians and the ratio per pair"): each repetition times A then B (B then A on odd
 * repetitions), each as a loop over its batch sized to take about `targetMs` of CPU, and
 * reports the median CPU ns per message of each and the median of the per-repetition speed
 * ratios.
 *
 * @module
 */
import { collectGarbage, median } from "../stats.js";

/** How long and how often to measure. */
export interface TimingOptions {
  /** Repetitions (pairs); the medians are over these. */
  reps: number;
  /** Rough CPU time of one timed loop, in ms (the batch is repeated to fill it). */
  targetMs: number;
}

/** The result of one pair of operations. */
export interface PairTiming {
  /** Median CPU ns per message, A (ours). */
  oursNs: number;
  /** Median CPU ns per message, B (the peer). */
  peerNs: number;
  /** Median of per-repetition `peerNs / oursNs`: ours' speed as a multiple of the peer's. */
  speed: number;
}

/** One operation over a batch: runs every message once, returns how many it ran. */
export type BatchOp = () => number;

/**
 * This process's CPU time (user + system) in µs. CPU time, not wall time: the bench machine
 * is shared (2 cores, other processes running), and a wall clock would count their turns.
 */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function loopNs(op: BatchOp, rounds: number): number {
  let count = 0;
  const t0 = cpuMicros();
  for (let i = 0; i < rounds; i++) count += op();
  return ((cpuMicros() - t0) * 1000) / count;
}

/** Runs `op` for about `ms` of CPU: the JIT's tier-up happens here, not in a timed loop. */
export function warmUp(op: BatchOp, ms: number): void {
  const t0 = cpuMicros();
  do op();
  while (cpuMicros() - t0 < ms * 1000);
}

/** Batch repetitions so one loop of `op` takes about `targetMs` of CPU (after a warm-up). */
function roundsFor(op: BatchOp, targetMs: number): number {
  warmUp(op, targetMs);
  const t0 = cpuMicros();
  let rounds = 0;
  while (cpuMicros() - t0 < targetMs * 100) {
    op();
    rounds++;
  }
  // The loop above ran for a tenth of the target.
  return Math.max(1, rounds * 10);
}

/**
 * Times `ours` against `peer`, interleaved.
 *
 * @example
 * timePair(() => decodeAllOurs(), () => decodeAllTheirs(), { reps: 7, targetMs: 50 });
 */
export function timePair(ours: BatchOp, peer: BatchOp, options: TimingOptions): PairTiming {
  const oursRounds = roundsFor(ours, options.targetMs);
  const peerRounds = roundsFor(peer, options.targetMs);
  const a: number[] = [];
  const b: number[] = [];
  const speeds: number[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    collectGarbage();
    let oursNs: number;
    let peerNs: number;
    if (rep % 2 === 0) {
      oursNs = loopNs(ours, oursRounds);
      peerNs = loopNs(peer, peerRounds);
    } else {
      peerNs = loopNs(peer, peerRounds);
      oursNs = loopNs(ours, oursRounds);
    }
    a.push(oursNs);
    b.push(peerNs);
    speeds.push(peerNs / oursNs);
  }
  return { oursNs: median(a), peerNs: median(b), speed: median(speeds) };
}
