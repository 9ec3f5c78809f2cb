/**
 * The Python SDK's list loop ends on every list of the emulator (issue 9: "The Python SDK
 * stops only on an empty page, so it asks again with `page_token=""`, gets the first page,
 * and never ends"). The loop is the SDK's: send the previous response's `next_page_token`,
 * stop only when a page has no items. Over real HTTP/2, for several page sizes, with items
 * added and deleted between pages.
 */
import type { DescMethod } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { FileService } from "@yc-assistants/types/files";
import { OperationService } from "@yc-assistants/types/operation";
import {
  SearchIndexFileService,
  SearchIndexSchema,
  SearchIndexService,
} from "@yc-assistants/types/searchindex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator-options.js";
import { startEmulator } from "../src/server.js";
import { type Clients, clientsFor, conversation, FOLDER, MODEL_URI } from "./support/clients.js";
import { allServices } from "./support/recorded-session.js";

/** A page as every List RPC returns it: its items' ids and the next token. */
interface IdPage {
  readonly ids: string[];
  readonly nextPageToken: string;
}
type ListFn = (pageSize: bigint, pageToken: string) => Promise<IdPage>;

/** Calls allowed before a loop counts as endless. */
const GUARD = 50;

/** The Python SDK's loop (see the file comment); `between` runs after each page. */
async function pythonSdkList(
  list: ListFn,
  pageSize: bigint,
  between: (page: number) => Promise<void> = async () => {},
): Promise<{ ids: string[]; calls: number }> {
  const ids: string[] = [];
  let pageToken = "";
  for (let calls = 1; calls <= GUARD; calls++) {
    const page = await list(pageSize, pageToken);
    ids.push(...page.ids);
    if (page.ids.length === 0) return { ids, calls };
    pageToken = page.nextPageToken;
    await between(calls);
  }
  throw new Error(`the list did not end after ${GUARD} calls`);
}

let emulator: Emulator;
let c: Clients;
/** Each list of the emulator, with the ids it holds, newest first. */
const lists = new Map<string, { list: ListFn; ids: string[] }>();

beforeAll(async () => {
  emulator = await startEmulator({ chunkDelayMs: 1 });
  c = clientsFor(createGrpcTransport({ baseUrl: emulator.url }));
  const { assistant, thread } = await conversation(c, "page me");
  const assistants = [assistant.id];
  const threads = [thread.id];
  const runs: string[] = [];
  for (let i = 0; i < 6; i++) {
    assistants.push((await c.assistants.create({ folderId: FOLDER, modelUri: MODEL_URI })).id);
    threads.push((await c.threads.create({ folderId: FOLDER })).id);
    runs.push((await c.runs.create({ assistantId: assistant.id, threadId: thread.id })).id);
    await c.assistants.update({
      assistantId: assistant.id,
      updateMask: { paths: ["name"] },
      name: `v${i}`,
    });
  }
  const versions = (await c.assistants.listVersions({ assistantId: assistant.id })).versions;
  lists.set("AssistantService.List", {
    ids: assistants.reverse(),
    list: async (pageSize, pageToken) => {
      const r = await c.assistants.list({ folderId: FOLDER, pageSize, pageToken });
      return { ids: r.assistants.map((a) => a.id), nextPageToken: r.nextPageToken };
    },
  });
  lists.set("AssistantService.ListVersions", {
    ids: versions.map((v) => v.id),
    list: async (pageSize, pageToken) => {
      const r = await c.assistants.listVersions({ assistantId: assistant.id, pageSize, pageToken });
      return { ids: r.versions.map((v) => v.id), nextPageToken: r.nextPageToken };
    },
  });
  lists.set("ThreadService.List", {
    ids: threads.reverse(),
    list: async (pageSize, pageToken) => {
      const r = await c.threads.list({ folderId: FOLDER, pageSize, pageToken });
      return { ids: r.threads.map((t) => t.id), nextPageToken: r.nextPageToken };
    },
  });
  lists.set("RunService.List", {
    ids: runs.reverse(),
    list: async (pageSize, pageToken) => {
      const r = await c.runs.list({ folderId: FOLDER, pageSize, pageToken });
      return { ids: r.runs.map((run) => run.id), nextPageToken: r.nextPageToken };
    },
  });
});

