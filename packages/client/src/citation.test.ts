import { readFileSync } from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import { create, fromJson, type JsonValue } from "@bufbuild/protobuf";
import { registry } from "@yc-assistants/types";
import {
  RunSchema,
  RunState_RunStatus,
  StreamEvent_EventType,
  StreamEventSchema,
} from "@yc-assistants/types/runs";
import { CitationSchema, ContentPartSchema, SourceSchema } from "@yc-assistants/types/threads";
import { describe, expect, it } from "vitest";
import { filesFixturesDir } from "../test/replay-server.js";
import { citationsFromProto, textParts } from "./citation.js";
import { RunResult } from "./run-result.js";
import { RunStreamEvent } from "./run-stream-event.js";

const text = (content: string) =>
  create(ContentPartSchema, { PartType: { case: "text", value: { content } } });

describe("textParts", () => {
  it("keeps text parts in order and skips parts of an unknown kind", () => {
    expect(textParts([text("a"), create(ContentPartSchema, {}), text("b")])).toEqual(["a", "b"]);
  });

  it("is empty for no parts", () => {
    expect(textParts([])).toEqual([]);
  });
});

describe("citationsFromProto", () => {
  it("maps a file chunk: search index, source file, chunk text parts", () => {
    const [citation] = citationsFromProto([
      create(CitationSchema, {
        sources: [
          {
            SourceType: {
              case: "chunk",
              value: {
                searchIndex: { id: "idx", name: "Docs", description: "d", folderId: "f" },
                sourceFile: {
                  id: "file",
                  name: "guide.pdf",
                  mimeType: "application/pdf",
                  description: "g",
                  folderId: "f",
                },
                content: { content: [text("p1"), text("p2")] },
              },
            },
          },
        ],
      }),
    ]);
    const source = citation?.sources[0];
    expect(source).toMatchObject({
      type: "chunk",
      searchIndex: { id: "idx", name: "Docs", description: "d", folderId: "f" },
      file: {
        id: "file",
        name: "guide.pdf",
        mimeType: "application/pdf",
        description: "g",
        folderId: "f",
      },
      parts: ["p1", "p2"],
      text: "p1\np2",
    });
    expect(source?.searchIndex?.proto.id).toBe("idx");
    expect(source?.file?.proto.id).toBe("file");
    expect(Object.isFrozen(citation)).toBe(true);
    expect(Object.isFrozen(source)).toBe(true);
  });

  it("a chunk without index, file or content has them absent and empty text", () => {
    const [citation] = citationsFromProto([
      create(CitationSchema, { sources: [{ SourceType: { case: "chunk", value: {} } }] }),
    ]);
    const source = citation?.sources[0];
    expect(source?.searchIndex).toBeUndefined();
    expect(source?.file).toBeUndefined();
    expect(source?.parts).toEqual([]);
    expect(source?.text).toBe("");
  });

  it("skips sources of an unknown kind and keeps citation order", () => {
    const list = citationsFromProto([
      create(CitationSchema, { sources: [create(SourceSchema, {})] }),
      create(CitationSchema, {
        sources: [{ SourceType: { case: "chunk", value: { content: { content: [text("x")] } } } }],
      }),
    ]);
    expect(list).toHaveLength(2);
    expect(list[0]?.sources).toEqual([]);
    expect(list[1]?.sources[0]?.text).toBe("x");
  });

  it("no citations → []", () => {
    expect(citationsFromProto([])).toEqual([]);
  });
});

