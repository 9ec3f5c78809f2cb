/**
 * A passive HTTP/2 frame parser for one direction of a TCP connection: the TCP proxy feeds it
 * the bytes it forwards and it counts frames by type, without changing a byte. It is how the
 * chaos scenarios count what the client itself sends (RST_STREAM) and receives (GOAWAY) on a
 * connection they do not own (issue 8, point 3: "every run sends RST_STREAM(CANCEL)").
 *
 * @module
 */

/** HTTP/2 frame types (RFC 9113, section 6). */
export const FRAME_TYPE = {
  DATA: 0,
  HEADERS: 1,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  WINDOW_UPDATE: 8,
} as const;

/** The client connection preface (RFC 9113, section 3.4): 24 bytes before the first frame. */
const CLIENT_PREFACE_LENGTH = 24;
const FRAME_HEADER_LENGTH = 9;

/** What a {@link Http2FrameCounter} saw. */
export interface Http2FrameCounts {
  /** Frames by type number. */
  readonly byType: Readonly<Record<number, number>>;
  /** RST_STREAM frames by error code (8 = CANCEL, 2 = INTERNAL_ERROR, ...). */
  readonly rstStreamByCode: Readonly<Record<number, number>>;
  /** GOAWAY frames by error code (0 = NO_ERROR, 2 = INTERNAL_ERROR, 11 = ENHANCE_YOUR_CALM). */
  readonly goawayByCode: Readonly<Record<number, number>>;
}

/**
 * Counts HTTP/2 frames of one direction. Feed it every chunk in order; it keeps the partial
 * frame header or payload between chunks.
 *
 * @example
 * const toServer = new Http2FrameCounter({ clientPreface: true });
 * socket.on("data", (chunk) => toServer.feed(chunk));
 * toServer.counts().rstStreamByCode[8]; // RST_STREAM(CANCEL) the client sent
 */
export class Http2FrameCounter {
  #skip: number;
  #header = Buffer.alloc(FRAME_HEADER_LENGTH);
  #headerFill = 0;
  /** Payload bytes of the current frame still to come. */
  #payloadLeft = 0;
  /** Payload bytes of RST_STREAM / GOAWAY kept until their error code is complete. */
  #keep: Buffer | undefined;
  #keepFill = 0;
  #keepType = -1;
  readonly #byType: Record<number, number> = {};
  readonly #rst: Record<number, number> = {};
  readonly #goaway: Record<number, number> = {};

  /** `clientPreface`: the direction starts with the 24-byte client preface (client → server). */
  constructor(options: { clientPreface?: boolean } = {}) {
    this.#skip = options.clientPreface ? CLIENT_PREFACE_LENGTH : 0;
  }

  /** Parses the next bytes of the direction. */
  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, chunk.length - i);
        this.#skip -= n;
        i += n;
        continue;
      }
      if (this.#payloadLeft === 0 && this.#keep === undefined) {
        const n = Math.min(FRAME_HEADER_LENGTH - this.#headerFill, chunk.length - i);
        this.#header.set(chunk.subarray(i, i + n), this.#headerFill);
        this.#headerFill += n;
        i += n;
        if (this.#headerFill < FRAME_HEADER_LENGTH) break;
        this.#headerFill = 0;
        this.#startFrame();
        continue;
      }
      const n = Math.min(this.#payloadLeft, chunk.length - i);
      if (this.#keep !== undefined) {
        const k = Math.min(n, this.#keep.length - this.#keepFill);
        this.#keep.set(chunk.subarray(i, i + k), this.#keepFill);
        this.#keepFill += k;
      }
      this.#payloadLeft -= n;
      i += n;
      if (this.#payloadLeft === 0) this.#endFrame();
    }
  }

  /** The counts so far. */
  counts(): Http2FrameCounts {
    return {
      byType: { ...this.#byType },
      rstStreamByCode: { ...this.#rst },
      goawayByCode: { ...this.#goaway },
    };
  }

  #startFrame(): void {
    const length = this.#header.readUIntBE(0, 3);
    const type = this.#header[3] as number;
    this.#byType[type] = (this.#byType[type] ?? 0) + 1;
    this.#payloadLeft = length;
    // RST_STREAM: a 4-byte error code; GOAWAY: last stream id (4) then the error code (4).
    if (type === FRAME_TYPE.RST_STREAM || type === FRAME_TYPE.GOAWAY) {
      this.#keep = Buffer.alloc(type === FRAME_TYPE.RST_STREAM ? 4 : 8);
      this.#keepFill = 0;
      this.#keepType = type;
    }
    if (length === 0) this.#endFrame();
  }

  #endFrame(): void {
    const keep = this.#keep;
    if (keep === undefined) return;
    this.#keep = undefined;
    if (this.#keepFill < keep.length) return; // malformed: too short to hold the code
    const code = keep.readUInt32BE(this.#keepType === FRAME_TYPE.RST_STREAM ? 0 : 4);
    const target = this.#keepType === FRAME_TYPE.RST_STREAM ? this.#rst : this.#goaway;
    target[code] = (target[code] ?? 0) + 1;
  }
}
