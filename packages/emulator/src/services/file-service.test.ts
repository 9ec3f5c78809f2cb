import { Code } from "@connectrpc/connect";
import { ExpirationConfig_ExpirationPolicy } from "@yc-assistants/types/common";
import { describe, expect, it } from "vitest";
import { expectCode, FOLDER } from "../../test/support/clients.js";
import { ragInProcess } from "../../test/support/rag-clients.js";
import { sniffMimeType } from "./file-service.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("FileService", () => {
  it("creates a file filled as recorded and gets it back", async () => {
    const c = ragInProcess();
    const file = await c.files.create({ folderId: FOLDER, content: bytes("test file") });
    expect(file.id).toMatch(/^fvt[0-9a-v]{17}$/);
    expect(file).toMatchObject({ folderId: FOLDER, name: "", mimeType: "text/plain" });
    expect(file.createdBy).toMatch(/^aje/);
    expect(file.updatedAt).toEqual(file.createdAt);
    expect(file.expirationConfig).toMatchObject({
      expirationPolicy: ExpirationConfig_ExpirationPolicy.SINCE_LAST_ACTIVE,
      ttlDays: 7n,
    });
    expect(Number(file.expiresAt!.seconds - file.createdAt!.seconds)).toBe(7 * 86_400);
    expect(await c.files.get({ fileId: file.id })).toEqual(file);
  });

  it("keeps the name, description, mime type, labels and expiration it is given", async () => {
    const c = ragInProcess();
    const file = await c.files.create({
      folderId: FOLDER,
      content: bytes("{}"),
      name: "n",
      description: "d",
      mimeType: "application/json",
      labels: { a: "b" },
      expirationConfig: { expirationPolicy: ExpirationConfig_ExpirationPolicy.STATIC, ttlDays: 2n },
    });
    expect(file).toMatchObject({
      name: "n",
      description: "d",
      mimeType: "application/json",
      labels: { a: "b" },
      expirationConfig: { expirationPolicy: ExpirationConfig_ExpirationPolicy.STATIC, ttlDays: 2n },
    });
  });

  it("updates by field mask, deletes, and answers NOT_FOUND after", async () => {
    const c = ragInProcess();
    const file = await c.files.create({ folderId: FOLDER, content: bytes("x") });
    const named = await c.files.update({
      fileId: file.id,
      updateMask: { paths: ["name"] },
      name: "name",
      description: "ignored",
    });
    expect(named).toMatchObject({ name: "name", description: "" });
    const labelled = await c.files.update({
      fileId: file.id,
      updateMask: { paths: ["labels"] },
      labels: { foo: "bar" },
    });
    expect(labelled).toMatchObject({ name: "name", labels: { foo: "bar" } });
    expect(labelled.expiresAt).toEqual(file.expiresAt);
    await expectCode(
      c.files.update({ fileId: file.id, updateMask: { paths: ["content"] } }),
      Code.InvalidArgument,
    );
    await c.files.delete({ fileId: file.id });
    await expectCode(c.files.get({ fileId: file.id }), Code.NotFound, `file ${file.id} not found`);
    await expectCode(c.files.getUrl({ fileId: file.id }), Code.NotFound);
  });

  it("lists a folder's files newest first, page by page", async () => {
    const c = ragInProcess();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await c.files.create({ folderId: FOLDER, content: bytes(`f${i}`) })).id);
    }
    await c.files.create({ folderId: "b1gother", content: bytes("other") });
    const seen: string[] = [];
    let pageToken = "";
    for (let i = 0; i < 5; i++) {
      const page = await c.files.list({ folderId: FOLDER, pageSize: 2n, pageToken });
      seen.push(...page.files.map((f) => f.id));
      pageToken = page.nextPageToken;
      if (pageToken === "" || page.files.length === 0) break;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it("validates from the sheet: folder_id and content REQUIRED, size limit RESOURCE_EXHAUSTED", async () => {
    const c = ragInProcess({ files: { maxBytes: 4 } });
    await expectCode(
      c.files.create({ content: bytes("x") }),
      Code.InvalidArgument,
      /^folder_id is required$/,
    );
    await expectCode(
      c.files.create({ folderId: FOLDER }),
      Code.InvalidArgument,
      /^content is required$/,
    );
    await expectCode(
      c.files.create({ folderId: FOLDER, content: bytes("12345") }),
      Code.ResourceExhausted,
      /5 bytes, at most 4/,
    );
    await expectCode(c.files.get({}), Code.InvalidArgument, /^file_id is required$/);
    await expectCode(
      c.files.update({ fileId: "x" }),
      Code.InvalidArgument,
      /^update_mask is required$/,
    );
    await expectCode(c.files.list({}), Code.InvalidArgument, /^folder_id is required$/);
  });

  it("sniffs the mime type of content uploaded without one", () => {
    expect(sniffMimeType(bytes("plain"))).toBe("text/plain");
    expect(sniffMimeType(bytes("%PDF-1.7 ..."))).toBe("application/pdf");
    expect(sniffMimeType(new Uint8Array([0xff, 0xfe, 0x00]))).toBe("application/octet-stream");
  });
});
