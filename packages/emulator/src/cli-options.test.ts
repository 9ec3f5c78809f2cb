import { describe, expect, it } from "vitest";
import { parseCliOptions, USAGE, UsageError } from "./cli-options.js";

describe("parseCliOptions", () => {
  it("maps every transport fault flag to its startEmulator option", () => {
    const options = parseCliOptions([
      "--quiet",
      "--seed",
      "9",
      "--unavailable-rate",
      "0.2",
      "--unavailable-spare-non-idempotent",
      "--destroy-connection-after-bytes",
      "10-500",
      "--destroy-connection-after-events",
      "3",
      "--destroy-connection-methods",
      "RunService/Listen,RunService/Attach",
      "--reset-streams-rate",
      "0.1",
      "--reset-streams-after-events",
      "1-4",
      "--reset-streams-code",
      "CANCEL",
      "--reset-streams-methods",
      "RunService/Listen",
      "--lose-response-methods",
      "RunService/Submit",
      "--lose-response-rate",
      "0.3",
      "--lose-response-how",
      "destroy-connection",
      "--goaway-after-streams",
      "100",
      "--goaway-code",
      "NO_ERROR",
      "--max-message-bytes",
      "1024",
    ]);
    expect(options).toEqual({
      model: "echo",
      faults: {
        seed: 9,
        unavailableRate: 0.2,
        unavailableSpareNonIdempotent: true,
        destroyConnectionAfterBytes: { min: 10, max: 500 },
        destroyConnectionAfterEvents: 3,
        destroyConnectionMethods: ["RunService/Listen", "RunService/Attach"],
        resetStreams: {
          rate: 0.1,
          afterEvents: { min: 1, max: 4 },
          code: "CANCEL",
          methods: ["RunService/Listen"],
        },
        loseResponse: { methods: ["RunService/Submit"], rate: 0.3, how: "destroy-connection" },
        goAway: { afterStreams: 100, code: "NO_ERROR" },
      },
      limits: { maxMessageBytes: 1024 },
    });
  });

  it("maps the file, operation and compression flags", () => {
    const options = parseCliOptions([
      "--max-file-bytes",
      "1024",
      "--operation-delay-ms",
      "5",
      "--compression",
      "gzip",
      "--quiet",
    ]);
    expect(options).toMatchObject({
      files: { maxBytes: 1024 },
      operationDelayMs: 5,
      compression: "gzip",
    });
    expect(() => parseCliOptions(["--compression", "brotli"])).toThrow(/none or gzip/);
  });

  it("rejects loose loseResponse flags and bad numbers", () => {
    expect(() => parseCliOptions(["--lose-response-rate", "0.5"])).toThrow(UsageError);
    expect(() => parseCliOptions(["--goaway-rate", "x"])).toThrow(/--goaway-rate/);
  });

  it("documents every flag in the usage text", () => {
    for (const flag of [
      "--destroy-connection-after-bytes",
      "--lose-response-how",
      "--goaway-code",
    ]) {
      expect(USAGE).toContain(flag);
    }
  });
});
