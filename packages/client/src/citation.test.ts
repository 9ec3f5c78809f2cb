import { create } from "@bufbuild/protobuf";
import { CitationSchema, ContentPartSchema, SourceSchema } from "@yc-assistants/types/threads";
import { describe, expect, it } from "vitest";
import { citationsFromProto, textParts } from "./citation.js";

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
