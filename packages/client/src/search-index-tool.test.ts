import { Code, ConnectError } from "@connectrpc/connect";
import { AssistantService, type CreateAssistantRequest } from "@yc-assistants/types/assistants";
import { describe, expect, it } from "vitest";
import { clientOver } from "../test/support.js";
import { searchIndexTool } from "./search-index-tool.js";

function codeOf(fn: () => unknown): ConnectError | undefined {
  try {
    fn();
  } catch (e) {
    return ConnectError.from(e);
  }
  return undefined;
}

describe("searchIndexTool", () => {
  it("builds a search_index Tool from handles or ids, with limits and call strategies", () => {
    const always = searchIndexTool({
      searchIndexes: ["idx-1", { id: "idx-2" }],
      maxNumResults: 3,
      callStrategy: "always",
    });
    expect(always.ToolType).toMatchObject({
      case: "searchIndex",
      value: {
        searchIndexIds: ["idx-1", "idx-2"],
        maxNumResults: 3n,
        callStrategy: { Strategy: { case: "alwaysCall" } },
      },
    });
    const auto = searchIndexTool({
      searchIndexes: ["idx"],
      callStrategy: { autoCall: { name: "secret_function", instruction: "only if asked" } },
      rephraserUri: "gpt://f/rephraser",
    });
    expect(auto.ToolType).toMatchObject({
      case: "searchIndex",
      value: {
        callStrategy: {
          Strategy: {
            case: "autoCall",
            value: { name: "secret_function", instruction: "only if asked" },
          },
        },
        rephraserOptions: { rephraserUri: "gpt://f/rephraser" },
      },
    });
    // No strategy: the service fills in "always" (recorded).
    const plain = searchIndexTool({ searchIndexes: ["idx"] });
    expect(plain.ToolType.case === "searchIndex" && plain.ToolType.value.callStrategy).toBe(
      undefined,
    );
  });

  it("refuses bad options, naming the field", () => {
    const bad: [unknown, RegExp][] = [
      [undefined, /searchIndexTool is required/],
      [{ searchIndexes: [] }, /searchIndexTool\.searchIndexes needs at least one/],
      [{ searchIndexes: [""] }, /searchIndexTool\.searchIndexes\[0\] is required/],
      [{ searchIndexes: ["i"], maxNumResults: 0 }, /searchIndexTool\.maxNumResults/],
      [
        { searchIndexes: ["i"], callStrategy: "sometimes" },
        /searchIndexTool\.callStrategy must be/,
      ],
      [
        { searchIndexes: ["i"], callStrategy: { autoCall: { name: "n" } } },
        /searchIndexTool\.callStrategy\.autoCall\.instruction is required/,
      ],
      [{ searchIndexes: ["i"], indexes: [] }, /searchIndexTool\.indexes is not a known option/],
    ];
    for (const [options, message] of bad) {
      const error = codeOf(() => searchIndexTool(options as never));
      expect(error?.code).toBe(Code.InvalidArgument);
      expect(error?.message).toMatch(message);
    }
  });

  it("assistants and runs take it in tools, next to function tools", async () => {
    const requests: CreateAssistantRequest[] = [];
    const client = clientOver((router) => {
      router.service(AssistantService, {
        create: (req) => {
          requests.push(req);
          return { id: "a", folderId: req.folderId, modelUri: req.modelUri, tools: req.tools };
        },
      });
    });
    const assistant = await client.assistants.create({
      model: "yandexgpt",
      tools: [
        searchIndexTool({ searchIndexes: ["idx"], maxNumResults: 2 }),
        { name: "get_time", description: "now" },
      ],
    });
    expect(requests[0]?.tools.map((t) => t.ToolType.case)).toEqual(["searchIndex", "function"]);
    expect(assistant.tools[0]?.ToolType.case).toBe("searchIndex");
  });
});