/** Files, search indexes and search index files: six files, six indexes, one over all files. */
beforeAll(async () => {
  const transport = createGrpcTransport({ baseUrl: emulator.url });
  const files = createClient(FileService, transport);
  const indexes = createClient(SearchIndexService, transport);
  const indexFiles = createClient(SearchIndexFileService, transport);
  const operations = createClient(OperationService, transport);
  const done = async (operationId: string): Promise<string> => {
    for (let polls = 0; polls < 200; polls++) {
      const op = await operations.get({ operationId });
      if (op.done) {
        if (op.result.case !== "response") throw new Error(`operation ${operationId} failed`);
        return anyUnpack(op.result.value, SearchIndexSchema)?.id ?? "";
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`operation ${operationId} never finished`);
  };
  const fileIds: string[] = [];
  for (let i = 0; i < 6; i++) {
    const content = new TextEncoder().encode(`file number ${i}`);
    fileIds.push((await files.create({ folderId: FOLDER, content, name: `f${i}.txt` })).id);
  }
  const indexIds: string[] = [];
  for (let i = 0; i < 6; i++) {
    const op = await indexes.create({
      folderId: FOLDER,
      fileIds: i === 0 ? fileIds : [fileIds[i] as string],
    });
    indexIds.push(await done(op.id));
  }
  const [allFiles] = indexIds;
  lists.set("FileService.List", {
    ids: [...fileIds].reverse(),
    list: async (pageSize, pageToken) => {
      const r = await files.list({ folderId: FOLDER, pageSize, pageToken });
      return { ids: r.files.map((f) => f.id), nextPageToken: r.nextPageToken };
    },
  });
  lists.set("SearchIndexService.List", {
    ids: [...indexIds].reverse(),
    list: async (pageSize, pageToken) => {
      const r = await indexes.list({ folderId: FOLDER, pageSize, pageToken });
      return { ids: r.indices.map((x) => x.id), nextPageToken: r.nextPageToken };
    },
  });
  const listed = await indexFiles.list({ searchIndexId: allFiles as string, pageSize: 100n });
  lists.set("SearchIndexFileService.List", {
    ids: listed.files.map((f) => f.id),
    list: async (pageSize, pageToken) => {
      const r = await indexFiles.list({ searchIndexId: allFiles as string, pageSize, pageToken });
      return { ids: r.files.map((f) => f.id), nextPageToken: r.nextPageToken };
    },
  });
  expect(listed.files).toHaveLength(6);
});

afterAll(async () => {
  await emulator.close();
});

/**
 * Unary RPCs with `page_token` in and `next_page_token` out: the paged lists of the types.
 * Endpoint discovery's `page_token` is deprecated (its one response holds the whole map).
 */
function pagedRpcs(): DescMethod[] {
  return allServices().flatMap((s) =>
    s.methods.filter(
      (m) =>
        m.methodKind === "unary" &&
        m.input.fields.some((f) => f.name === "page_token" && !f.deprecated) &&
        m.output.fields.some((f) => f.name === "next_page_token"),
    ),
  );
}

describe("the Python SDK's list loop against the emulator", () => {
  it("covers every paged List RPC the emulator serves", async () => {
    const transport = createGrpcTransport({ baseUrl: emulator.url });
    for (const method of pagedRpcs()) {
      const name = `${method.parent.name}.${method.name}`;
      if (lists.has(name)) continue;
      // Not in the table: it must be one the emulator does not serve yet (then add it here).
      const client = createClient(method.parent, transport) as unknown as Record<
        string,
        (r: object) => Promise<unknown>
      >;
      const error = await client[method.localName]?.({}).then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(error?.code, `${name} is served: add it to this test's lists`).toBe(
        Code.Unimplemented,
      );
    }
  });

  for (const name of [
    "AssistantService.List",
    "AssistantService.ListVersions",
    "ThreadService.List",
    "RunService.List",
  ]) {
    it(`${name} ends, each item once, newest first, one empty page after the last`, async () => {
      const entry = lists.get(name);
      if (entry === undefined) throw new Error(`no list ${name}`);
      const n = entry.ids.length;
      expect(n).toBeGreaterThan(5);
      for (const size of [0n, 1n, 2n, 3n, BigInt(n), BigInt(n + 1)]) {
        const { ids, calls } = await pythonSdkList(entry.list, size);
        expect(ids, `page size ${size}`).toEqual(entry.ids);
        const perPage = size === 0n ? n : Number(size);
        expect(calls, `page size ${size}`).toBe(Math.ceil(n / perPage) + 1);
      }
    });
  }

  it("ends and neither repeats nor skips items when threads come and go between pages", async () => {
    const entry = lists.get("ThreadService.List");
    if (entry === undefined) throw new Error("no thread list");
    const before = [...entry.ids];
    const deleted = before[3] as string;
    const added: string[] = [];
    const { ids } = await pythonSdkList(entry.list, 2n, async (page) => {
      if (page === 1) {
        added.push((await c.threads.create({ folderId: FOLDER })).id);
        await c.threads.delete({ threadId: deleted });
      }
    });
    // New threads are newer than the position the token names: they are not listed.
    expect(ids).toEqual(before.filter((id) => id !== deleted));
    expect(ids).not.toContain(added[0]);
  });
});
