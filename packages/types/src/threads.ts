/**
 * Threads and their messages: the Thread and Message resources and the
 * ThreadService and MessageService descriptors.
 *
 * @example
 * import { ThreadService, MessageService } from "@yc-assistants/types/threads";
 *
 * @packageDocumentation
 */
export * from "./gen/yandex/cloud/ai/assistants/v1/threads/message_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/threads/message_service_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/threads/thread_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/threads/thread_service_pb.js";
