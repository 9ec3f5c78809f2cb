import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  type ClientResponse,
  ClientResponseSchema,
  StepResponseSchema,
} from "../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import { encodeFrame, FrameDecoder, type Framing, framingFromEnv } from "./framing.js";

/** A step answer with a bit of everything: nested messages, int64, Struct, optional fields. */
function sample(index: number, text = "The result is +20.0"): ClientResponse {
  return create(ClientResponseSchema, {
    kind: {
      case: "step",
      value: create(StepResponseSchema, {
        index,
        runId: "run-1",
        result: {
          runId: "run-1",
          status: { name: "TOOL_CALLS", value: 4, raw: 4, flags: { isRunning: false } },
          toolCalls: {
            calls: [{ name: "f", arguments: { numbers: [5, 4, 1], nested: { a: "b" } } }],
          },
          text,
          usage: { inputTextTokens: 9007199254740993n, completionTokens: 1n, totalTokens: 0n },
        },
        unsupported: ["event.delta"],
      }),
    },
  });
}

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe.each(["json", "binary"] as Framing[])("%s framing", (framing) => {
  it("round-trips messages split across arbitrary chunks, in order", () => {
    // A long text makes the binary length prefix a three-byte varint.
    const messages = [sample(0), sample(1, "x".repeat(20_000)), sample(2)];
    const bytes = Buffer.concat(messages.map((m) => encodeFrame(ClientResponseSchema, m, framing)));
    for (const size of [13, 4096, bytes.length]) {
      const decoder = new FrameDecoder(ClientResponseSchema, framing);
      const got = chunks(bytes, size).flatMap((c) => decoder.push(c));
      expect(got.map((d) => ("message" in d ? d.message : d))).toEqual(messages);
      expect(decoder.pending).toBe(0);
    }
  });

  it("keeps a frame that is not complete yet", () => {
    const bytes = encodeFrame(ClientResponseSchema, sample(3), framing);
    const decoder = new FrameDecoder(ClientResponseSchema, framing);
    expect(decoder.push(bytes.subarray(0, bytes.length - 1))).toEqual([]);
    expect(decoder.push(bytes.subarray(bytes.length - 1))).toHaveLength(1);
  });
});

describe("JSON framing", () => {
  it("is exactly one proto3 JSON object per line, lowerCamelCase, int64 as strings", () => {
    const line = new TextDecoder().decode(encodeFrame(ClientResponseSchema, sample(5), "json"));
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    const json = JSON.parse(line);
    expect(json.step.runId).toBe("run-1");
    expect(json.step.result.usage.inputTextTokens).toBe("9007199254740993");
    expect(json.step.result.toolCalls.calls[0].arguments).toEqual({
      numbers: [5, 4, 1],
      nested: { a: "b" },
    });
  });

  it("reports a garbage line and goes on with the next; accepts proto names and unknown fields", () => {
    const decoder = new FrameDecoder(ClientResponseSchema, "json");
    const input = 'not json at all\n{"step":{"index":2,"run_id":"r","futureField":1}}\n\n[1]\n';
    const got = decoder.push(new TextEncoder().encode(input));
    expect(got).toHaveLength(3);
    expect(got[0]).toMatchObject({ error: expect.stringContaining("not json at all") });
    const second = got[1] as { message: ClientResponse };
    expect(second.message.kind.case).toBe("step");
    expect(second.message.kind.value).toMatchObject({ index: 2, runId: "r" });
    expect(got[2]).toHaveProperty("error");
  });
});

describe("binary framing", () => {
  it("writes the varint length of the message before it", () => {
    const frame = encodeFrame(ClientResponseSchema, sample(1, "y".repeat(200)), "binary");
    let size = 0;
    let shift = 0;
    let i = 0;
    for (;;) {
      const b = frame[i++] as number;
      size |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    expect(i).toBeGreaterThan(1);
    expect(frame.length).toBe(i + size);
  });

  it("reports a frame whose bytes are not a message", () => {
    const decoder = new FrameDecoder(ClientResponseSchema, "binary");
    const got = decoder.push(new Uint8Array([3, 0xff, 0xff, 0xff]));
    expect(got).toEqual([{ error: expect.stringContaining("not a binary") }]);
  });
});

it("reads the framing from YC_CONFORMANCE_FRAMING", () => {
  expect(framingFromEnv({})).toBe("json");
  expect(framingFromEnv({ YC_CONFORMANCE_FRAMING: "binary" })).toBe("binary");
});
