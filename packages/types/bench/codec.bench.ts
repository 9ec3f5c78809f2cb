/**
 * Codec throughput of our generated protobuf-es types against the official
 * SDK's ts-proto codecs (the peer), measured in the same run on the same
 * messages: every message of the recorded production traffic.
 *
 * Run with `npm run bench:micro` (root) or `npx vitest bench --run` here; vitest
 * prints each group's ratio ("N.NNx faster than ..."). Nothing here asserts a
 * timing: ratios are read from the report, never from a unit test.
 */
import { fromBinary, fromJson, type Message, toBinary } from "@bufbuild/protobuf";
import { bench, describe } from "vitest";
import { registry } from "../src/registry.js";
import { officialCodec } from "../test/support/official-codecs.js";
import { listFixtureFiles, readRecordedMessages } from "../test/support/recorded-traffic.js";

const samples = listFixtureFiles()
  .flatMap(readRecordedMessages)
  .map((m) => {
    const ours: Message = fromJson(m.schema, m.json, { registry });
    const official = officialCodec(m.schema);
    const bytes = toBinary(m.schema, ours);
    return {
      schema: m.schema,
      json: m.json,
      ours,
      official,
      bytes,
      decoded: official.decode(bytes),
    };
  });

describe(`decode ${samples.length} recorded messages from binary`, () => {
  bench("protobuf-es fromBinary (ours)", () => {
    for (const s of samples) fromBinary(s.schema, s.bytes);
  });
  bench("ts-proto decode (official SDK)", () => {
    for (const s of samples) s.official.decode(s.bytes);
  });
});

describe(`encode ${samples.length} recorded messages to binary`, () => {
  bench("protobuf-es toBinary (ours)", () => {
    for (const s of samples) toBinary(s.schema, s.ours);
  });
  bench("ts-proto encode (official SDK)", () => {
    for (const s of samples) s.official.encode(s.decoded).finish();
  });
});
