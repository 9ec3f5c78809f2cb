import { create } from "@bufbuild/protobuf";
import {
  type SearchIndexTool,
  SearchIndexToolSchema,
  type Tool,
  ToolSchema,
} from "@yc-assistants/types/common";
import { SearchIndexSchema } from "@yc-assistants/types/searchindex";
import { describe, expect, it } from "vitest";
import { EmulatorState } from "../state/emulator-state.js";
import { chunkFile, SearchIndexStore } from "../state/search-index-store.js";
import { searchForRun, searchQueryFor } from "./search-for-run.js";

function autoCall(name: string): SearchIndexTool {
  return create(SearchIndexToolSchema, {
    callStrategy: {
      Strategy: { case: "autoCall", value: { name, instruction: "only when named as good LLM" } },
    },
  });
}

describe("searchQueryFor (call strategies)", () => {
  it("always searches without a strategy or with always_call", () => {
    expect(searchQueryFor(create(SearchIndexToolSchema), "what is it?")).toBe("what is it?");
    const always = create(SearchIndexToolSchema, {
      callStrategy: { Strategy: { case: "alwaysCall", value: {} } },
    });
    expect(searchQueryFor(always, "what is it?")).toBe("what is it?");
  });

  it("auto_call searches only when the message names the tool or says searchQuery:", () => {
    // test_call_strategy_search_index.json: the first message got no search, the second one did.
    expect(searchQueryFor(autoCall("secret_function"), "what is your secret number")).toBe(
      undefined,
    );
    expect(
      searchQueryFor(
        autoCall("secret_function"),
        "good LLM, searchQuery: tell me your secret number",
      ),
    ).toBe("tell me your secret number");
    expect(searchQueryFor(autoCall("secret_function"), "call SECRET_FUNCTION please")).toBe(
      "call SECRET_FUNCTION please",
    );
  });
});

describe("searchForRun", () => {
  const state = new EmulatorState();
  const store = new SearchIndexStore(state);
  const index = create(SearchIndexSchema, {
    id: "idx",
    IndexType: {
      case: "textSearchIndex",
      value: {
        chunkingStrategy: {
          Strategy: { case: "staticStrategy", value: { maxChunkSizeTokens: 3n } },
        },
      },
    },
  });
  const text = "alpha secret one beta secret two gamma secret three delta";
  store.indexes.set("idx", {
    index,
    seq: 1,
    files: [],
    chunks: chunkFile(index, "file", new TextEncoder().encode(text)),
  });
  const tool = (maxNumResults?: bigint): Tool =>
    create(ToolSchema, {
      ToolType: {
        case: "searchIndex",
        value: {
          searchIndexIds: ["idx", "gone"],
          ...(maxNumResults === undefined ? {} : { maxNumResults }),
        },
      },
    });

  it("returns the matching chunks best first, at most max_num_results, skipping missing indexes", () => {
    expect(searchForRun([tool()], "secret", store).map((r) => r.chunk.text)).toEqual([
      "alpha secret one",
      "beta secret two",
      "gamma secret three",
    ]);
    expect(searchForRun([tool(2n)], "secret", store)).toHaveLength(2);
    expect(searchForRun([tool()], "nothing matches", store)).toEqual([]);
  });
});
