/**
 * Files: the File resource and the FileService descriptor (Create with the
 * content bytes, Get, GetUrl, Update, Delete, List), served at the endpoint
 * id `ai-files` (issue 9). `File` is also exported by `/common`, because
 * citations embed it; both are the same descriptor.
 *
 * @example
 * import { FileService, CreateFileRequestSchema } from "@yc-assistants/types/files";
 *
 * @packageDocumentation
 */
export * from "./gen/yandex/cloud/ai/files/v1/file_pb.js";
export * from "./gen/yandex/cloud/ai/files/v1/file_service_pb.js";
