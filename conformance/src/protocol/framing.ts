/**
 * Framing of the client-under-test protocol (PROTOCOL.md, "Framing"): newline-delimited proto3
 * JSON by default, size-delimited binary (varint length + message) as an option. One encoder
 * and one push decoder serve both sides: the runner (src/protocol/client-process.ts) and the
 * TypeScript adapters (src/adapters/).
 */
import {
  type DescMessage,
  fromBinary,
  fromJsonString,
  type MessageShape,
  toBinary,
  toJsonString,
} from "@bufbuild/protobuf";

/** How messages are framed on stdin/stdout. */
export type Framing = "json" | "binary";

/** The environment variable that tells an adapter the framing (PROTOCOL.md). */
export const FRAMING_ENV = "YC_CONFORMANCE_FRAMING";

/** Reads the framing from the environment (`json` unless it says `binary`). */
export function framingFromEnv(env: Record<string, string | undefined> = process.env): Framing {
  return env[FRAMING_ENV] === "binary" ? "binary" : "json";
}

/**
 * Encodes one message as one frame: a JSON line ended by `\n`, or a varint length and the
 * binary message.
 *
 * @example
 * process.stdout.write(encodeFrame(ClientResponseSchema, response, "json"));
 */
export function encodeFrame<D extends DescMessage>(
  schema: D,
  message: MessageShape<D>,
  framing: Framing,
): Uint8Array {
  if (framing === "json") {
    return new TextEncoder().encode(`${toJsonString(schema, message)}\n`);
  }
  const body = toBinary(schema, message);
  const head: number[] = [];
  let n = body.length;
  while (n > 0x7f) {
    head.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  head.push(n);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** One decoded frame: the message, or why the bytes were not a valid one. */
export type Decoded<T> = { readonly message: T } | { readonly error: string };

/** The longest frame accepted (a garbage length prefix must not make the reader wait forever). */
const MAX_FRAME = 64 * 1024 * 1024;

/**
 * A push decoder: feed it the chunks of a stream, get the complete frames in order. A JSON line
 * that does not parse is one `{ error }` and the next line is read normally; a binary frame that
 * does not parse is one `{ error }` too (its length was still read, so the stream stays in step).
 *
 * @example
 * const decoder = new FrameDecoder(ClientRequestSchema, "json");
 * process.stdin.on("data", (chunk) => { for (const d of decoder.push(chunk)) handle(d); });
 */
export class FrameDecoder<D extends DescMessage> {
  private buffer = new Uint8Array(0);

  constructor(
    private readonly schema: D,
    private readonly framing: Framing,
  ) {}

  /** Bytes received that are not yet a whole frame. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Adds a chunk and returns every frame it completed. */
  push(chunk: Uint8Array): Decoded<MessageShape<D>>[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    return this.framing === "json" ? this.lines() : this.frames();
  }

  private lines(): Decoded<MessageShape<D>>[] {
    const out: Decoded<MessageShape<D>>[] = [];
    for (;;) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl < 0) break;
      const line = new TextDecoder().decode(this.buffer.subarray(0, nl)).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line === "") continue;
      try {
        out.push({
          message: fromJsonString(this.schema, line, { ignoreUnknownFields: true }),
        });
      } catch (e) {
        out.push({
          error: `not a ${this.schema.typeName} JSON line (${e instanceof Error ? e.message : String(e)}): ${clip(line)}`,
        });
      }
    }
    return out;
  }

  private frames(): Decoded<MessageShape<D>>[] {
    const out: Decoded<MessageShape<D>>[] = [];
    for (;;) {
      let size = 0;
      let shift = 0;
      let offset = 0;
      let complete = false;
      while (offset < this.buffer.length && shift < 35) {
        const b = this.buffer[offset++] as number;
        size += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if ((b & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (shift >= 35) out.push({ error: "a binary frame's varint length is too long" });
        break;
      }
      if (size > MAX_FRAME) {
        out.push({ error: `a binary frame of ${size} bytes is larger than ${MAX_FRAME}` });
        this.buffer = new Uint8Array(0);
        break;
      }
      if (this.buffer.length < offset + size) break;
      const body = this.buffer.slice(offset, offset + size);
      this.buffer = this.buffer.slice(offset + size);
      try {
        out.push({ message: fromBinary(this.schema, body) });
      } catch (e) {
        out.push({
          error: `not a binary ${this.schema.typeName} (${e instanceof Error ? e.message : String(e)})`,
        });
      }
    }
    return out;
  }
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
