import { create, toJson } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, type ConnectError } from "@connectrpc/connect";
import {
  type Assistant as AssistantProto,
  AssistantSchema,
  AssistantService,
  type CreateAssistantRequest,
  CreateAssistantRequestSchema,
  type ListAssistantsRequest,
  type UpdateAssistantRequest,
  UpdateAssistantRequestSchema,
} from "@yc-assistants/types/assistants";
import { describe, expect, test } from "vitest";
import { clientOver, FOLDER } from "../test/support.js";
import { functionTool } from "./index.js";

function assistantServer(pages: AssistantProto[][] = [], tokens: string[] = []) {
  const creates: CreateAssistantRequest[] = [];
  const updates: UpdateAssistantRequest[] = [];
  const lists: ListAssistantsRequest[] = [];
  const deletes: string[] = [];
  const gets: string[] = [];
  const client = clientOver((router) =>
    router.service(AssistantService, {
      async create(req) {
        creates.push(req);
        return create(AssistantSchema, {
          id: "asst-1",
          folderId: req.folderId,
          name: req.name,
          modelUri: req.modelUri,
          instruction: req.instruction,
          tools: req.tools,
          labels: req.labels,
          completionOptions: req.completionOptions,
          promptTruncationOptions: req.promptTruncationOptions,
          responseFormat: req.responseFormat,
          expirationConfig: req.expirationConfig,
          createdAt: timestampFromDate(new Date("2025-04-07T14:42:56Z")),
        });
      },
      async get(req) {
        gets.push(req.assistantId);
        return create(AssistantSchema, { id: req.assistantId, name: "got" });
      },
      async update(req) {
        updates.push(req);
        return create(AssistantSchema, { id: req.assistantId, name: req.name });
      },
      async delete(req) {
        deletes.push(req.assistantId);
        return {};
      },
      async list(req) {
        lists.push(req);
        const i = lists.length - 1;
        return { assistants: pages[i] ?? [], nextPageToken: tokens[i] ?? "" };
      },
    }),
  );
  return { client, creates, updates, lists, deletes, gets };
}

