/**
 * File: the handle of one uploaded file (its fields, download URL and bytes, update, delete)
 * and the mapping of file patches to `UpdateFileRequest`.
 *
 * @module
 */
import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import type { File as FileMessage } from "@yc-assistants/types/gen/yandex/cloud/ai/files/v1/file_pb";
import type { ClientContext } from "./client-context.js";
import { downloadBytes } from "./file-download.js";
import { loadFileService } from "./lazy-types.js";
import { type ExpirationOption, expirationConfig, expirationPaths } from "./model-options.js";
import { patchMask } from "./patch-mask.js";
import { type RequestOptions, requestOptions } from "./request-options.js";
import { ResourceView } from "./resource-view.js";
import { assertRequiredFields, optionalLabels, optionalString, requireString } from "./validate.js";

/** What a file's metadata is made of (the content is fixed at upload). */
export interface FileSettings {
  /** Display name. */
  name?: string;
  /** Description (the search tool may read it). */
  description?: string;
  /** Labels. */
  labels?: Readonly<Record<string, string>>;
  /** When the file expires (the service's default: 7 days since last active). */
  expiration?: ExpirationOption;
}

/**
 * A change to a file: only the given keys are sent (the field mask is built from them);
 * `null` clears a field. The mime type and content cannot change.
 *
 * @example
 * await file.update({ name: "handbook.md", labels: { team: "support" } });
 */
export type FilePatch = { [K in keyof FileSettings]?: FileSettings[K] | null };

/** Patch keys → field-mask paths, as the Python SDK sends them (test_file.json). */
const FILE_PATCH_PATHS: Readonly<Record<keyof FileSettings, (value: unknown) => string[]>> = {
  name: () => ["name"],
  description: () => ["description"],
  labels: () => ["labels"],
  expiration: expirationPaths,
};

/** The keys of file settings. */
export const FILE_SETTING_KEYS = Object.keys(FILE_PATCH_PATHS) as (keyof FileSettings)[];

/** Sends an UpdateFile with a field mask of the patch keys. Internal. */
export async function updateFile(
  ctx: ClientContext,
  fileId: string,
  patch: FilePatch,
  options: RequestOptions | undefined,
): Promise<File> {
  const { paths, values } = patchMask(patch, FILE_PATCH_PATHS);
  const call = requestOptions(options);
  const { UpdateFileRequestSchema } = await loadFileService();
  const request = create(UpdateFileRequestSchema, {
    fileId,
    updateMask: create(FieldMaskSchema, { paths }),
    name: optionalString(values.name, "patch.name") ?? "",
    description: optionalString(values.description, "patch.description") ?? "",
    labels: optionalLabels(values.labels, "patch.labels") ?? {},
    expirationConfig: expirationConfig(values.expiration, "patch.expiration"),
  });
  assertRequiredFields(UpdateFileRequestSchema, request);
  return new File(ctx, await ctx.fileService.update(request, call));
}

/** The `host:port` of a plaintext `http:` endpoint (the emulator), else `undefined`. */
function plaintextHost(endpoint: string): string | undefined {
  try {
    const url = new URL(endpoint);
    return url.protocol === "http:" ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An uploaded file: its metadata (from the newest `File` message of this handle) and its
 * content through a signed download URL.
 *
 * @example
 * const file = await client.files.upload({ text: "my secret number is 57", name: "notes.txt" });
 * console.log(file.id, file.mimeType, file.expiresAt?.toISOString());
 * const bytes = await file.download(); // Uint8Array
 */
export class File extends ResourceView<FileMessage> {
  readonly #ctx: ClientContext;

  /** @internal Made by `client.files`. */
  constructor(ctx: ClientContext, proto: FileMessage) {
    super(proto);
    this.#ctx = ctx;
  }

  /** MIME type (the service's default is `text/plain`, as recorded). */
  get mimeType(): string {
    return this.proto.mimeType;
  }

  /**
   * A signed, expiring URL of the content (`FileService/GetUrl`). Treat it as a secret: anyone
   * holding it can read the file until it expires. It is never logged by this client.
   *
   * @example
   * const url = await file.downloadUrl();
   */
  async downloadUrl(options?: RequestOptions): Promise<string> {
    const fileId = requireString(this.id, "fileId");
    const call = requestOptions(options);
    return (await this.#ctx.fileService.getUrl({ fileId }, call)).url;
  }

  /**
   * The content, as bytes: `downloadUrl()`, then a plain GET of that URL (HTTPS through
   * `fetch`; the emulator's `http://` URL through HTTP/2 cleartext). No credentials are sent
   * to the URL. `timeoutMs` bounds both steps together.
   *
   * @throws ConnectError with the GetUrl error, or the HTTP status as a code (`NotFound`,
   * `PermissionDenied` for an expired URL, `Unavailable`), `Canceled`, `DeadlineExceeded`.
   * @example
   * const text = new TextDecoder().decode(await file.download());
   */
  async download(options?: RequestOptions): Promise<Uint8Array> {
    const call = requestOptions(options);
    const timeoutMs = call.timeoutMs ?? this.#ctx.timeoutMs;
    const startedAt = Date.now();
    const url = await this.downloadUrl(call);
    return downloadBytes(url, {
      signal: call.signal,
      timeoutMs: Math.max(1, timeoutMs - (Date.now() - startedAt)),
      trustedHttpHost: plaintextHost(this.#ctx.endpoint),
    });
  }

  /**
   * Changes the given metadata (field mask from the patch keys; `null` clears) and resolves
   * with the updated file.
   *
   * @example
   * const renamed = await file.update({ name: "faq.md" });
   */
  async update(patch: FilePatch, options?: RequestOptions): Promise<File> {
    return updateFile(this.#ctx, requireString(this.id, "fileId"), patch, options);
  }

  /**
   * Deletes the file.
   *
   * @example
   * await file.delete();
   */
  async delete(options?: RequestOptions): Promise<void> {
    const fileId = requireString(this.id, "fileId");
    await this.#ctx.fileService.delete({ fileId }, requestOptions(options));
  }

  /** A plain summary (no URL: it would be a credential). */
  toJSON(): { id: string; name: string; mimeType: string } {
    return { id: this.id, name: this.name, mimeType: this.mimeType };
  }

  /** Prints the summary in `util.inspect` / `console.log`. */
  [inspect.custom](): string {
    return `File ${inspect(this.toJSON())}`;
  }
}
