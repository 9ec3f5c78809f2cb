/**
 * The building blocks shared by the other areas: tools, tool calls and
 * results, truncation and completion options, response formats, expiration
 * and errors, and the search index and file messages that citations carry.
 *
 * @example
 * import { ToolResultSchema, ExpirationConfig_ExpirationPolicy } from "@yc-assistants/types/common";
 *
 * @packageDocumentation
 */
export * from "./gen/yandex/cloud/ai/assistants/v1/common_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/searchindex/common_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/searchindex/search_index_pb.js";
export * from "./gen/yandex/cloud/ai/common/common_pb.js";
export * from "./gen/yandex/cloud/ai/files/v1/file_pb.js";
