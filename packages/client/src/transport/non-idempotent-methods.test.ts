import type { DescMethod } from "@bufbuild/protobuf";
import { AssistantService, MessageService, RunService, ThreadService } from "@yc-assistants/types";
import { describe, expect, it } from "vitest";
import { isNonIdempotent, NON_IDEMPOTENT_METHODS } from "./non-idempotent-methods.js";

describe("NON_IDEMPOTENT_METHODS", () => {
  it("holds every Create and RunService/Submit, nothing else", () => {
    expect([...NON_IDEMPOTENT_METHODS].sort()).toEqual([
      "yandex.cloud.ai.assistants.v1.AssistantService/Create",
      "yandex.cloud.ai.assistants.v1.runs.RunService/Create",
      "yandex.cloud.ai.assistants.v1.runs.RunService/Submit",
      "yandex.cloud.ai.assistants.v1.threads.MessageService/Create",
      "yandex.cloud.ai.assistants.v1.threads.ThreadService/Create",
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

  it("treats a Create of an unknown service as non-idempotent too", () => {
    const method = {
      name: "Create",
      parent: { typeName: "example.v1.FileService" },
    } as unknown as DescMethod;
    expect(isNonIdempotent(method)).toBe(true);
  });
});
