import { type DescField, type DescMessage, ScalarType } from "@bufbuild/protobuf";
import { INT64_SCALARS } from "./message-fields.js";

/**
 * An independent reader of the protobuf wire format (written here, sharing no
 * code with protobuf-es or protobufjs), used where the official SDK cannot
 * show a value: it reads every 64-bit integer straight from the bytes, so a
 * test can prove that our bytes carry e.g. 2^60+7 exactly even though the
 * official decoder refuses it.
 *
 * Returns every non-zero 64-bit integer as `<type>.<field>=<value>` (sorted),
 * in the same form as `int64ValuesOf` in official-shape.ts.
 */
export function int64ValuesOnWire(schema: DescMessage, bytes: Uint8Array): string[] {
  const out: string[] = [];
  readMessage(schema, bytes, out);
  return out.sort();
}

class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new Error("truncated varint");
      const b = this.bytes[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new Error("varint longer than 10 bytes");
    }
  }

  fixed(size: 4 | 8): bigint {
    let result = 0n;
    for (let i = 0; i < size; i++) {
      result |= BigInt(this.bytes[this.pos + i] as number) << BigInt(8 * i);
    }
    this.pos += size;
    return result;
  }

  chunk(): Uint8Array {
    const length = Number(this.varint());
    const out = this.bytes.subarray(this.pos, this.pos + length);
    if (out.length !== length) throw new Error("truncated length-delimited field");
    this.pos += length;
    return out;
  }
}

function toInt64(scalar: ScalarType, raw: bigint): bigint {
  switch (scalar) {
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return BigInt.asUintN(64, raw);
    case ScalarType.SINT64:
      // zigzag
      return (raw >> 1n) ^ -(raw & 1n);
    default:
      return BigInt.asIntN(64, raw);
  }
}

function readMessage(schema: DescMessage, bytes: Uint8Array, out: string[]): void {
  const cursor = new Cursor(bytes);
  const byNumber = new Map<number, DescField>(schema.fields.map((f) => [f.number, f]));
  while (!cursor.done) {
    const tag = cursor.varint();
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    const field = byNumber.get(number);
    let payload: bigint | Uint8Array;
    switch (wireType) {
      case 0:
        payload = cursor.varint();
        break;
      case 1:
        payload = cursor.fixed(8);
        break;
      case 2:
        payload = cursor.chunk();
        break;
      case 5:
        payload = cursor.fixed(4);
        break;
      default:
        throw new Error(`${schema.typeName}: unexpected wire type ${wireType}`);
    }
    if (field === undefined) {
      throw new Error(`${schema.typeName}: field number ${number} is not in our schema`);
    }
    readField(schema, field, payload, out);
  }
}

function record(schema: DescMessage, field: DescField, value: bigint, out: string[]): void {
  if (value !== 0n) out.push(`${schema.typeName}.${field.name}=${value}`);
}

function readField(
  schema: DescMessage,
  field: DescField,
  payload: bigint | Uint8Array,
  out: string[],
): void {
  const scalar =
    field.fieldKind === "scalar" || field.fieldKind === "list" ? field.scalar : undefined;
  if (scalar !== undefined && INT64_SCALARS.has(scalar)) {
    if (typeof payload === "bigint") {
      record(schema, field, toInt64(scalar, payload), out);
    } else {
      // A packed repeated field.
      const packed = new Cursor(payload);
      const fixed = scalar === ScalarType.FIXED64 || scalar === ScalarType.SFIXED64;
      while (!packed.done) {
        record(schema, field, toInt64(scalar, fixed ? packed.fixed(8) : packed.varint()), out);
      }
    }
    return;
  }
  if (payload instanceof Uint8Array) {
    if (
      field.fieldKind === "message" ||
      (field.fieldKind === "list" && field.listKind === "message")
    ) {
      readMessage(field.message as DescMessage, payload, out);
    } else if (field.fieldKind === "map") {
      readMapEntry(field, payload, out);
    }
  }
}

function readMapEntry(field: DescField & { fieldKind: "map" }, bytes: Uint8Array, out: string[]) {
  if (INT64_SCALARS.has(field.mapKey)) {
    throw new Error(`${field.toString()}: int64 map keys are not handled`);
  }
  const cursor = new Cursor(bytes);
  while (!cursor.done) {
    const tag = cursor.varint();
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 2) {
      const chunk = cursor.chunk();
      if (number === 2 && field.mapKind === "message") readMessage(field.message, chunk, out);
    } else if (wireType === 0) {
      const raw = cursor.varint();
      if (number === 2 && field.mapKind === "scalar" && INT64_SCALARS.has(field.scalar)) {
        out.push(`${field.parent.typeName}.${field.name}=${toInt64(field.scalar, raw)}`);
      }
    } else {
      cursor.fixed(wireType === 1 ? 8 : 4);
    }
  }
}
