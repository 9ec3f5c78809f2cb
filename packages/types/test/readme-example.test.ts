/** The README's example, run as written, so the documentation cannot drift. */
import { create, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { requiredFields } from "@yc-assistants/types/options";
import { RunSchema, RunState_RunStatus, SubmitToRunRequestSchema } from "@yc-assistants/types/runs";
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
