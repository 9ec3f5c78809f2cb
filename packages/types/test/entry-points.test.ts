/**
 * The package's entry points, imported by package name as users do (through
 * package.json `exports` into the built `dist/`): each area re-exports its
 * schemas, enums and service descriptors, and `/gen/<proto path>_pb` reaches
 * one generated module.
 */

import * as root from "@yc-assistants/types";
import * as assistants from "@yc-assistants/types/assistants";
import * as common from "@yc-assistants/types/common";
import * as endpoint from "@yc-assistants/types/endpoint";
import * as files from "@yc-assistants/types/files";
import * as runPb from "@yc-assistants/types/gen/yandex/cloud/ai/assistants/v1/runs/run_pb";
import * as operation from "@yc-assistants/types/operation";
import * as options from "@yc-assistants/types/options";
import * as runs from "@yc-assistants/types/runs";
import * as searchindex from "@yc-assistants/types/searchindex";
import * as threads from "@yc-assistants/types/threads";
import { describe, expect, test } from "vitest";

describe("entry points", () => {
  test("/runs: run schemas, enums and RunService", () => {
    expect(runs.RunSchema.typeName).toBe("yandex.cloud.ai.assistants.v1.runs.Run");
    expect(runs.StreamEventSchema.typeName).toBe("yandex.cloud.ai.assistants.v1.runs.StreamEvent");
    expect(runs.SubmitToRunRequestSchema.typeName).toBe(
      "yandex.cloud.ai.assistants.v1.runs.SubmitToRunRequest",
    );
    expect(runs.RunState_RunStatus.TOOL_CALLS).toBe(5);
    expect(runs.StreamEvent_EventType.DONE).toBe(3);
    expect(runs.RunService.typeName).toBe("yandex.cloud.ai.assistants.v1.runs.RunService");
    expect(Object.keys(runs.RunService.method).sort()).toEqual([
      "attach",
      "create",
      "get",
      "getLastByThread",
      "list",
      "listen",
      "submit",
    ]);
    expect(runs.RunService.method.attach.methodKind).toBe("bidi_streaming");
    expect(runs.RunService.method.listen.methodKind).toBe("server_streaming");
  });

  test("/threads: thread and message schemas, ThreadService and MessageService", () => {
    expect(threads.ThreadSchema.typeName).toBe("yandex.cloud.ai.assistants.v1.threads.Thread");
    expect(threads.MessageSchema.typeName).toBe("yandex.cloud.ai.assistants.v1.threads.Message");
    expect(threads.ThreadService.typeName).toBe(
      "yandex.cloud.ai.assistants.v1.threads.ThreadService",
    );
    expect(threads.MessageService.method.list.methodKind).toBe("server_streaming");
  });

  test("/assistants: the Assistant schema and AssistantService", () => {
    expect(assistants.AssistantSchema.typeName).toBe("yandex.cloud.ai.assistants.v1.Assistant");
    expect(assistants.AssistantService.typeName).toBe(
      "yandex.cloud.ai.assistants.v1.AssistantService",
    );
    expect(Object.keys(assistants.AssistantService.method)).toHaveLength(6);
  });

  test("/common: tools, results, errors, search index and file messages", () => {
    expect(common.ToolResultSchema.typeName).toBe("yandex.cloud.ai.assistants.v1.ToolResult");
    expect(common.ErrorSchema.typeName).toBe("yandex.cloud.ai.common.Error");
    expect(common.ExpirationConfig_ExpirationPolicy.SINCE_LAST_ACTIVE).toBe(2);
    expect(common.SearchIndexSchema.typeName).toBe(
      "yandex.cloud.ai.assistants.v1.searchindex.SearchIndex",
    );
    expect(common.FileSchema.typeName).toBe("yandex.cloud.ai.files.v1.File");
  });

  test("/files: the File schema and FileService (issue 9)", () => {
    expect(files.FileService.typeName).toBe("yandex.cloud.ai.files.v1.FileService");
    expect(Object.keys(files.FileService.method).sort()).toEqual([
      "create",
      "delete",
      "get",
      "getUrl",
      "list",
      "update",
    ]);
    expect(files.CreateFileRequestSchema.field["content"]?.scalar).toBeDefined();
    // The same descriptor as the one /common exports for citations.
    expect(files.FileSchema).toBe(common.FileSchema);
  });

  test("/searchindex: index and index-file schemas, both services (issue 9)", () => {
    expect(searchindex.SearchIndexService.typeName).toBe(
      "yandex.cloud.ai.assistants.v1.searchindex.SearchIndexService",
    );
    expect(searchindex.SearchIndexService.method.create.output).toBe(operation.OperationSchema);
    expect(searchindex.SearchIndexFileService.method.batchCreate.output).toBe(
      operation.OperationSchema,
    );
    expect(Object.keys(searchindex.SearchIndexFileService.method).sort()).toEqual([
      "batchCreate",
      "get",
      "list",
    ]);
    expect(searchindex.SearchIndexFileSchema.typeName).toBe(
      "yandex.cloud.ai.assistants.v1.searchindex.SearchIndexFile",
    );
    expect(searchindex.SearchIndexSchema).toBe(common.SearchIndexSchema);
    expect(searchindex.ListSearchIndicesResponseSchema.field["indices"]?.name).toBe("indices");
  });

  test("/operation: Operation, google.rpc.Status and OperationService (issue 9)", () => {
    expect(operation.OperationService.typeName).toBe("yandex.cloud.operation.OperationService");
    expect(Object.keys(operation.OperationService.method).sort()).toEqual(["cancel", "get"]);
    expect(operation.StatusSchema.typeName).toBe("google.rpc.Status");
    expect(operation.OperationSchema.oneofs.map((o) => o.name)).toEqual(["result"]);
  });

  test("/endpoint: ApiEndpoint and ApiEndpointService (issue 9)", () => {
    expect(endpoint.ApiEndpointService.typeName).toBe("yandex.cloud.endpoint.ApiEndpointService");
    expect(Object.keys(endpoint.ApiEndpointService.method).sort()).toEqual(["get", "list"]);
    expect(endpoint.ApiEndpointSchema.typeName).toBe("yandex.cloud.endpoint.ApiEndpoint");
  });

  test("/options: requiredFields, fieldLimits and the option extensions", () => {
    expect(options.requiredFields(runs.SubmitToRunRequestSchema).map((f) => f.name)).toEqual([
      "run_id",
    ]);
    expect(options.required.typeName).toBe("ycassistants.options.v1.required");
    expect(typeof options.fieldLimits).toBe("function");
    expect(options.min_items.typeName).toBe("ycassistants.options.v1.min_items");
    expect(options.operation_response.typeName).toBe("ycassistants.options.v1.operation_response");
  });

  test("/gen/…/run_pb: one generated module by its proto path", () => {
    expect(runPb.RunSchema).toBe(runs.RunSchema);
    expect(runPb.file_yandex_cloud_ai_assistants_v1_runs_run.name).toBe(
      "yandex/cloud/ai/assistants/v1/runs/run",
    );
  });

  test("the root re-exports every area and the registry, sharing one set of descriptors", () => {
    expect(root.RunSchema).toBe(runs.RunSchema);
    expect(root.ThreadService).toBe(threads.ThreadService);
    expect(root.AssistantService).toBe(assistants.AssistantService);
    expect(root.ToolResultSchema).toBe(common.ToolResultSchema);
    expect(root.requiredFields).toBe(options.requiredFields);
    expect(root.registry.getMessage("yandex.cloud.ai.assistants.v1.runs.Run")).toBe(runs.RunSchema);
    expect(root.FileService).toBe(files.FileService);
    expect(root.SearchIndexService).toBe(searchindex.SearchIndexService);
    expect(root.OperationService).toBe(operation.OperationService);
    expect(root.ApiEndpointService).toBe(endpoint.ApiEndpointService);
    expect(root.registry.getMessage("google.rpc.Status")).toBe(operation.StatusSchema);
    expect(root.registry.getService("yandex.cloud.endpoint.ApiEndpointService")).toBe(
      endpoint.ApiEndpointService,
    );
  });
});
