import { readFileSync } from "node:fs";
import path from "node:path";
import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { RunSchema, registry } from "@yc-assistants/types";
import { describe, expect, it } from "vitest";
import { wireCitations } from "./rag-checks.js";
import { defaultFixturesDir } from "./run-conformance.js";

const recording = path.join(
  defaultFixturesDir(),
  "..",
  "yandex-recorded-files",
  "test_search_indexes",
  "test_call_strategy_search_index.json",
);

describe("wireCitations", () => {
  it("reads the recorded citations: the chunk with its index, its file and its text", () => {
    const data = JSON.parse(readFileSync(recording, "utf8")) as {
      interactions: { response?: { cls: string; message: JsonValue } }[];
    };
    const runs = data.interactions
      .filter((i) => i.response?.cls === "Run")
      .map((i) => fromJson(RunSchema, i.response?.message as JsonValue, { registry }));
    const last = runs[runs.length - 1];
    expect(wireCitations(last)).toEqual([
      [
        {
          searchIndex: "fvtpabs6qf144941m9r4",
          file: "fvthq2si8brpvqmmg53s",
          text: "my secret number is 57",
        },
      ],
    ]);
    // The auto-call run that did not search: a completed message without citations.
    const uncited = runs.find((r) => r.id === "fvt874cjmc7vhv03q43q" && r.state?.status === 5);
    expect(wireCitations(uncited)).toEqual([]);
    expect(wireCitations(undefined)).toEqual([]);
  });
});