// issue 9, "Client": citations as the real service sends them, decoded from the recording
// (yandex-recorded-files/test_search_indexes/test_call_strategy_search_index.json).
describe("recorded citations (test_call_strategy_search_index.json)", () => {
  interface Recorded {
    interactions: {
      request: { cls: string };
      response?: { cls: string; message: JsonValue };
    }[];
  }
  const recording = JSON.parse(
    readFileSync(
      path.join(filesFixturesDir(), "test_search_indexes/test_call_strategy_search_index.json"),
      "utf8",
    ),
  ) as Recorded;
  const runs = recording.interactions
    .filter((i) => i.request.cls === "GetRunRequest" && i.response !== undefined)
    .map((i) => fromJson(RunSchema, i.response?.message as JsonValue, { registry }));
  const completed = runs.filter((r) => r.state?.status === RunState_RunStatus.COMPLETED);

  it("RunResult.citations: the chunk with its whole search index and source file", () => {
    const result = RunResult.fromProto(completed[0] as (typeof completed)[number]);
    expect(result.text).toBe("57");
    expect(result.citations).toHaveLength(1);
    const [source] = result.citations[0]?.sources ?? [];
    expect(source).toMatchObject({
      type: "chunk",
      text: "my secret number is 57",
      parts: ["my secret number is 57"],
      searchIndex: {
        id: "fvtpabs6qf144941m9r4",
        folderId: "b1ghsjum2v37c2un8h64",
        name: "",
        type: "text",
        labels: {},
      },
      file: {
        id: "fvthq2si8brpvqmmg53s",
        folderId: "b1ghsjum2v37c2un8h64",
        mimeType: "text/plain",
        name: "",
        labels: {},
      },
    });
    expect(source?.searchIndex?.createdAt?.toISOString()).toBe("2025-07-24T14:26:08.341Z");
    expect(source?.file?.createdAt?.toISOString()).toBe("2025-07-24T14:26:08.132Z");
    // The whole messages stay reachable: e.g. the index's chunking as recorded.
    const indexType = source?.searchIndex?.proto.IndexType;
    expect(indexType?.case).toBe("textSearchIndex");
  });

  // issue 12: JSON.stringify(result) threw on the int64 fields of the embedded index.
  it("JSON.stringify(result) writes the citations as plain JSON, dates in RFC 3339", () => {
    const result = RunResult.fromProto(completed[0] as (typeof completed)[number]);
    const json = JSON.parse(JSON.stringify(result)) as {
      citations: { sources: Record<string, Record<string, unknown>>[] }[];
    };
    const [source] = json.citations[0]?.sources ?? [];
    expect(source?.searchIndex).toEqual({
      id: "fvtpabs6qf144941m9r4",
      name: "",
      description: "",
      folderId: "b1ghsjum2v37c2un8h64",
      type: "text",
      labels: {},
      // The recording's microseconds, kept (the Date of `createdAt` rounds to .341).
      createdAt: "2025-07-24T14:26:08.340581Z",
    });
    expect(source?.file).toMatchObject({ id: "fvthq2si8brpvqmmg53s", mimeType: "text/plain" });
    expect(source?.file?.createdAt).toMatch(/^2025-07-24T14:26:08\.13\d*Z$/);
    expect(source?.text).toBe("my secret number is 57");
    expect(source).not.toHaveProperty("proto");
    const citation = result.citations[0];
    expect(JSON.parse(JSON.stringify(citation))).toEqual(json.citations[0]);
    expect(inspect(citation, { depth: 8 })).toContain("text: 'my secret number is 57'");
    expect(inspect(citation)).not.toContain("$typeName");
  });

  it("an answer given without searching has no citations; every COMPLETED poll maps", () => {
    const texts = completed.map((run) => RunResult.fromProto(run));
    expect(texts.map((r) => r.citations.length)).toEqual([1, 1, 0, 0, 1, 1]);
    expect(texts.at(-1)?.text).toBe("The secret number is 57.");
    expect(texts.at(-1)?.citations[0]?.sources[0]?.text).toBe("my secret number is 57");
  });

  it("RunStreamEvent.citations: the DONE event of the same completed message", () => {
    const run = completed.at(-1);
    const data = run?.state?.StateData;
    if (data?.case !== "completedMessage") throw new Error("recording changed");
    const event = RunStreamEvent.fromProto(
      create(StreamEventSchema, {
        eventType: StreamEvent_EventType.DONE,
        EventData: { case: "completedMessage", value: data.value },
      }),
    );
    expect(event.citations[0]?.sources[0]).toMatchObject({
      text: "my secret number is 57",
      searchIndex: { id: "fvtpabs6qf144941m9r4", type: "text" },
      file: { id: "fvthq2si8brpvqmmg53s", mimeType: "text/plain" },
    });
    const partial = RunStreamEvent.fromProto(
      create(StreamEventSchema, {
        eventType: StreamEvent_EventType.PARTIAL_MESSAGE,
        EventData: { case: "partialMessage", value: { content: [text("The secret")] } },
      }),
    );
    expect(partial.citations).toEqual([]);
  });
});
