/**
 * What crosses the protocol must read as it did in the client: a getter that threw (an int64
 * beyond 2^53 - 1 a client refuses to round: run-results/usage-int64-precision,
 * run-results/error-code-int64-precision) throws the same message after the round trip,
 * and the other counts keep their values.
 */
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { RunResultSchema } from "../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import type { ResultLike } from "../observe.js";
import { resultFromProto, resultToProto } from "./observed-proto.js";

const tooBig = "usage.inputTextTokens is 9007199254740993 on the wire, beyond 2^53 - 1";

const result = {
  status: { name: "FAILED", value: 6 },
  error: {
    message: "odd",
    get code(): number {
      throw new Error("error.code is 9007199254740993 on the wire");
    },
  },
  toolCalls: undefined,
  message: undefined,
  text: undefined,
  parts: [],
  citations: [],
  usage: {
    get inputTextTokens(): number {
      throw new Error(tooBig);
    },
    completionTokens: 9007199254740991,
    totalTokens: "9223372036854775807",
  },
} as unknown as ResultLike;

describe("resultToProto / resultFromProto", () => {
  it("carries a count or a code that threw when read as the same error, the rest as values", () => {
    const wire = toBinary(RunResultSchema, resultToProto(result, "run-1"));
    const back = resultFromProto(fromBinary(RunResultSchema, wire));
    expect(() => back.usage?.inputTextTokens).toThrow(tooBig);
    expect(String(back.usage?.completionTokens)).toBe("9007199254740991");
    expect(String(back.usage?.totalTokens)).toBe("9223372036854775807");
    expect(back.error?.message).toBe("odd");
    expect(() => back.error?.code).toThrow("error.code is 9007199254740993 on the wire");
  });

  it("keeps a plain code as its decimal string", () => {
    const plain = { ...result, error: { message: "m", code: 7 }, usage: undefined } as ResultLike;
    const back = resultFromProto(resultToProto(plain, "run-1"));
    expect(back.error).toEqual({ message: "m", code: "7" });
    expect(back.usage).toBeUndefined();
  });
});
