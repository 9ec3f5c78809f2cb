/**
 * Files: `client.files` (upload, get, list, update, delete).
 *
 * @module
 */

import type { AsyncList } from "./async-list.js";
import type { ClientContext } from "./client-context.js";
import { File, type FilePatch, updateFile } from "./file.js";
import { type FileUploadInput, parseUpload } from "./file-upload.js";
import { paginate } from "./paging.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { refId } from "./runs.js";
import { checkOptions, invalidArgument, optionalPositiveInt } from "./validate.js";

/** Options of {@link Files.list}. */
export interface FileListOptions extends RequestOptions {
  /** Files per page (the server's default when absent). */
  pageSize?: number;
}

/** Something that names a file: a handle or its id. */
export type FileRef = string | { readonly id: string };

/**
 * `client.files`: the files search indexes are built from.
 *
 * @example
 * const file = await client.files.upload({ path: "./faq.md" });
 * for await (const f of client.files.list()) console.log(f.id, f.name);
 * await client.files.delete(file);
 */
export class Files {
  readonly #ctx: ClientContext;

  /** @internal Made by {@link AssistantsClient}. */
  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }

  /**
   * Uploads a file (`FileService/Create`; never retried: a retry could store it twice).
   * The input is checked (and `path` read) before any network call. `options` (signal,
   * timeout) may also be given inside a {@link FileUploadSource}.
   *
   * @throws ConnectError(InvalidArgument) naming the field, e.g. "input needs its content:
   * one of input.path, input.bytes or input.text".
   * @example
   * const a = await client.files.upload(new TextEncoder().encode("hello")); // bytes
   * const b = await client.files.upload("plain text content"); // a string is the text itself
   * const c = await client.files.upload({ path: "./guide.pdf", labels: { team: "docs" } });
   */
  async upload(input: FileUploadInput, options?: RequestOptions): Promise<File> {
    const call = requestOptions(options);
    const parsed = await parseUpload(input, this.#ctx.folderId);
    const source = requestOptions({ signal: parsed.signal, timeoutMs: parsed.timeoutMs }, "input");
    const file = await this.#ctx.fileService.create(parsed.request, {
      signal: call.signal ?? source.signal,
      timeoutMs: call.timeoutMs ?? source.timeoutMs,
    });
    return new File(this.#ctx, file);
  }

  /**
   * A file by id.
   *
   * @example
   * const file = await client.files.get("fvt...");
   */
  async get(fileId: string, options?: RequestOptions): Promise<File> {
    const id = requireFileId(fileId);
    return new File(
      this.#ctx,
      await this.#ctx.fileService.get({ fileId: id }, requestOptions(options)),
    );
  }

  /**
   * Every file of the folder, fetched page by page as the iteration goes; stops on an empty
   * `next_page_token`. (Against the real service, whose last page still has a token, that is
   * one extra call answered with an empty page: recorded in test_file_list.json.)
   *
   * @example
   * for await (const f of client.files.list({ pageSize: 50 })) console.log(f.name);
   */
  list(options?: FileListOptions): AsyncList<File> {
    const o = checkOptions(options, "options", ["pageSize", "signal", "timeoutMs"]);
    const pageSize = optionalPositiveInt(o.pageSize, "pageSize") ?? 0n;
    const call = requestOptions({ signal: o.signal, timeoutMs: o.timeoutMs });
    const ctx = this.#ctx;
    return paginate(async (pageToken) => {
      const page = await ctx.fileService.list(
        { folderId: ctx.folderId, pageSize, pageToken },
        call,
      );
      return {
        items: page.files.map((f) => new File(ctx, f)),
        nextPageToken: page.nextPageToken,
      };
    });
  }

  /**
   * Changes a file's metadata (handle or id): only the patch keys are sent; `null` clears.
   *
   * @example
   * await client.files.update(id, { description: "FAQ, 2026 edition" });
   */
  async update(file: FileRef, patch: FilePatch, options?: RequestOptions): Promise<File> {
    return updateFile(this.#ctx, refId(file, "fileId"), patch, options);
  }

  /**
   * Deletes a file (handle or id).
   *
   * @example
   * await client.files.delete(file);
   */
  async delete(file: FileRef, options?: RequestOptions): Promise<void> {
    const fileId = refId(file, "fileId");
    await this.#ctx.fileService.delete({ fileId }, requestOptions(options));
  }
}

function requireFileId(id: unknown): string {
  if (typeof id === "object" && id !== null) throw invalidArgument("fileId must be a string");
  return refId(id, "fileId");
}
