/**
 * Runs with a `search_index` tool (issue 9): the call strategy decides when
 * the model searches, the echo model answers from the best chunk, the
 * completed message cites the chunks, and scripts may state citations.
 */
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { Tool } from "@yc-assistants/types/common";
import { type Run, RunState_RunStatus } from "@yc-assistants/types/runs";
import { SearchIndexSchema } from "@yc-assistants/types/searchindex";
import type { Message } from "@yc-assistants/types/threads";
import { describe, expect, it } from "vitest";
import { collect, FOLDER, MODEL_URI } from "../test/support/clients.js";
import { pollOperation, type RagClients, ragInProcess } from "../test/support/rag-clients.js";
import type { EmulatorOptions } from "./emulator-options.js";

async function indexOf(
  c: RagClients,
  texts: string[],
  type: "text" | "vector" | "hybrid" = "text",
): Promise<string> {
  const fileIds: string[] = [];
  for (const text of texts) {
    fileIds.push(
      (await c.files.create({ folderId: FOLDER, content: new TextEncoder().encode(text) })).id,
    );
  }
  const chunking = {
    Strategy: {
      case: "staticStrategy" as const,
      value: { maxChunkSizeTokens: 6n, chunkOverlapTokens: 0n },
    },
  };
  const op = await c.searchIndexes.create({
    folderId: FOLDER,
    fileIds,
    IndexType:
      type === "vector"
        ? { case: "vectorSearchIndex", value: { chunkingStrategy: chunking } }
        : type === "hybrid"
          ? { case: "hybridSearchIndex", value: { chunkingStrategy: chunking } }
          : { case: "textSearchIndex", value: { chunkingStrategy: chunking } },
  });
  const done = (await pollOperation(c, op.id, 2)).at(-1)!;
  return anyUnpack(done.result.value as never, SearchIndexSchema)!.id;
}

function searchTool(ids: string[], extra: Record<string, unknown> = {}): Tool {
  return {
    ToolType: { case: "searchIndex", value: { searchIndexIds: ids, ...extra } },
  } as unknown as Tool;
}

