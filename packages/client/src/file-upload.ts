/**
 * File upload input: what `client.files.upload()` takes, checked and turned into a
 * `CreateFileRequest` before any network call.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { create } from "@bufbuild/protobuf";
import type { CreateFileRequest } from "@yc-assistants/types/gen/yandex/cloud/ai/files/v1/file_service_pb";
import type { FileSettings } from "./file.js";
import { loadFileService } from "./lazy-types.js";
import { expirationConfig } from "./model-options.js";
import type { RequestOptions } from "./request-options.js";
import {
  assertRequiredFields,
  checkOptions,
  invalidArgument,
  optionalLabels,
  optionalString,
  requireString,
} from "./validate.js";

/**
 * A file to upload with its metadata: exactly one of `path`, `bytes` or `text` is the content.
 *
 * @example
 * await client.files.upload({ path: "./handbook.pdf", description: "Employee handbook" });
 * await client.files.upload({ text: "my secret number is 57", name: "notes.txt" });
 */
export interface FileUploadSource extends FileSettings, RequestOptions {
  /** A local file to read; its base name is the default `name`, its extension the mime type. */
  path?: string;
  /** The content as bytes. */
  bytes?: Uint8Array;
  /** The content as text (sent UTF-8 encoded). */
  text?: string;
  /** MIME type, e.g. `"application/pdf"` (the service's default is `text/plain`). */
  mimeType?: string;
}

/**
 * What `client.files.upload()` takes: the content itself (bytes, or a string of text), or a
 * {@link FileUploadSource} with metadata.
 */
export type FileUploadInput = Uint8Array | string | FileUploadSource;

const SOURCE_KEYS = [
  "path",
  "bytes",
  "text",
  "name",
  "description",
  "mimeType",
  "labels",
  "expiration",
  "signal",
  "timeoutMs",
] as const;

/** MIME types guessed from a path's extension (only for `path` uploads without `mimeType`). */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".html": "text/html",
  ".htm": "text/html",
  ".json": "application/json",
  ".pdf": "application/pdf",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

/** The validated upload: the request and the call options given with the source. */
export interface ParsedUpload {
  readonly request: CreateFileRequest;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
}

/**
 * Checks the upload input and builds the `CreateFileRequest` (reading `path` from disk).
 * The schema sheet marks `content` REQUIRED and gives no size limit, so empty content is
 * refused here and any size is sent (the service answers past its own limits).
 *
 * @throws ConnectError(InvalidArgument) naming the field: `input` of a wrong type, no or
 * several contents, empty content, an unreadable `path`, bad metadata.
 * @example
 * const { request } = await parseUpload({ text: "hello" }, "b1g...");
 */
export async function parseUpload(input: unknown, folderId: string): Promise<ParsedUpload> {
  if (input === undefined || input === null) throw invalidArgument("input is required");
  const source: FileUploadSource =
    input instanceof Uint8Array
      ? { bytes: input }
      : typeof input === "string"
        ? { text: input }
        : (checkOptions(input as FileUploadSource, "input", SOURCE_KEYS) as FileUploadSource);
  const given = (["path", "bytes", "text"] as const).filter((k) => source[k] !== undefined);
  if (given.length !== 1) {
    throw invalidArgument(
      given.length === 0
        ? "input needs its content: one of input.path, input.bytes or input.text"
        : `input takes one content, got ${given.map((k) => `input.${k}`).join(" and ")}`,
    );
  }
  let content: Uint8Array;
  let name = optionalString(source.name, "input.name");
  let mimeType = optionalString(source.mimeType, "input.mimeType");
  if (source.path !== undefined) {
    const filePath = requireString(source.path, "input.path");
    try {
      content = new Uint8Array(await readFile(filePath));
    } catch (e) {
      const code = (e as { code?: string }).code ?? String(e);
      throw invalidArgument(`input.path ${JSON.stringify(filePath)} cannot be read (${code})`);
    }
    name ??= path.basename(filePath);
    mimeType ??= MIME_BY_EXTENSION[path.extname(filePath).toLowerCase()];
  } else if (source.bytes !== undefined) {
    if (!(source.bytes instanceof Uint8Array)) {
      throw invalidArgument("input.bytes must be a Uint8Array (a Buffer is one)");
    }
    content = source.bytes;
  } else {
    if (typeof source.text !== "string") throw invalidArgument("input.text must be a string");
    content = new TextEncoder().encode(source.text);
  }
  const field = given[0] === undefined ? "input" : `input.${given[0]}`;
  if (content.length === 0) throw invalidArgument(`${field} is empty; a file needs content`);
  const { CreateFileRequestSchema } = await loadFileService();
  const request = create(CreateFileRequestSchema, {
    folderId,
    name: name ?? "",
    description: optionalString(source.description, "input.description") ?? "",
    mimeType: mimeType ?? "",
    content,
    labels: optionalLabels(source.labels, "input.labels") ?? {},
    expirationConfig: expirationConfig(source.expiration, "input.expiration"),
  });
  assertRequiredFields(CreateFileRequestSchema, request);
  return { request, signal: source.signal, timeoutMs: source.timeoutMs };
}
