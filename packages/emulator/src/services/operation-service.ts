import type { ServiceImpl } from "@connectrpc/connect";
import {
  CancelOperationRequestSchema,
  GetOperationRequestSchema,
  type OperationService,
} from "@yc-assistants/types/operation";
import { validateRequest } from "../validation.js";
import type { ServiceContext } from "./service-context.js";

/**
 * OperationService: Get (polling; see `OperationStore` for when an
 * operation becomes done) and Cancel (FAILED_PRECONDITION once done; a
 * running operation ends with `error` CANCELLED) (issue 9).
 */
export function operationService({
  operations,
}: ServiceContext): ServiceImpl<typeof OperationService> {
  return {
    get(request) {
      validateRequest(GetOperationRequestSchema, request);
      return operations.get(request.operationId);
    },
    cancel(request) {
      validateRequest(CancelOperationRequestSchema, request);
      return operations.cancel(request.operationId);
    },
  };
}
