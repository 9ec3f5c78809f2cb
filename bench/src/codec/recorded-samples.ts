/**
 * The messages of the recorded production traffic (`../shared/fixtures/yandex-recorded`, read
 * in place, never copied), each ready for both codecs: our protobuf-es schema, the official
 * SDK's ts-proto codec of the same message, the wire bytes, and each side's decoded form
 * (issue 10, "Codec speed": "on the recorded messages").
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type DescMessage,
  fromJson,
  type JsonValue,
  type Message,
  toBinary,
} from "@bufbuild/protobuf";
import { registry } from "@yc-assistants/types";

/** A ts-proto codec of the official SDK (`@yandex-cloud/nodejs-sdk`, CommonJS). */
export interface OfficialCodec {
  encode(message: unknown): { finish(): Uint8Array };
  decode(input: Uint8Array): unknown;
}

/** One recorded message, prepared for both codecs. */
export interface CodecSample {
  /** Full proto name, e.g. `yandex.cloud.ai.assistants.v1.runs.StreamEvent`. */
  readonly typeName: string;
  readonly schema: DescMessage;
  readonly official: OfficialCodec;
  /** protobuf-es's encoding of the recorded JSON. */
  readonly bytes: Uint8Array;
  /** Ours, decoded (what `toBinary` encodes). */
  readonly ours: Message;
  /** ts-proto's decoding of `bytes` (what its `encode` encodes). */
  readonly theirs: unknown;
}

/**
 * The recordings folder: `YC_FIXTURES_DIR`, else `../shared/fixtures/yandex-recorded` beside
 * the checkout (this file is `bench/{src,dist}/codec/`).
 */
export const fixturesDir: string = path.resolve(
  process.env["YC_FIXTURES_DIR"] ??
    fileURLToPath(new URL("../../../../shared/fixtures/yandex-recorded", import.meta.url)),
);

const require = createRequire(import.meta.url);
const sdkDist = path.dirname(require.resolve("@yandex-cloud/nodejs-sdk"));

/**
 * The official codec of `schema`: the SDK's module generated from the same `.proto` path
 * (loaded by file, as its `exports` lack some), export name = nested names joined with `_`.
 */
export function officialCodec(schema: DescMessage): OfficialCodec {
  const file = path.join(sdkDist, "generated", `${schema.file.name}.js`);
  const name = schema.typeName.slice(schema.file.proto.package.length + 1).replaceAll(".", "_");
  const codec = (require(file) as Record<string, OfficialCodec | undefined>)[name];
  if (typeof codec?.encode !== "function" || typeof codec.decode !== "function") {
    throw new Error(`the official SDK has no codec ${name} in ${file}`);
  }
  return codec;
}

interface Envelope {
  cls: string;
  module: string;
  message: JsonValue;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return jsonFiles(full);
      return e.isFile() && e.name.endsWith(".json") ? [full] : [];
    })
    .sort();
}

/** Every request, response and stream message of every recording, in file order. */
export function loadRecordedSamples(dir: string = fixturesDir): CodecSample[] {
  const samples: CodecSample[] = [];
  for (const file of jsonFiles(dir)) {
    const { interactions } = JSON.parse(readFileSync(file, "utf8")) as {
      interactions: { request?: Envelope; response?: Envelope; response_stream?: Envelope[] }[];
    };
    for (const interaction of interactions) {
      const envelopes = [
        interaction.request,
        interaction.response,
        ...(interaction.response_stream ?? []),
      ];
      for (const envelope of envelopes) {
        if (envelope === undefined) continue;
        // fixture README, "Format": module `a.b.c.x_pb2` is a file of proto package `a.b.c`.
        const pkg = envelope.module.slice(0, envelope.module.lastIndexOf("."));
        const schema = registry.getMessage(`${pkg}.${envelope.cls}`);
        if (schema === undefined) throw new Error(`${file}: no schema ${pkg}.${envelope.cls}`);
        const ours = fromJson(schema, envelope.message, { registry });
        const bytes = toBinary(schema, ours);
        const official = officialCodec(schema);
        samples.push({
          typeName: schema.typeName,
          schema,
          official,
          bytes,
          ours,
          theirs: official.decode(bytes),
        });
      }
    }
  }
  if (samples.length === 0) throw new Error(`no recorded messages under ${dir}`);
  return samples;
}
