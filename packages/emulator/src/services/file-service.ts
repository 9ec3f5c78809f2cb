import { clone, create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  CreateFileRequestSchema,
  DeleteFileRequestSchema,
  FileSchema,
  type FileService,
  GetFileRequestSchema,
  GetFileUrlRequestSchema,
  ListFilesRequestSchema,
  UpdateFileRequestSchema,
} from "@yc-assistants/types/files";
import { resourceExhausted } from "../errors.js";
import { applyFieldMask } from "../field-mask.js";
import { clientBaseUrl } from "../request-authority.js";
import { paginate } from "../state/paginate.js";
import { validateRequest } from "../validation.js";
import type { ServiceContext } from "./service-context.js";

/**
 * Largest file content by default: 128 MB per file, as Yandex Cloud documents
 * for the Files API ("Source files": "up to 10,000 files with the maximum
 * size of 128 MB per file"); the schema sheet has no limit of its own.
 */
export const DEFAULT_MAX_FILE_BYTES = 128 * 1024 * 1024;

/**
 * FileService: Create (with the content bytes), Get, GetUrl, Update (field
 * mask), Delete, List (issue 9). Fields are filled as the recordings show
 * (`test_files/*.json`): an `fvt…` id, created/updated by and at, the
 * expiration config (SINCE_LAST_ACTIVE, 7 days by default) and
 * `expires_at`, and `mime_type` (`text/plain` for text content when the
 * request names none).
 */
export function fileService(ctx: ServiceContext): ServiceImpl<typeof FileService> {
  const { state, files } = ctx;
  const maxBytes = ctx.limits.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  return {
    create(request) {
      validateRequest(CreateFileRequestSchema, request);
      if (request.content.byteLength > maxBytes) {
        throw resourceExhausted(
          `content is ${request.content.byteLength} bytes, at most ${maxBytes} are allowed`,
        );
      }
      const bookkeeping = state.resourceFields(request.expirationConfig);
      const file = create(FileSchema, {
        id: state.ids.next(),
        folderId: request.folderId,
        name: request.name,
        description: request.description,
        mimeType: request.mimeType || sniffMimeType(request.content),
        ...bookkeeping,
        labels: { ...request.labels },
      });
      files.files.set(file.id, {
        file,
        content: request.content.slice(),
        seq: state.nextSeq(),
      });
      return clone(FileSchema, file);
    },

    get(request) {
      validateRequest(GetFileRequestSchema, request);
      return clone(FileSchema, files.get(request.fileId).file);
    },

    getUrl(request, context) {
      validateRequest(GetFileUrlRequestSchema, request);
      const record = files.get(request.fileId);
      const base = clientBaseUrl(context, ctx.address.url);
      return { url: ctx.fileUrls.url(base, record.file.id, state.now()) };
    },

    update(request) {
      validateRequest(UpdateFileRequestSchema, request);
      const record = files.get(request.fileId);
      const updated = applyFieldMask(
        UpdateFileRequestSchema,
        request,
        FileSchema,
        record.file,
        request.updateMask?.paths ?? [],
        ["file_id", "update_mask"],
      );
      state.touchResource(updated);
      record.file = updated;
      return clone(FileSchema, updated);
    },

    delete(request) {
      validateRequest(DeleteFileRequestSchema, request);
      const record = files.get(request.fileId);
      files.files.delete(record.file.id);
      return {};
    },

    list(request) {
      validateRequest(ListFilesRequestSchema, request);
      const mine = [...files.files.values()].filter((r) => r.file.folderId === request.folderId);
      const page = paginate(mine, (r) => r.file, request.pageSize, request.pageToken);
      return {
        files: page.items.map((r) => clone(FileSchema, r.file)),
        nextPageToken: page.nextPageToken,
      };
    },
  };
}

/**
 * The mime type of content uploaded without one: `application/pdf` for a
 * PDF, `text/plain` for valid UTF-8 (recorded for text uploads), else
 * `application/octet-stream`.
 */
export function sniffMimeType(content: Uint8Array): string {
  if (content.byteLength >= 5 && new TextDecoder().decode(content.subarray(0, 5)) === "%PDF-") {
    return "application/pdf";
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(content);
    return "text/plain";
  } catch {
    return "application/octet-stream";
  }
}
