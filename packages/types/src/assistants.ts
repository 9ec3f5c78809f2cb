/**
 * Assistants: the Assistant resource and the AssistantService descriptor.
 *
 * @example
 * import { AssistantService, CreateAssistantRequestSchema } from "@yc-assistants/types/assistants";
 *
 * @packageDocumentation
 */
export * from "./gen/yandex/cloud/ai/assistants/v1/assistant_pb.js";
export * from "./gen/yandex/cloud/ai/assistants/v1/assistant_service_pb.js";
