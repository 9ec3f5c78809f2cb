import { toJson } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { AssistantSchema } from "@yc-assistants/types/assistants";
import { ExpirationConfig_ExpirationPolicy } from "@yc-assistants/types/common";
import { describe, expect, it } from "vitest";
import {
  expectCode,
  FOLDER,
  functionTool,
  inProcess,
  MODEL_URI,
} from "../../test/support/clients.js";

describe("AssistantService", () => {
  it("fills an assistant the way the recordings show", async () => {
    const c = inProcess();
    const created = await c.assistants.create({
      folderId: FOLDER,
      modelUri: MODEL_URI,
      promptTruncationOptions: {},
    });
    expect(created.id).toMatch(/^fvt[0-9a-v]{17}$/);
    expect(created.createdBy).toMatch(/^aje[0-9a-v]{17}$/);
    expect(created.updatedBy).toBe(created.createdBy);
    expect(created.updatedAt).toEqual(created.createdAt);
    const json = toJson(AssistantSchema, created) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(
      [
        "completionOptions",
        "createdAt",
        "createdBy",
        "expirationConfig",
        "expiresAt",
        "folderId",
        "id",
        "modelUri",
        "promptTruncationOptions",
        "updatedAt",
        "updatedBy",
      ].sort(),
    );
    expect(json["expirationConfig"]).toEqual({
      expirationPolicy: "SINCE_LAST_ACTIVE",
      ttlDays: "7",
    });
    expect(json["promptTruncationOptions"]).toEqual({ autoStrategy: {} });
    expect(json["completionOptions"]).toEqual({});
    const days =
      (timestampDate(created.expiresAt!).getTime() - timestampDate(created.createdAt!).getTime()) /
      86_400_000;
    expect(days).toBe(7);
  });

  it("keeps what the request sets", async () => {
    const c = inProcess();
    const created = await c.assistants.create({
      folderId: FOLDER,
      modelUri: MODEL_URI,
      name: "n",
      description: "d",
      instruction: "be brief",
      labels: { a: "b" },
      expirationConfig: { expirationPolicy: ExpirationConfig_ExpirationPolicy.STATIC, ttlDays: 5n },
      promptTruncationOptions: {
        maxPromptTokens: 10n,
        TruncationStrategy: { case: "lastMessagesStrategy", value: { numMessages: 10n } },
      },
      completionOptions: { temperature: 0 },
      tools: [functionTool("f")],
      responseFormat: { ResponseFormat: { case: "jsonObject", value: true } },
    });
    const json = toJson(AssistantSchema, created) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: "n",
      description: "d",
      instruction: "be brief",
      labels: { a: "b" },
      expirationConfig: { expirationPolicy: "STATIC", ttlDays: "5" },
      promptTruncationOptions: {
        maxPromptTokens: "10",
        lastMessagesStrategy: { numMessages: "10" },
      },
      completionOptions: { temperature: 0 },
      responseFormat: { jsonObject: true },
    });
    expect(created.tools).toHaveLength(1);
    expect(await c.assistants.get({ assistantId: created.id })).toEqual(created);
  });

  it("updates by field mask, records one version per update, and keeps created_at", async () => {
    const c = inProcess();
    const created = await c.assistants.create({ folderId: FOLDER, modelUri: MODEL_URI });
    const named = await c.assistants.update({
      assistantId: created.id,
      updateMask: { paths: ["name"] },
      name: "name",
      description: "not in mask",
    });
    expect(named.name).toBe("name");
    expect(named.description).toBe("");
    expect(named.createdAt).toEqual(created.createdAt);
    expect(named.expiresAt).toEqual(created.expiresAt);
    const tuned = await c.assistants.update({
      assistantId: created.id,
      updateMask: {
        paths: [
          "model_uri",
          "completion_options.temperature",
          "prompt_truncation_options.max_prompt_tokens",
        ],
      },
      modelUri: `gpt://${FOLDER}/yandexgpt-lite/latest`,
      completionOptions: { temperature: 0.1, maxTokens: 99n },
      promptTruncationOptions: { maxPromptTokens: 50n },
    });
    expect(tuned.modelUri).toContain("yandexgpt-lite");
    expect(tuned.completionOptions?.temperature).toBe(0.1);
    expect(tuned.completionOptions?.maxTokens).toBeUndefined();
    // The strategy stays auto (recorded), the limit is added.
    expect(toJson(AssistantSchema, tuned)).toMatchObject({
      promptTruncationOptions: { maxPromptTokens: "50", autoStrategy: {} },
    });
    const ttl = await c.assistants.update({
      assistantId: created.id,
      updateMask: { paths: ["expiration_config.ttl_days"] },
      expirationConfig: { ttlDays: 3n },
    });
    expect(ttl.expirationConfig?.expirationPolicy).toBe(
      ExpirationConfig_ExpirationPolicy.SINCE_LAST_ACTIVE,
    );
    expect(
      (timestampDate(ttl.expiresAt!).getTime() - timestampDate(ttl.createdAt!).getTime()) /
        86_400_000,
    ).toBe(3);

    const versions = await c.assistants.listVersions({ assistantId: created.id });
    expect(versions.versions.map((v) => v.updateMask?.paths)).toEqual([
      ["expiration_config.ttl_days"],
      [
        "model_uri",
        "completion_options.temperature",
        "prompt_truncation_options.max_prompt_tokens",
      ],
      ["name"],
    ]);
    expect(versions.versions[2]?.assistant?.name).toBe("name");
    expect(versions.versions[2]?.assistant?.modelUri).toBe(MODEL_URI);
    expect(new Set(versions.versions.map((v) => v.id)).size).toBe(3);
    const paged = await c.assistants.listVersions({ assistantId: created.id, pageSize: 2n });
    expect(paged.versions).toHaveLength(2);
    const rest = await c.assistants.listVersions({
      assistantId: created.id,
      pageSize: 2n,
      pageToken: paged.nextPageToken,
    });
    expect(rest.versions.map((v) => v.id)).toEqual([versions.versions[2]?.id]);
    // Issue 9: the last page has a token too; it leads to an empty page without one.
    const end = await c.assistants.listVersions({
      assistantId: created.id,
      pageSize: 2n,
      pageToken: rest.nextPageToken,
    });
    expect(end).toMatchObject({ versions: [], nextPageToken: "" });
  });

  it("rejects bad updates without changing anything", async () => {
    const c = inProcess();
    const created = await c.assistants.create({
      folderId: FOLDER,
      modelUri: MODEL_URI,
      name: "keep",
    });
    await expectCode(
      c.assistants.update({
        assistantId: created.id,
        updateMask: { paths: ["name", "nope"] },
        name: "x",
      }),
      Code.InvalidArgument,
      /"nope"/,
    );
    await expectCode(
      c.assistants.update({ assistantId: created.id, name: "x" }),
      Code.InvalidArgument,
      /^update_mask is required$/,
    );
    await expectCode(
      c.assistants.update({ assistantId: created.id, updateMask: { paths: [] } }),
      Code.InvalidArgument,
      /update_mask is required/,
    );
    await expectCode(
      c.assistants.update({ assistantId: created.id, updateMask: { paths: ["model_uri"] } }),
      Code.InvalidArgument,
      /^model_uri is required$/,
    );
    await expectCode(
      c.assistants.update({
        assistantId: created.id,
        updateMask: { paths: ["expiration_config"] },
        expirationConfig: { ttlDays: -1n },
      }),
      Code.InvalidArgument,
      /ttl_days/,
    );
    await expectCode(
      c.assistants.update({ assistantId: "fvtnope", updateMask: { paths: ["name"] } }),
      Code.NotFound,
      /^assistant fvtnope not found$/,
    );
    expect((await c.assistants.get({ assistantId: created.id })).name).toBe("keep");
    expect((await c.assistants.listVersions({ assistantId: created.id })).versions).toEqual([]);
  });

  it("answers INVALID_ARGUMENT naming each required field and NOT_FOUND for unknown ids", async () => {
    const c = inProcess();
    await expectCode(
      c.assistants.create({ modelUri: MODEL_URI }),
      Code.InvalidArgument,
      /^folder_id is required$/,
    );
    await expectCode(
      c.assistants.create({ folderId: FOLDER }),
      Code.InvalidArgument,
      /^model_uri is required$/,
    );
    await expectCode(c.assistants.get({}), Code.InvalidArgument, /^assistant_id is required$/);
    await expectCode(c.assistants.delete({}), Code.InvalidArgument, /^assistant_id is required$/);
    await expectCode(c.assistants.list({}), Code.InvalidArgument, /^folder_id is required$/);
    await expectCode(
      c.assistants.listVersions({}),
      Code.InvalidArgument,
      /^assistant_id is required$/,
    );
    await expectCode(c.assistants.update({}), Code.InvalidArgument, /^assistant_id is required$/);
    await expectCode(
      c.assistants.get({ assistantId: "fvtx" }),
      Code.NotFound,
      /assistant fvtx not found/,
    );
    await expectCode(c.assistants.delete({ assistantId: "fvtx" }), Code.NotFound, /assistant fvtx/);
    await expectCode(
      c.assistants.listVersions({ assistantId: "fvtx" }),
      Code.NotFound,
      /assistant fvtx/,
    );
    await expectCode(
      c.assistants.create({
        folderId: FOLDER,
        modelUri: MODEL_URI,
        tools: [{ ToolType: { case: "genSearch", value: {} } }],
      }),
      Code.InvalidArgument,
      /^tools\[0\]\.gen_search\.description is required$/,
    );
    expect((await c.assistants.list({ folderId: FOLDER })).assistants).toEqual([]);
  });

  it("deletes", async () => {
    const c = inProcess();
    const created = await c.assistants.create({ folderId: FOLDER, modelUri: MODEL_URI });
    expect(await c.assistants.delete({ assistantId: created.id })).toMatchObject({});
    await expectCode(c.assistants.get({ assistantId: created.id }), Code.NotFound);
    await expectCode(c.assistants.delete({ assistantId: created.id }), Code.NotFound);
  });

  it("lists per folder, newest first, in stable pages", async () => {
    const c = inProcess();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(
        (await c.assistants.create({ folderId: FOLDER, modelUri: MODEL_URI, name: `t${i}` })).id,
      );
    }
    await c.assistants.create({ folderId: "other", modelUri: MODEL_URI });
    const all = await c.assistants.list({ folderId: FOLDER });
    expect(all.assistants.map((a) => a.id)).toEqual([...ids].reverse());
    // Issue 9: as recorded, the last page has a token; its page is empty and has none.
    expect(all.nextPageToken).not.toBe("");

    const seen: string[] = [];
    let token = "";
    let calls = 0;
    do {
      const page = await c.assistants.list({ folderId: FOLDER, pageSize: 3n, pageToken: token });
      seen.push(...page.assistants.map((a) => a.id));
      token = page.nextPageToken;
      calls++;
    } while (token !== "");
    expect(calls).toBe(4);
    expect(seen).toEqual([...ids].reverse());

    await expectCode(
      c.assistants.list({ folderId: FOLDER, pageToken: "not-a-token" }),
      Code.InvalidArgument,
      /page_token/,
    );
    // A token names a position (time@id), not a list: in another folder it is just a
    // position there ("other"'s assistant is newer than it, so nothing is left).
    const page = await c.assistants.list({ folderId: FOLDER, pageSize: 3n });
    expect(
      (await c.assistants.list({ folderId: "other", pageToken: page.nextPageToken })).assistants,
    ).toEqual([]);
    await expectCode(
      c.assistants.list({ folderId: FOLDER, pageSize: -5n }),
      Code.InvalidArgument,
      /page_size/,
    );
  });

  it("gives each emulator its own, deterministic ids", async () => {
    const ids = async () => {
      const c = inProcess();
      const a = await c.assistants.create({ folderId: FOLDER, modelUri: MODEL_URI });
      const t = await c.threads.create({ folderId: FOLDER });
      return [a.id, a.createdBy, t.id, t.defaultMessageAuthorId];
    };
    expect(await ids()).toEqual(await ids());
  });
});
