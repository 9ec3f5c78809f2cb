import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import { Code, type ConnectError, createRouterTransport } from "@connectrpc/connect";
import { AssistantSchema, AssistantService } from "@yc-assistants/types/assistants";
import { RunService } from "@yc-assistants/types/runs";
import { ThreadSchema, ThreadService } from "@yc-assistants/types/threads";
import { describe, expect, test } from "vitest";
import { FakeRetrieval } from "../test/fake-retrieval.js";
import { API_KEY, clientOver, FOLDER, runMsg, S } from "../test/support.js";
import { Assistants, AssistantsClient, Files, Runs, SearchIndexes, Threads } from "./index.js";

describe("AssistantsClient", () => {
  test("exposes assistants, threads, runs, files, search indexes and the folder", () => {
    const client = clientOver(() => undefined);
    expect(client.assistants).toBeInstanceOf(Assistants);
    expect(client.threads).toBeInstanceOf(Threads);
    expect(client.runs).toBeInstanceOf(Runs);
    expect(client.files).toBeInstanceOf(Files);
    expect(client.searchIndexes).toBeInstanceOf(SearchIndexes);
    expect(client.folderId).toBe(FOLDER);
  });

  test("util.inspect and JSON never show the API key or IAM token", () => {
    const client = clientOver(() => undefined);
    const shown = inspect(client, { depth: 10, showHidden: true });
    expect(shown).not.toContain(API_KEY);
    expect(shown).toContain(FOLDER);
    expect(shown).toContain("api-key");
    expect(JSON.stringify(client)).not.toContain(API_KEY);
    expect(JSON.parse(JSON.stringify(client))).toEqual({
      folderId: FOLDER,
      endpoint: "https://assistant.api.cloud.yandex.net",
      authKind: "api-key",
      timeoutMs: 60000,
    });
    const token = "t1.IAM-token-secret-value";
    const iamClient = new AssistantsClient({
      folderId: FOLDER,
      auth: { iamToken: token },
      env: {},
      transport: createRouterTransport(() => undefined),
    });
    expect(inspect(iamClient, { depth: 10, showHidden: true })).not.toContain(token);
    expect(JSON.stringify(iamClient)).not.toContain(token);
  });

  test("handles print without secrets too", async () => {
    const client = clientOver((router) => {
      router.service(AssistantService, {
        async create() {
          return create(AssistantSchema, { id: "a1", modelUri: "gpt://f/yandexgpt/latest" });
        },
      });
      router.service(ThreadService, {
        async create() {
          return create(ThreadSchema, { id: "t1" });
        },
      });
      router.service(RunService, {
        async create() {
          return runMsg({ status: S.PENDING });
        },
      });
    });
    const assistant = await client.assistants.create({ model: "yandexgpt" });
    const thread = await client.threads.create();
    const run = await assistant.run(thread);
    for (const obj of [assistant, thread, run]) {
      expect(inspect(obj, { depth: 10 })).not.toContain(API_KEY);
      expect(JSON.stringify(obj)).not.toContain(API_KEY);
    }
    expect(inspect(assistant)).toContain("a1");
    expect(inspect(thread)).toContain("t1");
  });

  test("file, search index and operation handles print without secrets or signed URLs", async () => {
    const fake = new FakeRetrieval();
    const client = clientOver(fake.routes());
    const file = await client.files.upload("x");
    await file.downloadUrl();
    const operation = await client.searchIndexes.createDeferred({ files: [file] });
    const index = await operation.wait({ pollIntervalMs: 0 });
    for (const obj of [client.files, client.searchIndexes, file, operation, index]) {
      const shown = `${inspect(obj, { depth: 10 })} ${JSON.stringify(obj)}`;
      expect(shown).not.toContain(API_KEY);
      expect(shown).not.toContain("X-Sig");
    }
  });

  test("reads YC_FOLDER_ID and YC_API_KEY from env; a missing folder names option and variable", () => {
    const transport = createRouterTransport(() => undefined);
    const client = new AssistantsClient({
      transport,
      env: { YC_FOLDER_ID: "env-folder", YC_API_KEY: "env-key" },
    });
    expect(client.folderId).toBe("env-folder");
    try {
      new AssistantsClient({ transport, env: { YC_API_KEY: "k" } });
      expect.unreachable();
    } catch (e) {
      expect((e as ConnectError).code).toBe(Code.InvalidArgument);
      expect((e as ConnectError).rawMessage).toMatch(/folderId.*YC_FOLDER_ID/);
    }
    try {
      new AssistantsClient({ transport, env: { YC_FOLDER_ID: "f" } });
      expect.unreachable();
    } catch (e) {
      expect((e as ConnectError).rawMessage).toMatch(/YC_API_KEY/);
    }
  });

  test("every call carries the Api-Key authorization header (router transport)", async () => {
    const seen: (string | null)[] = [];
    const client = clientOver((router) =>
      router.service(RunService, {
        async get(_req, ctx) {
          seen.push(ctx.requestHeader.get("authorization"));
          return runMsg({ status: S.COMPLETED, text: "x" });
        },
      }),
    );
    await client.runs.get("run-1");
    expect(seen).toEqual([`Api-Key ${API_KEY}`]);
  });
});