describe("client.assistants.create()", () => {
  test.each([
    ["yandexgpt", `gpt://${FOLDER}/yandexgpt/latest`],
    ["yandexgpt/rc", `gpt://${FOLDER}/yandexgpt/rc`],
    ["yandexgpt-lite/latest", `gpt://${FOLDER}/yandexgpt-lite/latest`],
    ["gpt://other/yandexgpt/rc", "gpt://other/yandexgpt/rc"],
  ])("model %s → modelUri %s", async (model, uri) => {
    const { client, creates } = assistantServer();
    const assistant = await client.assistants.create({ model });
    expect(creates[0]?.modelUri).toBe(uri);
    expect(creates[0]?.folderId).toBe(FOLDER);
    expect(assistant.modelUri).toBe(uri);
  });

  test("maps every option to CreateAssistantRequest", async () => {
    const { client, creates } = assistantServer();
    const tool = functionTool({
      name: "special_operation",
      description: "does FOO",
      parameters: { type: "object", properties: { numbers: { type: "array" } } },
    });
    const a = await client.assistants.create({
      modelUri: "gpt://f/yandexgpt/latest",
      name: "helper",
      description: "desc",
      instruction: "Be brief.",
      tools: [tool, { name: "plain", description: "from options" }],
      temperature: 0,
      maxTokens: 100,
      maxPromptTokens: 2000,
      truncation: { lastMessages: 5 },
      responseFormat: { jsonSchema: { type: "object" } },
      labels: { team: "ai" },
      expiration: { policy: "since_last_active", ttlDays: 3 },
    });
    expect(toJson(CreateAssistantRequestSchema, creates[0]!)).toEqual({
      folderId: FOLDER,
      name: "helper",
      description: "desc",
      modelUri: "gpt://f/yandexgpt/latest",
      instruction: "Be brief.",
      labels: { team: "ai" },
      expirationConfig: { expirationPolicy: "SINCE_LAST_ACTIVE", ttlDays: "3" },
      completionOptions: { temperature: 0, maxTokens: "100" },
      promptTruncationOptions: {
        maxPromptTokens: "2000",
        lastMessagesStrategy: { numMessages: "5" },
      },
      responseFormat: { jsonSchema: { schema: { type: "object" } } },
      tools: [
        {
          function: {
            name: "special_operation",
            description: "does FOO",
            parameters: { type: "object", properties: { numbers: { type: "array" } } },
          },
        },
        { function: { name: "plain", description: "from options" } },
      ],
    });
    expect(a.temperature).toBe(0);
    expect(a.maxTokens).toBe(100);
    expect(a.maxPromptTokens).toBe(2000);
    expect(a.truncation).toEqual({ lastMessages: 5 });
    expect(a.responseFormat).toEqual({ jsonSchema: { type: "object" } });
    expect(a.expiration).toEqual({ policy: "since_last_active", ttlDays: 3 });
    expect(a.labels).toEqual({ team: "ai" });
    expect(a.createdAt).toEqual(new Date("2025-04-07T14:42:56Z"));
  });

  test('truncation "auto" and responseFormat "json"', async () => {
    const { client, creates } = assistantServer();
    const a = await client.assistants.create({
      model: "yandexgpt",
      truncation: "auto",
      responseFormat: "json",
    });
    const json = toJson(CreateAssistantRequestSchema, creates[0]!) as Record<string, unknown>;
    expect(json.promptTruncationOptions).toEqual({ autoStrategy: {} });
    expect(json.responseFormat).toEqual({ jsonObject: true });
    expect(a.truncation).toBe("auto");
    expect(a.responseFormat).toBe("json");
  });

  test.each([
    [{}, /options\.model is required/],
    [{ model: "" }, /options\.model is required/],
    [{ model: "a", modelUri: "gpt://x" }, /either model or modelUri/],
    [{ model: "a", temperature: -1 }, /options\.temperature must be >= 0/],
    [{ model: "a", temperature: Number.NaN }, /options\.temperature must be a finite number/],
    [{ model: "a", maxTokens: 1.5 }, /options\.maxTokens must be a positive integer/],
    [{ model: "a", maxPromptTokens: 0 }, /options\.maxPromptTokens must be a positive integer/],
    [
      { model: "a", truncation: "smart" },
      /options\.truncation must be "auto" or \{ lastMessages: n \}/,
    ],
    [{ model: "a", truncation: { lastMessages: 0 } }, /options\.truncation\.lastMessages/],
    [{ model: "a", responseFormat: "xml" }, /options\.responseFormat/],
    [{ model: "a", labels: { a: 1 } }, /options\.labels\.a must be a string/],
    [{ model: "a", expiration: { policy: "forever" } }, /options\.expiration\.policy/],
    [{ model: "a", tools: [{ description: "no name" }] }, /options\.tools\[0\]\.name is required/],
    [
      { model: "a", tools: [{ name: "f", parameters: { f: () => 1 } }] },
      /options\.tools\[0\]\.parameters/,
    ],
    [{ model: "a", instructions: "typo" }, /options\.instructions is not a known option/],
    // issue 12, point 1: model names and URIs are checked, not sent as written.
    [{ model: " yandexgpt " }, /options\.model " yandexgpt " has leading or trailing whitespace/],
    [{ model: "a/b" }, /options\.model "a\/b": the version "b" is not latest, rc or deprecated/],
    [{ modelUri: "notauri" }, /options\.modelUri "notauri" is not a model URI/],
  ])("invalid %j → InvalidArgument naming the field, no request", async (options, message) => {
    const { client, creates } = assistantServer();
    const err = await client.assistants.create(options as never).catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).rawMessage).toMatch(message);
    expect(creates).toHaveLength(0);
  });
});

