/**
 * Replays the requests of recorded real-service sessions against the
 * emulator and checks every response has the recorded shape: the same fields
 * present, the same enum values and texts, the same number of stream events
 * with the same cursors, and ids used consistently (an id the service
 * returned once is the same id wherever it comes back). Only the id values
 * and timestamps differ (issue 4: fields filled "the way the recordings show").
 */
import path from "node:path";
import { fromJson, type JsonValue, toJson } from "@bufbuild/protobuf";
import { createClient, createRouterTransport, type Transport } from "@connectrpc/connect";
import { registry } from "@yc-assistants/types";
import { RunService } from "@yc-assistants/types/runs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EmulatorOptions } from "../src/emulator-options.js";
import { loadModelScript } from "../src/model/load-script.js";
import { createEmulatorRoutes } from "../src/routes.js";
import { findMethod, IdMap, readSession, schemaOf } from "./support/recorded-session.js";

const STEP_MS = 50;
const ID_KEYS = new Set([
  "id",
  "threadId",
  "assistantId",
  "runId",
  "createdBy",
  "updatedBy",
  "defaultMessageAuthorId",
]);
const TIME_KEYS = new Set(["createdAt", "updatedAt", "expiresAt"]);
const STATUS_ORDER = ["PENDING", "IN_PROGRESS", "FAILED", "COMPLETED", "TOOL_CALLS"];

/** Asserts `actual` has the recorded shape; see the file comment. */
function compareShape(recorded: JsonValue, actual: JsonValue, ids: IdMap, at: string): void {
  if (Array.isArray(recorded)) {
    expect(Array.isArray(actual), `${at} should be a list`).toBe(true);
    const list = actual as JsonValue[];
    expect(list.length, `${at} length`).toBe(recorded.length);
    for (const [i, item] of recorded.entries()) {
      compareShape(item, list[i] as JsonValue, ids, `${at}[${i}]`);
    }
    return;
  }
  if (recorded !== null && typeof recorded === "object") {
    expect(
      actual !== null && typeof actual === "object" && !Array.isArray(actual),
      `${at} should be an object`,
    ).toBe(true);
    const object = actual as Record<string, JsonValue>;
    expect(Object.keys(object).sort(), `fields of ${at}`).toEqual(Object.keys(recorded).sort());
    for (const [key, value] of Object.entries(recorded)) {
      const there = object[key] as JsonValue;
      if (ID_KEYS.has(key)) ids.link(value, there, `${at}.${key}`);
      else if (TIME_KEYS.has(key))
        expect(String(there), `${at}.${key}`).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
      else if (key === "message" && typeof value === "string" && at.endsWith(".error")) {
        // The real service prefixes its Java exception class; the text after it is the same.
        expect(there).toBe(value.replace(/^java\.lang\.\w+: /, ""));
      } else compareShape(value, there, ids, `${at}.${key}`);
    }
    if (typeof recorded["createdAt"] === "string" && typeof recorded["expiresAt"] === "string") {
      const ttl = (o: Record<string, JsonValue>) =>
        Date.parse(String(o["expiresAt"])) - Date.parse(String(o["createdAt"]));
      expect(Math.abs(ttl(object) - ttl(recorded)), `${at}: expires_at - created_at`).toBeLessThan(
        1000,
      );
    }
    return;
  }
  expect(actual, at).toEqual(recorded);
}

function statusOf(json: JsonValue): string {
  return String((json as { state?: { status?: string } }).state?.status);
}

async function replay(file: string, options: EmulatorOptions): Promise<number> {
  vi.useFakeTimers();
  const transport: Transport = createRouterTransport(
    createEmulatorRoutes({ chunkDelayMs: STEP_MS, ...options }),
  );
  const { interactions } = readSession(file);
  const ids = new IdMap();
  let compared = 0;
  for (const [index, interaction] of interactions.entries()) {
    const input = schemaOf(interaction.request);
    const method = findMethod(input);
    if (method === undefined) throw new Error(`no method takes ${input.typeName}`);
    const client = createClient(method.parent, transport) as unknown as Record<
      string,
      (request: unknown) => Promise<unknown> | AsyncIterable<unknown>
    >;
    const request = fromJson(input, ids.rewrite(interaction.request.message), { registry });
    const call = client[method.localName]!;
    const at = `${file}#${index} ${method.parent.name}.${method.name}`;
    if (interaction.response_stream !== undefined) {
      const actual: JsonValue[] = [];
      for await (const message of call(request) as AsyncIterable<never>) {
        actual.push(toJson(method.output, message, { registry }));
      }
      compareShape(
        interaction.response_stream.map((r) => r.message),
        actual,
        ids,
        at,
      );
    } else {
      const recorded = interaction.response?.message as JsonValue;
      let actual = toJson(method.output, (await call(request)) as never, { registry });
      if (method.name === "Get" && method.parent.typeName === RunService.typeName) {
        // Polling: let time pass until the run reaches the recorded state.
        for (let step = 0; statusOf(actual) !== statusOf(recorded) && step < 20; step++) {
          expect(
            STATUS_ORDER.indexOf(statusOf(actual)),
            `${at}: went past ${statusOf(recorded)}`,
          ).toBeLessThan(STATUS_ORDER.indexOf(statusOf(recorded)));
          await vi.advanceTimersByTimeAsync(STEP_MS);
          actual = toJson(method.output, (await call(request)) as never, { registry });
        }
      }
      compareShape(recorded, actual, ids, at);
    }
    compared++;
  }
  return compared;
}

const hello = () =>
  loadModelScript(
    path.resolve(path.dirname(new URL(import.meta.url).pathname), "fixtures/hello.json"),
  );

afterEach(() => {
  vi.useRealTimers();
});

describe("recorded sessions replayed against the emulator", () => {
  it("test_run/test_run_stream.json: streamed run, polled, then Listen with 3 events", async () => {
    expect(await replay("test_run/test_run_stream.json", { model: hello() })).toBe(10);
  });

  it("test_run/test_run.json: run polled PENDING → IN_PROGRESS → COMPLETED, Listen with only DONE", async () => {
    expect(await replay("test_run/test_run.json", { model: hello() })).toBeGreaterThan(5);
  });

  it("test_run/test_run_fail.json: max_prompt_tokens 1 fails the run", async () => {
    expect(await replay("test_run/test_run_fail.json", {})).toBeGreaterThan(5);
  });

  it("thread and message sessions", async () => {
    for (const file of [
      "test_threads/test_thread.json",
      "test_threads/test_thread_get.json",
      "test_threads/test_thread_expiration.json",
      "test_threads/test_thread_read_write.json",
      "test_messages/test_message.json",
      "test_messages/test_message_get.json",
      "test_messages/test_message_format.json",
      "test_messages/test_message_list.json",
    ]) {
      expect(await replay(file, {}), file).toBeGreaterThan(1);
    }
  });
});
