/**
 * Small messages that each isolate one kind of field, to tell which fields make a codec slow
 * (issue 10, "Codec speed": "profile which messages and fields are slow (int64 as bigint,
 * Timestamp, Struct, oneofs, unknown fields)"). Built from our schemas with protobuf-es, so
 * both codecs read the same bytes; the recorded messages themselves are measured elsewhere.
 *
 * @module
 */
import { create, type DescMessage, fromBinary, type Message, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { FunctionToolSchema } from "@yc-assistants/types/common";
import {
  ContentUsageSchema,
  StreamEvent_EventType,
  StreamEventSchema,
} from "@yc-assistants/types/runs";
import { ThreadSchema } from "@yc-assistants/types/threads";
import { type CodecSample, type OfficialCodec, officialCodec } from "./recorded-samples.js";

/** One probe: a name saying what it isolates, and the sample both codecs run. */
export interface FieldProbe {
  readonly name: string;
  readonly sample: CodecSample;
}

/** A sample of `message`, or of `bytes` (decoded by ours, unknown fields kept) when given. */
function sampleOf(schema: DescMessage, message: Message, bytes?: Uint8Array): CodecSample {
  const official: OfficialCodec = officialCodec(schema);
  const wire = bytes ?? toBinary(schema, message);
  return {
    typeName: schema.typeName,
    schema,
    official,
    bytes: wire,
    ours: bytes === undefined ? message : fromBinary(schema, bytes),
    theirs: official.decode(wire),
  };
}

/** `bytes` followed by unknown fields: a varint (field 1000) and a 64-byte string (field 1001). */
export function withUnknownFields(bytes: Uint8Array): Uint8Array {
  const extra = new BinaryWriter().uint32((1000 << 3) | 0).uint64(123456789n);
  extra.uint32((1001 << 3) | 2).string("x".repeat(64));
  const tail = extra.finish();
  const out = new Uint8Array(bytes.length + tail.length);
  out.set(bytes);
  out.set(tail, bytes.length);
  return out;
}

/** The probes: strings (the baseline), int64, Timestamp, Struct, a oneof, unknown fields. */
export function fieldProbes(): FieldProbe[] {
  const strings = create(ThreadSchema, {
    id: "fvt1234567890abcdef",
    folderId: "b1g1234567890abcdef",
    name: "support thread",
  });
  const timestamps = create(ThreadSchema, {
    createdAt: timestampFromMs(1_733_000_000_123),
    updatedAt: timestampFromMs(1_733_000_100_456),
    expiresAt: timestampFromMs(1_733_600_000_789),
  });
  const int64 = create(ContentUsageSchema, {
    promptTokens: 1234n,
    completionTokens: 567n,
    totalTokens: 1801n,
  });
  const struct = create(FunctionToolSchema, {
    name: "get_weather",
    description: "Current weather in a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 } },
      required: ["city"],
    },
  });
  const oneof = create(StreamEventSchema, {
    eventType: StreamEvent_EventType.PARTIAL_MESSAGE,
    EventData: {
      case: "partialMessage",
      value: { content: [{ PartType: { case: "text", value: { content: "Hello there!" } } }] },
    },
  });
  return [
    { name: "Thread: 3 strings (baseline)", sample: sampleOf(ThreadSchema, strings) },
    { name: "Thread: 3 Timestamps", sample: sampleOf(ThreadSchema, timestamps) },
    { name: "ContentUsage: 3 int64", sample: sampleOf(ContentUsageSchema, int64) },
    { name: "FunctionTool: Struct parameters", sample: sampleOf(FunctionToolSchema, struct) },
    { name: "StreamEvent: oneof partial_message", sample: sampleOf(StreamEventSchema, oneof) },
    {
      name: "Thread: 3 strings + 2 unknown fields",
      sample: sampleOf(ThreadSchema, strings, withUnknownFields(toBinary(ThreadSchema, strings))),
    },
  ];
}