describe("client.assistants get/list/update/delete", () => {
  test("get and delete validate the id and call the service", async () => {
    const { client, gets, deletes } = assistantServer();
    const a = await client.assistants.get("asst-9");
    expect(a.id).toBe("asst-9");
    expect(gets).toEqual(["asst-9"]);
    await a.delete();
    await client.assistants.delete("asst-8");
    expect(deletes).toEqual(["asst-9", "asst-8"]);
    for (const bad of ["", "  ", undefined, 5]) {
      const err = await client.assistants.get(bad as never).catch((e: unknown) => e);
      expect((err as ConnectError).code).toBe(Code.InvalidArgument);
      expect((err as ConnectError).rawMessage).toMatch(/assistantId/);
    }
    expect(gets).toHaveLength(1);
  });

  test("list stops on an empty next_page_token: a full page with an empty token = exactly one call", async () => {
    const full = Array.from({ length: 3 }, (_, i) => create(AssistantSchema, { id: `a${i}` }));
    const { client, lists } = assistantServer([full, full], ["", "never"]);
    const ids: string[] = [];
    for await (const a of client.assistants.list({ pageSize: 3 })) ids.push(a.id);
    expect(ids).toEqual(["a0", "a1", "a2"]);
    expect(lists).toHaveLength(1);
    expect(lists[0]?.pageSize).toBe(3n);
    expect(lists[0]?.folderId).toBe(FOLDER);
  });

  test("list walks pages with the tokens, lazily", async () => {
    const page = (p: number) => [create(AssistantSchema, { id: `p${p}` })];
    const { client, lists } = assistantServer([page(1), page(2), page(3)], ["t2", "t3", ""]);
    const iterable = client.assistants.list();
    expect(lists).toHaveLength(0);
    const ids: string[] = [];
    for await (const a of iterable) ids.push(a.id);
    expect(ids).toEqual(["p1", "p2", "p3"]);
    expect(lists.map((l) => l.pageToken)).toEqual(["", "t2", "t3"]);
  });

  test("update builds the field mask from the given keys; null clears", async () => {
    const { client, updates } = assistantServer();
    const updated = await client.assistants.update("asst-1", {
      name: "new",
      temperature: null,
      maxTokens: 50,
      truncation: "auto",
      model: "yandexgpt/rc",
      instruction: undefined,
    });
    expect(updated.name).toBe("new");
    const json = toJson(UpdateAssistantRequestSchema, updates[0]!) as Record<string, unknown>;
    expect(json.updateMask).toBe(
      "name,completionOptions.temperature,completionOptions.maxTokens,promptTruncationOptions.autoStrategy,modelUri",
    );
    expect(updates[0]?.updateMask?.paths).toEqual([
      "name",
      "completion_options.temperature",
      "completion_options.max_tokens",
      "prompt_truncation_options.auto_strategy",
      "model_uri",
    ]);
    expect(json.completionOptions).toEqual({ maxTokens: "50" });
    expect(json.modelUri).toBe(`gpt://${FOLDER}/yandexgpt/rc`);
    expect(json.instruction).toBeUndefined();
  });

  test("null truncation clears both strategies; partial expiration masks one sub-field", async () => {
    const { client, updates } = assistantServer();
    await client.assistants.update("a", { truncation: null, expiration: { ttlDays: 3 } });
    expect(updates[0]?.updateMask?.paths).toEqual([
      "prompt_truncation_options.auto_strategy",
      "prompt_truncation_options.last_messages_strategy",
      "expiration_config.ttl_days",
    ]);
    expect(updates[0]?.expirationConfig?.ttlDays).toBe(3n);
  });

  test("update on the handle; an empty patch or unknown key is refused", async () => {
    const { client, updates } = assistantServer();
    const a = await client.assistants.create({ model: "yandexgpt" });
    await a.update({ labels: { x: "y" } });
    expect(updates[0]?.updateMask?.paths).toEqual(["labels"]);
    for (const bad of [
      {},
      { name: undefined },
      { nmae: "x" },
      undefined,
      { model: "a/b" },
      { modelUri: "notauri" },
    ]) {
      const err = await a.update(bad as never).catch((e: unknown) => e);
      expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    }
    expect(updates).toHaveLength(1);
  });
});
