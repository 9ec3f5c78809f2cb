/**
 * Replays the requests of the recorded files / search-index sessions
 * (`yandex-recorded-files/`, issue 9) against the emulator and checks every
 * response has the recorded shape: the same fields present, the same
 * values except ids (linked: an id the service returned once is the same id
 * wherever it comes back), timestamps, download URLs and endpoint addresses
 * (the emulator's own). Operations are polled as recorded: the first Get
 * finds them running, the second done with the recorded `response`.
 *
 * `test_file_list.json` and `test_search_index_list.json` list files and
 * indexes left in the recorded folder by earlier sessions: the replay first
 * creates them (same names, labels, types; oldest first), so the lists page
 * over the same items in the same order.
 *
 * Page tokens: the recordings show the real service's paging (a non-empty
 * `next_page_token` on every non-empty page, then an empty page); the
 * emulator pages the same way, and the replay compares it strictly.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type DescMessage,
  type DescMethod,
  fromJson,
  type JsonObject,
  type JsonValue,
  toJson,
} from "@bufbuild/protobuf";
import { createClient, createRouterTransport, type Transport } from "@connectrpc/connect";
import { registry } from "@yc-assistants/types";
import { AssistantService } from "@yc-assistants/types/assistants";
import { ApiEndpointService } from "@yc-assistants/types/endpoint";
import { FileService } from "@yc-assistants/types/files";
import { OperationService } from "@yc-assistants/types/operation";
import { RunService } from "@yc-assistants/types/runs";
import { SearchIndexFileService, SearchIndexService } from "@yc-assistants/types/searchindex";
import { MessageService, ThreadService } from "@yc-assistants/types/threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Model, ModelTurn } from "../src/model/model.js";
import { createEmulatorRoutes } from "../src/routes.js";
import { seedRecordedFolder } from "./support/seed-recorded-folder.js";

interface Recorded {
  cls: string;
  module: string;
  message: JsonValue;
}
interface Interaction {
  request: Recorded;
  response?: Recorded;
}

const STEP_MS = 50;
const SERVICES = [
  AssistantService,
  ThreadService,
  MessageService,
  RunService,
  FileService,
  SearchIndexService,
  SearchIndexFileService,
  OperationService,
  ApiEndpointService,
];
const ID_KEYS = new Set([
  "id",
  "threadId",
  "assistantId",
  "runId",
  "createdBy",
  "updatedBy",
  "defaultMessageAuthorId",
  "searchIndexId",
  "nextPageToken",
]);
const TIME_KEYS = new Set(["createdAt", "updatedAt", "expiresAt", "modifiedAt"]);
const STATUS_ORDER = ["PENDING", "IN_PROGRESS", "FAILED", "COMPLETED", "TOOL_CALLS"];

function filesFixturesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return (
    process.env["YC_FILES_FIXTURES_DIR"] ??
    path.resolve(here, "../../../../shared/fixtures/yandex-recorded-files")
  );
}

function schemaOf(recorded: Recorded): DescMessage {
  const pkg = recorded.module.replace(/\.[a-z_]+_pb2$/, "");
  const schema = registry.getMessage(`${pkg}.${recorded.cls}`);
  if (schema === undefined) throw new Error(`no schema for ${pkg}.${recorded.cls}`);
  return schema;
}

function methodFor(input: DescMessage): DescMethod {
  for (const service of SERVICES) {
    for (const method of service.methods) {
      if (method.input.typeName === input.typeName) return method;
    }
  }
  throw new Error(`no method takes ${input.typeName}`);
}

/** Recorded ids ↔ emulator ids, learnt from the responses. */
class IdMap {
  readonly #toActual = new Map<string, string>();
  readonly #toRecorded = new Map<string, string>();

  link(recorded: JsonValue, actual: JsonValue, at: string): void {
    expect(typeof actual, `${at} should be a string`).toBe("string");
    const known = this.#toActual.get(recorded as string);
    if (known === undefined) {
      expect(this.#toRecorded.has(actual as string), `${at}: ${actual} stands for two ids`).toBe(
        false,
      );
      this.#toActual.set(recorded as string, actual as string);
      this.#toRecorded.set(actual as string, recorded as string);
    } else {
      expect(actual, `${at} should be the id returned for ${recorded} before`).toBe(known);
    }
  }

