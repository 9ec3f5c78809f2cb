/**
 * The RAG steps as protocol requests (PROTOCOL.md, "Files and search indexes"): a patch's
 * `null` becomes a `clear` name (updateFile / updateSearchIndex of the files and
 * search-indexes suites clear fields), labels travel as a `Labels` message so that "no labels"
 * and "empty labels" differ, and an answer without the part its step must carry is malformed.
 */
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  type StepRequest,
  StepResponseSchema,
} from "../gen/ycassistants/conformance/v1/client_under_test_pb.js";
import { SubprocessRagClient } from "./subprocess-rag-client.js";

function recording(answer: Parameters<typeof create<typeof StepResponseSchema>>[1] = {}) {
  const sent: { kind: string; value: unknown }[] = [];
  const client = new SubprocessRagClient(
    async (kind, value) => {
      sent.push({ kind, value });
      return create(StepResponseSchema, answer);
    },
    (what) => new Error(`malformed: ${what}`),
  );
  return { client, sent };
}

describe("SubprocessRagClient", () => {
  it("sends a patch's null as a clear name and its values as fields", async () => {
    const { client, sent } = recording({ file: { id: "f1", name: "n" } });
    const file = await client.updateFile("f1", { name: "n", description: null, labels: null });
    expect(file).toEqual({ id: "f1", name: "n", mimeType: "", description: "", labels: {} });
    expect(sent).toEqual([
      { kind: "updateFile", value: { fileId: "f1", name: "n", clear: ["description", "labels"] } },
    ]);
  });

  it("sends empty labels as a Labels message, absent labels not at all", async () => {
    const { client, sent } = recording({ file: { id: "f1" } });
    await client.uploadFile({ text: "x", labels: {} });
    await client.uploadFile({ text: "y" });
    const [a, b] = sent.map((s) => s.value as StepRequest["step"]["value"] & object);
    expect(a).toMatchObject({ content: { case: "text", value: "x" }, labels: { values: {} } });
    expect(b).not.toHaveProperty("labels");
  });

  it("reads a search index's type, chunking and hybrid options", async () => {
    const { client } = recording({
      searchIndex: {
        id: "i1",
        type: "hybrid",
        chunking: { maxChunkSizeTokens: 400n, chunkOverlapTokens: 100n },
        hybrid: { combinationStrategy: { rrfCombination: { k: "51" } } },
      },
    });
    const index = await client.getSearchIndex("i1");
    expect(index).toMatchObject({
      id: "i1",
      type: "hybrid",
      chunking: { maxChunkSizeTokens: 400, chunkOverlapTokens: 100 },
      hybrid: { combinationStrategy: { rrfCombination: { k: "51" } } },
    });
  });

  it("calls an answer without its search index malformed", async () => {
    const { client } = recording({});
    await expect(client.waitOperation("op-1", {})).rejects.toThrow(
      "malformed: step 0 has no search_index",
    );
  });
});
