import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type ApiEndpoint,
  ApiEndpointSchema,
  type ApiEndpointService,
} from "@yc-assistants/types/endpoint";
import { notFound } from "../errors.js";
import { RECORDED_ENDPOINT_IDS } from "./recorded-endpoint-ids.js";
import type { ServiceContext } from "./service-context.js";

/**
 * ApiEndpointService: List and Get (issue 9). Each endpoint's `address` is
 * the emulator's own `host:port`, formatted as recorded
 * (`assistant.api.cloud.yandex.net:443`), so an SDK given only the
 * emulator's address as its discovery endpoint finds every service there.
 * Answered without credentials (see the auth interceptor): the Python SDK
 * sends this call without any.
 */
export function apiEndpointService({
  address,
}: ServiceContext): ServiceImpl<typeof ApiEndpointService> {
  const endpoint = (id: string): ApiEndpoint =>
    create(ApiEndpointSchema, { id, address: new URL(address.url).host });
  return {
    get(request) {
      if (!RECORDED_ENDPOINT_IDS.includes(request.apiEndpointId)) {
        throw notFound("api endpoint", request.apiEndpointId);
      }
      return endpoint(request.apiEndpointId);
    },
    list() {
      // One page: the real service sends the whole map at once (recorded).
      return { endpoints: RECORDED_ENDPOINT_IDS.map(endpoint), nextPageToken: "" };
    },
  };
}