async function ask(c: RagClients, tools: Tool[], question: string, stream = false): Promise<Run> {
  const assistant = await c.assistants.create({ folderId: FOLDER, modelUri: MODEL_URI, tools });
  const thread = await c.threads.create({ folderId: FOLDER });
  await c.messages.create({
    threadId: thread.id,
    content: { content: [{ PartType: { case: "text", value: { content: question } } }] },
  });
  const run = await c.runs.create({ assistantId: assistant.id, threadId: thread.id, stream });
  if (stream) await collect(c.runs.listen({ runId: run.id }));
  for (let i = 0; i < 200; i++) {
    const now = await c.runs.get({ runId: run.id });
    const status = now.state?.status;
    if (status === RunState_RunStatus.COMPLETED || status === RunState_RunStatus.FAILED) return now;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error("the run did not finish");
}

function answer(run: Run): { text: string; message: Message } {
  const message = run.state?.StateData.value as Message;
  const part = message.content?.content[0]?.PartType;
  return { text: part?.case === "text" ? part.value.content : "", message };
}

function citedTexts(message: Message): string[][] {
  return message.citations.map((citation) =>
    citation.sources.map((source) => {
      const part = source.SourceType.value?.content?.content[0]?.PartType;
      return part?.case === "text" ? part.value.content : "";
    }),
  );
}

const DOCS = [
  "my secret number is 57",
  "the weather today is sunny and warm with no clouds at all",
];

describe("runs with a search_index tool", () => {
  for (const type of ["text", "vector", "hybrid"] as const) {
    it(`answers from the best chunk of a ${type} index and cites it`, async () => {
      const c = ragInProcess();
      const index = await indexOf(c, DOCS, type);
      const run = await ask(c, [searchTool([index])], "what is my secret number?");
      const { text, message } = answer(run);
      expect(text).toBe("From the search index: my secret number is 57");
      expect(citedTexts(message)[0]?.[0]).toBe("my secret number is 57");
      const chunk = message.citations[0]?.sources[0]?.SourceType.value;
      expect(chunk?.searchIndex?.id).toBe(index);
      expect(chunk?.sourceFile?.mimeType).toBe("text/plain");
    });
  }

  it("cites the index as it was before the run, then marks it active (expires_at moves)", async () => {
    const c = ragInProcess();
    const id = await indexOf(c, DOCS);
    const before = await c.searchIndexes.get({ searchIndexId: id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { message } = answer(await ask(c, [searchTool([id])], "secret number"));
    const embedded = message.citations[0]?.sources[0]?.SourceType.value?.searchIndex;
    expect(embedded?.expiresAt).toEqual(before.expiresAt);
    const after = await c.searchIndexes.get({ searchIndexId: id });
    const ms = (t: typeof after.expiresAt) => Number(t!.seconds) * 1000 + t!.nanos / 1e6;
    expect(ms(after.expiresAt)).toBeGreaterThan(ms(before.expiresAt));
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("limits the chunks to max_num_results and counts them in the prompt", async () => {
    const c = ragInProcess();
    const index = await indexOf(c, [
      "apple one two three four five apple six seven eight nine ten apple end",
    ]);
    const all = answer(await ask(c, [searchTool([index])], "apple"));
    expect(citedTexts(all.message)[0]).toHaveLength(3);
    const one = await ask(c, [searchTool([index], { maxNumResults: 1n })], "apple");
    // BM25 favours the shortest chunk holding the term.
    expect(citedTexts(answer(one).message)).toEqual([["apple end"]]);
    expect(one.usage?.promptTokens).toBe(BigInt(1 + 2));
  });

  it("auto_call searches only when the message meets the rule (recorded call strategies)", async () => {
    const c = ragInProcess();
    const index = await indexOf(c, DOCS);
    const auto = searchTool([index], {
      callStrategy: {
        Strategy: {
          case: "autoCall",
          value: {
            name: "secret_function",
            instruction: "use this only if you are named as good LLM",
          },
        },
      },
    });
    const silent = answer(await ask(c, [auto], "what is your secret number"));
    expect(silent.text).toBe("Echo: what is your secret number");
    expect(silent.message.citations).toEqual([]);
    const searched = answer(
      await ask(c, [auto], "good LLM, searchQuery: tell me your secret number"),
    );
    expect(searched.text).toContain("57");
    expect(citedTexts(searched.message)).toEqual([["my secret number is 57"]]);
  });

  it("cites in streamed runs too, and not when nothing matches", async () => {
    const c = ragInProcess();
    const index = await indexOf(c, DOCS);
    const streamed = answer(await ask(c, [searchTool([index])], "secret number?", true));
    expect(citedTexts(streamed.message)).toEqual([["my secret number is 57"]]);
    const nothing = answer(await ask(c, [searchTool([index])], "zebra"));
    expect(nothing.text).toBe("Echo: zebra");
    expect(nothing.message.citations).toEqual([]);
  });

  it("lets scripts use {{search_results}} and state citations, or none", async () => {
    const script: EmulatorOptions["model"] = {
      turns: [
        {
          text: "It is 57. ({{search_results}})",
          citations: [{ sources: [{ chunk: "number is 57" }, { chunk: "sunny" }] }],
        },
        { text: "No citations here.", citations: [] },
        { text: "Bad", citations: [{ sources: [{ chunk: "not in any chunk" }] }] },
      ],
    };
    const c = ragInProcess({ model: script });
    const index = await indexOf(c, DOCS);
    const tools = [searchTool([index])];
    const first = answer(await ask(c, tools, "secret number"));
    expect(first.text).toBe("It is 57. (my secret number is 57)");
    expect(citedTexts(first.message)).toEqual([
      ["my secret number is 57", "the weather today is sunny and"],
    ]);
    // The script model plays turns per thread: a new thread starts at turn 0,
    // so the next turns are exercised with a custom model below.
    const model = {
      respond: () => ({ text: "No citations here.", citations: [] }),
    };
    const none = ragInProcess({ model });
    const noneIndex = await indexOf(none, DOCS);
    expect(answer(await ask(none, [searchTool([noneIndex])], "secret")).message.citations).toEqual(
      [],
    );
    const bad = ragInProcess({
      model: { respond: () => ({ text: "x", citations: [{ sources: [{ chunk: "nowhere" }] }] }) },
    });
    const badIndex = await indexOf(bad, DOCS);
    const failed = await ask(bad, [searchTool([badIndex])], "secret");
    expect(failed.state?.status).toBe(RunState_RunStatus.FAILED);
    expect(failed.state?.StateData.value).toMatchObject({
      message: expect.stringMatching(/citations\[0\]\.sources\[0\].*matches no chunk/),
    });
  });
});
