import { create } from "@bufbuild/protobuf";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import {
  type ApiEndpoint,
  ApiEndpointSchema,
  type ApiEndpointService,
} from "@yc-assistants/types/endpoint";
import { notFound } from "../errors.js";
import { clientBaseUrl } from "../request-authority.js";
import { RECORDED_ENDPOINT_IDS } from "./recorded-endpoint-ids.js";
import type { ServiceContext } from "./service-context.js";

/**
 * ApiEndpointService: List and Get (issue 9). Each endpoint's `address` is
 * the emulator's own `host:port` as the client reached it, formatted as recorded
 * (`assistant.api.cloud.yandex.net:443`), so an SDK given only the
 * emulator's address as its discovery endpoint finds every service there.
 * Answered without credentials (see the auth interceptor): the Python SDK
 * sends this call without any.
 */
export function apiEndpointService({
  address,
}: ServiceContext): ServiceImpl<typeof ApiEndpointService> {
  const endpoint = (context: HandlerContext) => {
    const host = new URL(clientBaseUrl(context, address.url)).host;
    return (id: string): ApiEndpoint => create(ApiEndpointSchema, { id, address: host });
  };
  return {
    get(request, context) {
      if (!RECORDED_ENDPOINT_IDS.includes(request.apiEndpointId)) {
        throw notFound("api endpoint", request.apiEndpointId);
      }
      return endpoint(context)(request.apiEndpointId);
    },
    list(_request, context) {
      // One page: the real service sends the whole map at once (recorded).
      return { endpoints: RECORDED_ENDPOINT_IDS.map(endpoint(context)), nextPageToken: "" };
    },
  };
}
