import type { DescMethod } from "@bufbuild/protobuf";
import {
  AssistantService,
  FileService,
  MessageService,
  OperationService,
  RunService,
  SearchIndexFileService,
  SearchIndexService,
  ThreadService,
} from "@yc-assistants/types";
import { describe, expect, it } from "vitest";
import { isNonIdempotent, NON_IDEMPOTENT_METHODS } from "./non-idempotent-methods.js";

describe("NON_IDEMPOTENT_METHODS", () => {
  it("holds every Create, every BatchCreate and RunService/Submit, nothing else", () => {
    expect([...NON_IDEMPOTENT_METHODS].sort()).toEqual([
      "yandex.cloud.ai.assistants.v1.AssistantService/Create",
      "yandex.cloud.ai.assistants.v1.runs.RunService/Create",
      "yandex.cloud.ai.assistants.v1.runs.RunService/Submit",
      "yandex.cloud.ai.assistants.v1.searchindex.SearchIndexFileService/BatchCreate",
      "yandex.cloud.ai.assistants.v1.searchindex.SearchIndexService/Create",
      "yandex.cloud.ai.assistants.v1.threads.MessageService/Create",
      "yandex.cloud.ai.assistants.v1.threads.ThreadService/Create",
      "yandex.cloud.ai.files.v1.FileService/Create",
    ]);
  });
});

describe("isNonIdempotent", () => {
  it("is true for Submit and every Create, false for reads, updates and deletes", () => {
    expect(isNonIdempotent(RunService.method.submit)).toBe(true);
    expect(isNonIdempotent(RunService.method.create)).toBe(true);
    expect(isNonIdempotent(AssistantService.method.create)).toBe(true);
    expect(isNonIdempotent(ThreadService.method.create)).toBe(true);
    expect(isNonIdempotent(MessageService.method.create)).toBe(true);
    expect(isNonIdempotent(RunService.method.get)).toBe(false);
    expect(isNonIdempotent(RunService.method.listen)).toBe(false);
    expect(isNonIdempotent(ThreadService.method.update)).toBe(false);
    expect(isNonIdempotent(AssistantService.method.delete)).toBe(false);
  });

  // issue 9, "Client": the upload (FileService/Create) and the Operation-starting calls
  // (SearchIndexService/Create, SearchIndexFileService/BatchCreate) are never retried; their
  // reads, GetUrl and the operation poll are.
  it("is true for the upload, index creation and BatchCreate; false for their reads", () => {
    expect(isNonIdempotent(FileService.method.create)).toBe(true);
    expect(isNonIdempotent(SearchIndexService.method.create)).toBe(true);
    expect(isNonIdempotent(SearchIndexFileService.method.batchCreate)).toBe(true);
    expect(isNonIdempotent(FileService.method.getUrl)).toBe(false);
    expect(isNonIdempotent(FileService.method.list)).toBe(false);
    expect(isNonIdempotent(SearchIndexService.method.get)).toBe(false);
    expect(isNonIdempotent(SearchIndexFileService.method.list)).toBe(false);
    expect(isNonIdempotent(OperationService.method.get)).toBe(false);
  });

  it("treats a BatchCreate of an unknown service as non-idempotent", () => {
    const method = {
      name: "BatchCreate",
      parent: { typeName: "example.v1.ThingService" },
    } as unknown as DescMethod;
    expect(isNonIdempotent(method)).toBe(true);
  });

  it("treats a Create of an unknown service as non-idempotent too", () => {
    const method = {
      name: "Create",
      parent: { typeName: "example.v1.FileService" },
    } as unknown as DescMethod;
    expect(isNonIdempotent(method)).toBe(true);
  });
});

// issue 10, cold start: the set is written out so the module needs no service descriptor;
// deriving it from every service of the API must give the same set.
describe("NON_IDEMPOTENT_METHODS, derived", () => {
  it("equals every Create and BatchCreate of every service, plus RunService/Submit", () => {
    const services = [
      AssistantService,
      ThreadService,
      MessageService,
      RunService,
      FileService,
      SearchIndexService,
      SearchIndexFileService,
      OperationService,
    ];
    const derived = services.flatMap((service) =>
      service.methods
        .filter((m) => m.name === "Create" || m.name === "BatchCreate")
        .map((m) => `${service.typeName}/${m.name}`),
    );
    derived.push(`${RunService.typeName}/${RunService.method.submit.name}`);
    expect([...NON_IDEMPOTENT_METHODS].sort()).toEqual(derived.sort());
  });
});
