import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeRetrieval } from "../test/fake-retrieval.js";
import { API_KEY, clientOver } from "../test/support.js";
import type { AssistantsClient } from "./index.js";

let fake: FakeRetrieval;
let client: AssistantsClient;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "yc-files-test-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake = new FakeRetrieval();
  client = clientOver(fake.routes());
});

async function errorOf(promise: Promise<unknown>): Promise<ConnectError | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe("client.files.upload", () => {
  it("takes bytes, a string (its text), or a source with metadata", async () => {
    const a = await client.files.upload(new TextEncoder().encode("bytes"));
    const b = await client.files.upload("some text");
    const c = await client.files.upload({
      text: "with metadata",
      name: "notes.txt",
      description: "d",
      mimeType: "text/markdown",
      labels: { team: "docs" },
      expiration: { policy: "static", ttlDays: 3 },
    });
    expect(text(fake.files.get(a.id)?.content)).toBe("bytes");
    expect(text(fake.files.get(b.id)?.content)).toBe("some text");
    expect(a.mimeType).toBe("text/plain"); // the service's default, as recorded
    expect(c).toMatchObject({
      name: "notes.txt",
      description: "d",
      mimeType: "text/markdown",
      labels: { team: "docs" },
      expiration: { policy: "static", ttlDays: 3 },
    });
    expect(c.createdAt).toBeInstanceOf(Date);
    expect(c.expiresAt).toBeUndefined();
  });

  it("reads a path; its base name and extension give the default name and mime type", async () => {
    const file = path.join(dir, "Guide.PDF");
    await writeFile(file, "%PDF-1.4 fake");
    const uploaded = await client.files.upload({ path: file });
    expect(uploaded.name).toBe("Guide.PDF");
    expect(uploaded.mimeType).toBe("application/pdf");
    expect(text(fake.files.get(uploaded.id)?.content)).toBe("%PDF-1.4 fake");
    const named = await client.files.upload({ path: file, name: "g", mimeType: "x/y" });
    expect(named).toMatchObject({ name: "g", mimeType: "x/y" });
  });

  it("refuses bad input before any network call, naming the field", async () => {
    const bad: [unknown, RegExp][] = [
      [undefined, /input is required/],
      [{}, /input needs its content: one of input\.path, input\.bytes or input\.text/],
      [
        { text: "a", bytes: new Uint8Array([1]) },
        /input takes one content, got input\.bytes and input\.text/,
      ],
      ["", /input\.text is empty/],
      [new Uint8Array(), /input\.bytes is empty/],
      [{ bytes: [1, 2] }, /input\.bytes must be a Uint8Array/],
      [
        { path: path.join(dir, "missing.txt") },
        /input\.path ".*missing\.txt" cannot be read \(ENOENT\)/,
      ],
      [{ text: "a", labels: { k: 1 } }, /input\.labels\.k must be a string/],
      [{ text: "a", expiration: { policy: "never" } }, /input\.expiration\.policy/],
      [{ text: "a", mimetype: "x" }, /input\.mimetype is not a known option/],
      [{ text: "a", name: 5 }, /input\.name must be a string/],
      [{ text: "a", timeoutMs: 0 }, /input\.timeoutMs/],
      [42, /input must be an object/],
    ];
    for (const [input, message] of bad) {
      const error = await errorOf(client.files.upload(input as never));
      expect(error?.code, String(message)).toBe(Code.InvalidArgument);
      expect(error?.message).toMatch(message);
    }
    expect(fake.totalCalls()).toBe(0);
  });

  it("is never retried (a retry could store the file twice)", async () => {
    fake.faults.set("FileService/Create", [new ConnectError("down", Code.Unavailable)]);
    expect((await errorOf(client.files.upload("x")))?.code).toBe(Code.Unavailable);
    expect(fake.callsOf("FileService/Create")).toBe(1);
    fake.faults.set("FileService/Get", [new ConnectError("down", Code.Unavailable)]);
    const file = await client.files.upload("x");
    expect((await client.files.get(file.id)).id).toBe(file.id);
    expect(fake.callsOf("FileService/Get")).toBe(2);
  });
});

describe("client.files: get, list, update, delete", () => {
  it("lists every page: non-empty tokens on every page, then the empty page", async () => {
    for (let i = 0; i < 5; i++) await client.files.upload({ text: `f${i}`, name: `f${i}` });
    const all = await collect(client.files.list({ pageSize: 2 }));
    expect(all.map((f) => f.name)).toEqual(["f0", "f1", "f2", "f3", "f4"]);
    // Pages of 2, 2 and 1, each with a token, then the empty page ends the list.
    expect(fake.callsOf("FileService/List")).toBe(4);
    // Like the other lists, a bad option throws at once, before iterating.
    expect(() => client.files.list({ pageSize: 0 })).toThrow(/pageSize must be a positive integer/);
  });

  it("updates send only the patch keys; delete takes a handle or an id", async () => {
    const file = await client.files.upload({ text: "x", name: "old" });
    const renamed = await file.update({ name: "new" });
    expect(renamed.name).toBe("new");
    expect((await client.files.update(file.id, { labels: { a: "b" } })).labels).toEqual({ a: "b" });
    expect((await errorOf(file.update({})))?.message).toMatch(/patch must change/);
    expect((await errorOf(file.update({ mimeType: "x" } as never)))?.message).toMatch(
      /patch\.mimeType is not a known option/,
    );
    await client.files.delete(file);
    expect(fake.files.size).toBe(0);
    const other = await client.files.upload("y");
    await other.delete();
    expect((await errorOf(client.files.get(other.id)))?.code).toBe(Code.NotFound);
    expect((await errorOf(client.files.get({ id: "x" } as never)))?.code).toBe(
      Code.InvalidArgument,
    );
  });

  it("util.inspect and JSON show id, name and mime type only (never a URL or a key)", async () => {
    const file = await client.files.upload({ text: "x", name: "a.txt" });
    expect(JSON.stringify(file)).toBe(`{"id":"${file.id}","name":"a.txt","mimeType":"text/plain"}`);
    expect(inspect(file)).toBe(`File { id: '${file.id}', name: 'a.txt', mimeType: 'text/plain' }`);
    expect(inspect(client.files)).not.toContain(API_KEY);
    expect(inspect(client)).not.toContain(API_KEY);
  });
});
