/**
 * `@yc-assistants/client/files`: the file handle, the `client.files` resource and the upload
 * input types (issue 9), on their own subpath (issue 10, cold start: "subpath entry points").
 * Every binding is the same one the root entry exports.
 *
 * @example
 * import type { File, FileUploadInput } from "@yc-assistants/client/files";
 *
 * @packageDocumentation
 */
export { File, type FilePatch, type FileSettings } from "../file.js";
export type { FileUploadInput, FileUploadSource } from "../file-upload.js";
export { type FileListOptions, type FileRef, Files } from "../files.js";
