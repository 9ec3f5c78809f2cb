/**
 * Proof 1 of issue 2: every request, response and stream message the real
 * service exchanged (the recorded fixtures) parses with our schemas, unknown
 * fields being an error, and writes back the same proto3 JSON and stable bytes.
 * Issue 9 adds the second folder (files, search indexes, operations, endpoint
 * discovery); the `Any` in a done Operation is read with the registry.
 */
import {
  equals,
  fromBinary,
  fromJson,
  type JsonObject,
  type JsonValue,
  toBinary,
  toJson,
} from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import { CreateAssistantRequestSchema } from "../src/assistants.js";
import { type Operation, OperationSchema } from "../src/operation.js";
import { registry } from "../src/registry.js";
import { BatchCreateSearchIndexFileResponseSchema, SearchIndexSchema } from "../src/searchindex.js";
import { CreateMessageRequestSchema } from "../src/threads.js";
import { canonicalJson, canonicalTimestamp } from "./support/canonical-json.js";
import { fixtureDirs } from "./support/paths.js";
import {
  listFixtureFiles,
  type RecordedMessage,
  readRecordedMessages,
  recordedTypeName,
} from "./support/recorded-traffic.js";

/**
 * The fixture files the two recordings READMEs describe: 18 sessions in 5
 * areas of `yandex-recorded`, 9 in 2 areas of `yandex-recorded-files`.
 */
const EXPECTED_FIXTURE_COUNT = 18 + 9;

const files = listFixtureFiles();

describe("recorded fixtures", () => {
  test(`the fixture directory holds all ${EXPECTED_FIXTURE_COUNT} sessions`, () => {
    // Guards against a vacuous pass: test.each over an empty list runs nothing.
    expect(files, `fixtures read from ${fixtureDirs.join(", ")}`).toHaveLength(
      EXPECTED_FIXTURE_COUNT,
    );
    expect(files).toContain("yandex-recorded/test_run/test_run_stream.json");
    expect(files).toContain("yandex-recorded/test_function_call/test_sync_function_call.json");
    expect(files).toContain("yandex-recorded-files/test_files/test_file.json");
    expect(files).toContain(
      "yandex-recorded-files/test_search_indexes/test_call_strategy_search_index.json",
    );
  });

  test("module + cls resolve to proto names", () => {
    expect(
      recordedTypeName("yandex.cloud.ai.assistants.v1.runs.run_service_pb2", "StreamEvent"),
    ).toBe("yandex.cloud.ai.assistants.v1.runs.StreamEvent");
    expect(recordedTypeName("yandex.cloud.ai.common.common_pb2", "Error")).toBe(
      "yandex.cloud.ai.common.Error",
    );
    expect(() => recordedTypeName("run_service", "Run")).toThrow(/unexpected recorded module/);
  });
});

describe("JSON and binary round trip of every recorded message", () => {
  test.each(files)("%s", (file) => {
    const messages = readRecordedMessages(file);
    expect(messages.length, `${file} holds no messages`).toBeGreaterThan(0);
    for (const recorded of messages) {
      checkRoundTrip(recorded);
    }
  });
});

function checkRoundTrip({ file, where, schema, json }: RecordedMessage): void {
  const label = `${file} ${where} (${schema.typeName})`;
  // ignoreUnknownFields: false — a field our schema lacks is an error, never dropped.
  // The registry resolves the `@type` of an Any (Operation.response).
  const message = fromJson(schema, json, { ignoreUnknownFields: false, registry });
  expect(
    toJson(schema, message, { registry }),
    `${label}: toJson differs from the recording`,
  ).toEqual(canonicalJson(schema, json, registry));
  const bytes = toBinary(schema, message);
  const decoded = fromBinary(schema, bytes, { readUnknownFields: true });
  expect(equals(schema, decoded, message), `${label}: binary round trip changed the message`).toBe(
    true,
  );
  expect(toBinary(schema, decoded), `${label}: re-encoding is not stable`).toEqual(bytes);
}

/** The done Operations of one files-folder recording, decoded with the registry. */
function doneOperations(file: string): Operation[] {
  return readRecordedMessages(`yandex-recorded-files/${file}`)
    .filter((m) => m.typeName === OperationSchema.typeName)
    .map((m) => fromJson(OperationSchema, m.json, { ignoreUnknownFields: false, registry }))
    .filter((op) => op.done);
}