  /** A recorded text with every known recorded id (also inside it) replaced. */
  rewriteText(text: string): string {
    let out = this.#toActual.get(text) ?? text;
    for (const [recorded, actual] of this.#toActual)
      out = out.replaceAll(`<${recorded}>`, `<${actual}>`);
    return out;
  }

  has(recorded: string): boolean {
    return this.#toActual.has(recorded);
  }

  rewrite(value: JsonValue): JsonValue {
    if (typeof value === "string") return this.#toActual.get(value) ?? value;
    if (Array.isArray(value)) return value.map((item) => this.rewrite(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.rewrite(v)]));
    }
    return value;
  }
}

function compareShape(
  recorded: JsonValue,
  actual: JsonValue,
  ids: IdMap,
  at: string,
  inCitation = false,
  seeded: ReadonlySet<string> = new Set(),
): void {
  if (Array.isArray(recorded)) {
    expect(Array.isArray(actual), `${at} should be a list`).toBe(true);
    const list = actual as JsonValue[];
    expect(list.length, `${at} length`).toBe(recorded.length);
    recorded.forEach((item, i) => {
      compareShape(item, list[i] as JsonValue, ids, `${at}[${i}]`, inCitation, seeded);
    });
    return;
  }
  if (recorded !== null && typeof recorded === "object") {
    expect(
      actual !== null && typeof actual === "object" && !Array.isArray(actual),
      `${at} should be an object`,
    ).toBe(true);
    const object = actual as JsonObject;
    expect(Object.keys(object).sort(), `fields of ${at}`).toEqual(Object.keys(recorded).sort());
    for (const [key, value] of Object.entries(recorded)) {
      const there = object[key] as JsonValue;
      if (ID_KEYS.has(key)) ids.link(value, there, `${at}.${key}`);
      else if (TIME_KEYS.has(key)) {
        expect(String(there), `${at}.${key}`).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
      } else if (key === "url") {
        // Object storage's signed URL in the recording; the emulator's own here.
        expect(String(there), `${at}.url`).toMatch(
          /^http:\/\/[^/]+\/emulator\/files\/fvt\w+\?expires=\d+&signature=[0-9a-f]{64}$/,
        );
      } else {
        compareShape(value, there, ids, `${at}.${key}`, inCitation || key === "citations", seeded);
      }
    }
    // Inside citations the embedded index's expiry moved with the real
    // service's clock between calls, which a replay does not reproduce.
    // A seeded resource's history (when it was last used) is not replayed either.
    if (
      !inCitation &&
      !seeded.has(String(recorded["id"])) &&
      typeof recorded["createdAt"] === "string" &&
      typeof recorded["expiresAt"] === "string"
    ) {
      const ttl = (o: JsonObject) =>
        Date.parse(String(o["expiresAt"])) - Date.parse(String(o["createdAt"]));
      expect(Math.abs(ttl(object) - ttl(recorded)), `${at}: expires_at - created_at`).toBeLessThan(
        1000,
      );
    }
    return;
  }
  // Known ids also appear as plain values (search_index_ids) and inside texts
  // (`indexing files for search index <id>`).
  expect(actual, at).toEqual(typeof recorded === "string" ? ids.rewriteText(recorded) : recorded);
}

function statusOf(json: JsonValue): string {
  return String((json as { state?: { status?: string } }).state?.status);
}

/** The answers the real model gave in the recording, in order, with its token counts. */
function recordedAnswers(interactions: Interaction[]): Model {
  const answers: ModelTurn[] = [];
  const seen = new Set<string>();
  for (const { response } of interactions) {
    const run = response?.message as {
      state?: { status?: string; completedMessage?: { id: string; content: JsonValue } };
      usage?: { promptTokens: string; completionTokens: string };
    };
    const message = run?.state?.completedMessage;
    if (response?.cls !== "Run" || message === undefined || seen.has(message.id)) continue;
    seen.add(message.id);
    const text = (message.content as { content: { text: { content: string } }[] }).content[0]?.text
      .content;
    answers.push({
      text: text ?? "",
      usage: {
        promptTokens: Number(run.usage?.promptTokens ?? 0),
        completionTokens: Number(run.usage?.completionTokens ?? 0),
      },
    });
  }
  let next = 0;
  return { respond: () => answers[next++] ?? { text: "" } };
}

