/**
 * Every recorded session of the real service (both fixture folders), replayed against a fresh
 * emulator over real HTTP/2, with the shape of every response compared with the recording
 * (issue 9, "Fidelity first"; see support/shape-replay.ts for what is compared). It catches
 * lists that end differently from the service's: an empty `next_page_token` on the last page.
 *
 * A session that needs an RPC the emulator does not serve yet (UNIMPLEMENTED) or a message the
 * types lack is skipped, with its reason in the test's name and in the summary printed at the
 * end; it is replayed automatically once the emulator serves it.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, describe, expect, it } from "vitest";
import type { EmulatorOptions } from "../src/emulator-options.js";
import { loadModelScript } from "../src/model/load-script.js";
import { startEmulator } from "../src/server.js";
import { allSessions } from "./support/recorded-session.js";
import { replayShapes, type ShapeReplayOutcome } from "./support/shape-replay.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const script = (name: string) => loadModelScript(path.join(here, "fixtures", name));

/** The model each session needs to take the recorded path (texts are not compared). */
function optionsFor(label: string): EmulatorOptions {
  // One pause per run step: long enough that polls right after each other see the same state.
  const base: EmulatorOptions = { chunkDelayMs: 60 };
  if (label.includes("test_sync_function_call")) {
    return { ...base, model: script("function-call.yaml") };
  }
  if (label.includes("test_run/")) return { ...base, model: script("hello.json") };
  return base;
}

/** Sessions that must replay (their RPCs are all served today): a guard against skipping all. */
const MUST_REPLAY = [
  "yandex-recorded/test_assistants/test_assistant_list.json",
  "yandex-recorded/test_threads/test_thread_list.json",
  "yandex-recorded/test_messages/test_message_list.json",
  "yandex-recorded/test_run/test_run.json",
];

/**
 * The files and search-index sessions are replayed by `recorded-files.e2e.test.ts`, which polls
 * their operations to done (their timing is the emulator's) and knows the endpoint map of each
 * recording (the recordings list 111 or 112 endpoints; the emulator serves their union).
 */
const FILES_FOLDER = "yandex-recorded-files/";
const everySession = allSessions();
const sessions = everySession.filter((s) => !s.label.startsWith(FILES_FOLDER));
const outcomes = new Map<string, ShapeReplayOutcome>();

afterAll(() => {
  const skipped = [...outcomes].filter(([, o]) => o.kind === "skipped");
  const replayed = outcomes.size - skipped.length;
  const lines = skipped.map(([label, o]) => `  ${label}: ${o.kind === "skipped" ? o.reason : ""}`);
  const notes = [...outcomes.values()].flatMap((o) => (o.kind === "replayed" ? o.notes : []));
  console.info(
    `recorded sessions replayed over HTTP/2: ${replayed}; skipped ${skipped.length}:\n${lines.join("\n")}\nnotes:\n  ${notes.join("\n  ")}`,
  );
});

describe("recorded sessions replayed over HTTP/2 have the recorded shape", () => {
  it("finds the sessions of both folders", () => {
    expect(sessions.map((s) => s.label)).toEqual(expect.arrayContaining(MUST_REPLAY));
    expect(everySession.some((s) => s.label.startsWith(FILES_FOLDER))).toBe(true);
  });

  for (const session of sessions) {
    it(session.label, async (context) => {
      const emulator = await startEmulator(optionsFor(session.label));
      let outcome: ShapeReplayOutcome;
      try {
        outcome = await replayShapes(session, createGrpcTransport({ baseUrl: emulator.url }));
      } finally {
        await emulator.close();
      }
      outcomes.set(session.label, outcome);
      if (outcome.kind === "skipped") {
        expect(MUST_REPLAY, `${session.label} must replay: ${outcome.reason}`).not.toContain(
          session.label,
        );
        context.skip(outcome.reason);
        return;
      }
      expect(outcome.calls).toBe(session.interactions.length);
    });
  }
});
