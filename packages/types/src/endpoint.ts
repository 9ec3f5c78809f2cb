/**
 * Endpoint discovery: the ApiEndpoint message and the ApiEndpointService
 * descriptor (Get, List) that SDKs call first to map service ids such as
 * `ai-assistants`, `ai-files` and `operation` to addresses (issue 9).
 *
 * @example
 * import { ApiEndpointService, ListApiEndpointsResponseSchema } from "@yc-assistants/types/endpoint";
 *
 * @packageDocumentation
 */
export * from "./gen/yandex/cloud/endpoint/api_endpoint_pb.js";
export * from "./gen/yandex/cloud/endpoint/api_endpoint_service_pb.js";
