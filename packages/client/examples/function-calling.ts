/**
 * Function calling: the tool loop (`handleToolCalls`) and the same round trip by hand with the
 * `stream()` helper. Run against the emulator:
 *   YC_FOLDER_ID=demo YC_API_KEY=k YC_ASSISTANTS_ENDPOINT=http://127.0.0.1:8080 npx tsx examples/function-calling.ts
 */
import { AssistantsClient, functionTool, RunStatus } from "@yc-assistants/client";

const client = new AssistantsClient({ endpoint: process.env.YC_ASSISTANTS_ENDPOINT });

const addNumbers = functionTool({
  name: "add_numbers",
  description: "Adds numbers",
  parameters: {
    type: "object",
    properties: { numbers: { type: "array", items: { type: "number" } } },
    required: ["numbers"],
  },
});
const assistant = await client.assistants.create({ model: "yandexgpt", tools: [addNumbers] });

// The tool loop: every TOOL_CALLS round is answered (all calls of a round in ONE Submit)
// until the run finishes. Tool arguments arrive as JSON; every number is a double.
const handlers = {
  add_numbers: ({ numbers }: { numbers?: unknown }) =>
    String((numbers as number[]).reduce((sum, n) => sum + n, 0)),
};
const thread = await client.threads.create({ messages: ["Please add_numbers 2, 3 and 37."] });
const looped = await (await assistant.run(thread)).handleToolCalls(handlers);
// `text` throws on a FAILED run: check the status first.
console.log(looped.isFailed ? `loop failed: ${looped.error?.message}` : `loop: ${looped.text}`);

// By hand, streaming: the stream ends at TOOL_CALLS; submit, then stream the next round.
await thread.write("And now add_numbers 1 and 2.");
const run = await assistant.runStream(thread);
const first = await run
  .stream({
    onToolCalls: (calls) => console.log(`model calls: ${calls.map((c) => c.name).join(", ")}`),
  })
  .finalResult();
if (first.status === RunStatus.TOOL_CALLS && first.toolCalls) {
  await run.submitToolResults(
    first.toolCalls.map((call) => ({
      name: call.name,
      content: handlers.add_numbers(call.arguments),
    })),
  );
}
const text = await run.stream({ onTextDelta: (delta) => process.stdout.write(delta) }).finalText();
console.log(`\nby hand: ${text}`);

await assistant.delete();
await thread.delete();