async function replay(file: string): Promise<number> {
  vi.useFakeTimers();
  const { interactions } = JSON.parse(
    readFileSync(path.join(filesFixturesDir(), file), "utf8"),
  ) as {
    interactions: Interaction[];
  };
  const transport: Transport = createRouterTransport(
    createEmulatorRoutes({
      chunkDelayMs: STEP_MS,
      operationDelayMs: STEP_MS / 2,
      model: recordedAnswers(interactions),
    }),
  );
  const ids = new IdMap();
  const seeded = new Set<string>();
  await seedRecordedFolder(
    transport,
    interactions,
    (recorded, actual) => {
      ids.link(recorded, actual, `seeded ${recorded}`);
      seeded.add(recorded);
    },
    () => vi.advanceTimersByTimeAsync(STEP_MS),
  );
  let compared = 0;
  for (const [index, interaction] of interactions.entries()) {
    const input = schemaOf(interaction.request);
    const method = methodFor(input);
    const at = `${file}#${index} ${method.parent.name}.${method.name}`;
    const recordedRequest = interaction.request.message as JsonObject;
    const client = createClient(method.parent, transport) as unknown as Record<
      string,
      (request: unknown) => Promise<unknown>
    >;
    const request = fromJson(input, ids.rewrite(recordedRequest), { registry });
    const call = client[method.localName]!;
    if (method.parent.typeName === OperationService.typeName) {
      // Time passes between polls, as it did when recording.
      await vi.advanceTimersByTimeAsync(STEP_MS);
    }
    const recorded = structuredClone(interaction.response?.message ?? {}) as JsonObject;
    let actual = toJson(method.output, (await call(request)) as never, { registry }) as JsonObject;
    if (method.parent.typeName === RunService.typeName && method.name === "Get") {
      for (let step = 0; statusOf(actual) !== statusOf(recorded) && step < 20; step++) {
        expect(
          STATUS_ORDER.indexOf(statusOf(actual)),
          `${at}: went past ${statusOf(recorded)}`,
        ).toBeLessThan(STATUS_ORDER.indexOf(statusOf(recorded)));
        await vi.advanceTimersByTimeAsync(STEP_MS);
        actual = toJson(method.output, (await call(request)) as never, { registry }) as JsonObject;
      }
      if (statusOf(recorded) === "IN_PROGRESS" && actual["usage"] === undefined) {
        // The real service reports the usage of its function-calling round
        // while still running; the emulator's model answers in one round.
        delete recorded["usage"];
      }
    }
    if (method.parent.typeName === ApiEndpointService.typeName) {
      // Every recorded id answers, each at the emulator's own address.
      const endpoints = (actual["endpoints"] ?? []) as { id: string; address: string }[];
      const recordedIds = ((recorded["endpoints"] ?? []) as { id: string }[]).map((e) => e.id);
      expect(endpoints.map((e) => e.id).sort(), at).toEqual(expect.arrayContaining(recordedIds));
      expect(new Set(endpoints.map((e) => e.address)).size, at).toBe(1);
      compared++;
      continue;
    }
    compareShape(recorded, actual, ids, at, false, seeded);
    compared++;
  }
  return compared;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("recorded files and search-index sessions replayed against the emulator", () => {
  it.each([
    ["test_files/test_file.json", 8],
    ["test_files/test_file_deleted.json", 3],
    ["test_files/test_file_get.json", 4],
    ["test_search_indexes/test_search_index.json", 14],
    ["test_search_indexes/test_hybrid_search_index.json", 5],
    ["test_search_indexes/test_call_strategy_search_index.json", 26],
  ])("%s", async (file, count) => {
    expect(await replay(file)).toBe(count);
  });

  it("list sessions over files and indexes left by earlier sessions", async () => {
    expect(await replay("test_files/test_file_list.json")).toBe(66);
    expect(await replay("test_search_indexes/test_search_index_list.json")).toBe(61);
  });

  it("test_search_indexes/test_add_to_search_index.json", async () => {
    expect(await replay("test_search_indexes/test_add_to_search_index.json")).toBe(13);
  });
});
