/**
 * Proof 1 of issue 2: every request, response and stream message the real
 * service exchanged (the recorded fixtures) parses with our schemas, unknown
 * fields being an error, and writes back the same proto3 JSON and stable bytes.
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
import { describe, expect, test } from "vitest";
import { CreateAssistantRequestSchema } from "../src/assistants.js";
import { CreateMessageRequestSchema } from "../src/threads.js";
import { canonicalJson, canonicalTimestamp } from "./support/canonical-json.js";
import { fixturesDir } from "./support/paths.js";
import {
  listFixtureFiles,
  type RecordedMessage,
  readRecordedMessages,
  recordedTypeName,
} from "./support/recorded-traffic.js";

/** The fixture files the recordings README describes (5 areas, 18 sessions). */
const EXPECTED_FIXTURE_COUNT = 18;

const files = listFixtureFiles();

describe("recorded fixtures", () => {
  test(`the fixture directory holds all ${EXPECTED_FIXTURE_COUNT} sessions`, () => {
    // Guards against a vacuous pass: test.each over an empty list runs nothing.
    expect(files, `fixtures read from ${fixturesDir}`).toHaveLength(EXPECTED_FIXTURE_COUNT);
    expect(files).toContain("test_run/test_run_stream.json");
    expect(files).toContain("test_function_call/test_sync_function_call.json");
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
  const message = fromJson(schema, json, { ignoreUnknownFields: false });
  expect(toJson(schema, message), `${label}: toJson differs from the recording`).toEqual(
    canonicalJson(schema, json),
  );
  const bytes = toBinary(schema, message);
  const decoded = fromBinary(schema, bytes, { readUnknownFields: true });
  expect(equals(schema, decoded, message), `${label}: binary round trip changed the message`).toBe(
    true,
  );
  expect(toBinary(schema, decoded), `${label}: re-encoding is not stable`).toEqual(bytes);
}

describe("the normalisation is no wider than the JSON mapping", () => {
  test("a wrapper holding 0 survives (test_assistant_zeros: temperature 0.0)", () => {
    const zeros = readRecordedMessages("test_assistants/test_assistant_zeros.json");
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
    const [first] = readRecordedMessages("test_run/test_run.json");
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
