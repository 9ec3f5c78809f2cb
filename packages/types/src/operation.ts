/**
 * Long-running operations: the Operation message, `google.rpc.Status` (its
 * `error`), and the OperationService descriptor (Get, Cancel), served at the
 * endpoint id `operation` (issue 9). Unpack a done `response` with the
 * package `registry`, and find what an RPC packs with the
 * `operation_response` method option (`/options`).
 *
 * @example
 * import { anyUnpack } from "@bufbuild/protobuf/wkt";
 * import { registry } from "@yc-assistants/types";
 * import { OperationService } from "@yc-assistants/types/operation";
 * // op.result.case === "response" → anyUnpack(op.result.value, registry)
 *
 * @packageDocumentation
 */
export * from "./gen/google/rpc/status_pb.js";
export * from "./gen/yandex/cloud/operation/operation_pb.js";
export * from "./gen/yandex/cloud/operation/operation_service_pb.js";
