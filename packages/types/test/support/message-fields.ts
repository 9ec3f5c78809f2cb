import type { DescField, DescMessage, Message } from "@bufbuild/protobuf";
import { ScalarType } from "@bufbuild/protobuf";

/**
 * Reflection helpers over protobuf-es v2 message objects, which are plain
 * objects: a field lives under its `localName`, a oneof member under
 * `msg[oneof.localName] = { case, value }`, wrapper fields hold the unboxed
 * scalar and Struct fields a JsonObject.
 */

/** A message as a property bag, for generic code. */
export type MessageBag = Message & Record<string, unknown>;

export function asBag(message: Message): MessageBag {
  return message as MessageBag;
}

/** The value of `field` in `message`; undefined for an unselected oneof member. */
export function getField(message: Message, field: DescField): unknown {
  const bag = asBag(message);
  if (field.oneof !== undefined) {
    const selected = bag[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
    return selected?.case === field.localName ? selected.value : undefined;
  }
  return bag[field.localName];
}

/** Sets `field` of `message`; for a oneof member this selects its case. */
export function setField(message: Message, field: DescField, value: unknown): void {
  const bag = asBag(message);
  if (field.oneof !== undefined) {
    bag[field.oneof.localName] = { case: field.localName, value };
  } else {
    bag[field.localName] = value;
  }
}

/** 64-bit integer scalar types, which protobuf-es holds as bigint. */
export const INT64_SCALARS: ReadonlySet<ScalarType> = new Set([
  ScalarType.INT64,
  ScalarType.UINT64,
  ScalarType.SINT64,
  ScalarType.FIXED64,
  ScalarType.SFIXED64,
]);

/** Where the API files live: everything of the sheet, not our options file. */
const API_FILE_PREFIXES = [
  "yandex/cloud/ai/",
  "yandex/cloud/operation/",
  "yandex/cloud/endpoint/",
  "google/rpc/",
];

/** Messages of the 22 API files (not our options file), map entries excluded. */
export function isApiMessage(desc: DescMessage): boolean {
  return (
    API_FILE_PREFIXES.some((prefix) => desc.file.name.startsWith(prefix)) &&
    desc.proto.options?.mapEntry !== true
  );
}