describe("the Any in a done Operation (issue 9)", () => {
  test("SearchIndexService.Create: the SearchIndex unpacks with the registry", () => {
    const ops = doneOperations("test_search_indexes/test_search_index.json");
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops) {
      if (op.result.case !== "response") throw new Error(`operation ${op.id} has no response`);
      const index = anyUnpack(op.result.value, registry);
      expect(index?.$typeName).toBe(SearchIndexSchema.typeName);
      expect(anyUnpack(op.result.value, SearchIndexSchema)?.id).toMatch(/^fvt/);
    }
  });

  test("SearchIndexFileService.BatchCreate: the BatchCreateSearchIndexFileResponse unpacks", () => {
    const [op] = doneOperations("test_search_indexes/test_add_to_search_index.json").filter(
      (o) =>
        o.result.case === "response" &&
        o.result.value.typeUrl.endsWith(BatchCreateSearchIndexFileResponseSchema.typeName),
    );
    expect(op).toBeDefined();
    if (op?.result.case !== "response") throw new Error("no response");
    const unpacked = anyUnpack(op.result.value, BatchCreateSearchIndexFileResponseSchema);
    expect(unpacked?.files.length).toBeGreaterThan(0);
    expect(unpacked?.files[0]?.searchIndexId).toMatch(/^fvt/);
    // The same Any, unpacked through the registry, is the same message.
    const viaRegistry = anyUnpack(op.result.value, registry);
    expect(viaRegistry?.$typeName).toBe(BatchCreateSearchIndexFileResponseSchema.typeName);
  });

  test("without a registry an Any cannot be read, so the registry is what decodes it", () => {
    const [recorded] = readRecordedMessages(
      "yandex-recorded-files/test_search_indexes/test_search_index.json",
    ).filter(
      (m) => m.typeName === OperationSchema.typeName && (m.json as JsonObject)["done"] === true,
    );
    expect(recorded).toBeDefined();
    expect(() => fromJson(OperationSchema, recorded!.json)).toThrow(/SearchIndex/);
    expect(() => canonicalJson(OperationSchema, recorded!.json)).toThrow(/needs a registry/);
  });
});

describe("the normalisation is no wider than the JSON mapping", () => {
  test("a wrapper holding 0 survives (test_assistant_zeros: temperature 0.0)", () => {
    const zeros = readRecordedMessages("yandex-recorded/test_assistants/test_assistant_zeros.json");
    const withZero = zeros.filter(
      (m) =>
        m.typeName === "yandex.cloud.ai.assistants.v1.Assistant" &&
        ((m.json as JsonObject)["completionOptions"] as JsonObject | undefined)?.["temperature"] ===
          0,
    );
    expect(withZero.length).toBeGreaterThan(0);
    for (const m of withZero) {
      const out = toJson(m.schema, fromJson(m.schema, m.json)) as JsonObject;
      expect((out["completionOptions"] as JsonObject)["temperature"]).toBe(0);
    }
  });

  test("unknown fields are an error, not ignored", () => {
    const [first] = readRecordedMessages("yandex-recorded/test_run/test_run.json");
    expect(first).toBeDefined();
    const json = { ...(first!.json as JsonObject), notInTheSchema: 1 };
    expect(() => fromJson(first!.schema, json, { ignoreUnknownFields: false })).toThrow(
      /notInTheSchema/,
    );
    expect(() => canonicalJson(first!.schema, json)).toThrow(/unknown field notInTheSchema/);
  });

  test("timestamps: only the fraction digits and the offset are normalised", () => {
    expect(canonicalTimestamp("2025-04-07T14:42:54.241898Z")).toBe("2025-04-07T14:42:54.241898Z");
    expect(canonicalTimestamp("2025-04-07T14:42:54.2418980Z")).toBe("2025-04-07T14:42:54.241898Z");
    expect(canonicalTimestamp("2025-04-07T14:42:54.2Z")).toBe("2025-04-07T14:42:54.200Z");
    expect(canonicalTimestamp("2025-04-07T14:42:54.000000000Z")).toBe("2025-04-07T14:42:54Z");
    expect(canonicalTimestamp("2025-04-07T17:42:54.000000001+03:00")).toBe(
      "2025-04-07T14:42:54.000000001Z",
    );
  });

  test('a string holding "0" is not a default', () => {
    const json: JsonValue = { content: { content: [{ text: { content: "0" } }] } };
    expect(canonicalJson(CreateMessageRequestSchema, json)).toEqual(json);
  });

  test("defaults are dropped only where presence is implicit", () => {
    const json: JsonValue = {
      folderId: "",
      name: null,
      labels: {},
      tools: [],
      completionOptions: { temperature: 0, maxTokens: 0 },
      promptTruncationOptions: {},
    };
    expect(canonicalJson(CreateAssistantRequestSchema, json)).toEqual({
      completionOptions: { temperature: 0, maxTokens: "0" },
      promptTruncationOptions: {},
    });
  });
});
