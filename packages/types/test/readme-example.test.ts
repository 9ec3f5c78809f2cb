/** The README's example, run as written, so the documentation cannot drift. */
import { create, fromBinary, fromJson, getOption, toBinary, toJson } from "@bufbuild/protobuf";
import { anyPack, anyUnpack } from "@bufbuild/protobuf/wkt";
import { registry } from "@yc-assistants/types";
import { OperationSchema } from "@yc-assistants/types/operation";
import { operation_response, requiredFields } from "@yc-assistants/types/options";
import { RunSchema, RunState_RunStatus, SubmitToRunRequestSchema } from "@yc-assistants/types/runs";
import { SearchIndexSchema, SearchIndexService } from "@yc-assistants/types/searchindex";
import { expect, test } from "vitest";

test("README example", () => {
  const submit = create(SubmitToRunRequestSchema, {
    runId: "fvt...",
    Event: {
      case: "toolResultList",
      value: {
        toolResults: [
          {
            ToolResultType: {
              case: "functionResult",
              value: {
                name: "special_operation",
                ContentType: { case: "content", value: "+20.0" },
              },
            },
          },
        ],
      },
    },
  });
  const bytes = toBinary(SubmitToRunRequestSchema, submit);
  expect(fromBinary(SubmitToRunRequestSchema, bytes)).toEqual(submit);

  const json = { id: "r1", state: { status: "COMPLETED" }, usage: { totalTokens: "114" } };
  const run = fromJson(RunSchema, json);
  expect(run.state?.status === RunState_RunStatus.COMPLETED).toBe(true);
  expect(run.usage?.totalTokens).toBe(114n);
  expect(toJson(RunSchema, run)).toEqual(json);

  expect(requiredFields(SubmitToRunRequestSchema).map((f) => f.name)).toEqual(["run_id"]);
});

test("README operation example: what Create packs, and unpacking it", () => {
  expect(getOption(SearchIndexService.method.create, operation_response)).toBe(
    SearchIndexSchema.typeName,
  );
  const op = create(OperationSchema, {
    done: true,
    result: {
      case: "response",
      value: anyPack(SearchIndexSchema, create(SearchIndexSchema, { id: "fvt1" })),
    },
  });
  if (!(op.done && op.result.case === "response")) throw new Error("not done");
  const index = anyUnpack(op.result.value, registry);
  expect(index?.$typeName).toBe(SearchIndexSchema.typeName);
  // JSON with an Any needs the registry.
  const json = toJson(OperationSchema, op, { registry });
  expect(fromJson(OperationSchema, json, { registry })).toEqual(op);
});
