import { createRequire } from "node:module";
import path from "node:path";
import type { DescMessage } from "@bufbuild/protobuf";

/**
 * The generated codecs of the official Yandex Cloud Node.js SDK
 * (@yandex-cloud/nodejs-sdk, ts-proto style, CommonJS), looked up by our
 * message descriptors.
 */
export interface OfficialCodec {
  encode(message: unknown): { finish(): Uint8Array };
  decode(input: Uint8Array): Record<string, unknown>;
  fromPartial(object: unknown): Record<string, unknown>;
}

const require = createRequire(import.meta.url);

/**
 * The SDK's `dist/` directory. Its package `exports` do not list every
 * generated module (`yandex/cloud/ai/common/common` has no subpath), so the
 * modules are loaded by file path below the resolved main entry.
 */
const sdkDist = path.dirname(require.resolve("@yandex-cloud/nodejs-sdk"));

/**
 * Where the official SDK keeps the codec of `schema`: the module generated
 * from the same `.proto` path, and the ts-proto export name, which joins the
 * names of nested messages with `_` (e.g. `PromptTruncationOptions_AutoStrategy`).
 */
export function officialCodecLocation(schema: DescMessage): { module: string; name: string } {
  const pkg = schema.file.proto.package;
  return {
    module: path.join(sdkDist, "generated", `${schema.file.name}.js`),
    name: schema.typeName.slice(pkg.length + 1).replaceAll(".", "_"),
  };
}

const cache = new Map<string, OfficialCodec>();

/** The official codec of `schema`, or a thrown error naming what is missing. */
export function officialCodec(schema: DescMessage): OfficialCodec {
  const cached = cache.get(schema.typeName);
  if (cached) return cached;
  const { module, name } = officialCodecLocation(schema);
  const exports = require(module) as Record<string, unknown>;
  const codec = exports[name] as OfficialCodec | undefined;
  if (
    codec === undefined ||
    typeof codec.encode !== "function" ||
    typeof codec.decode !== "function" ||
    typeof codec.fromPartial !== "function"
  ) {
    throw new Error(`official SDK has no codec ${name} in ${module} for ${schema.typeName}`);
  }
  cache.set(schema.typeName, codec);
  return codec;
}
