import { AssistantsClient, functionTool } from "@yc-assistants/client";

// Folder and credentials come from YC_FOLDER_ID and YC_API_KEY (or YC_IAM_TOKEN).
const client = new AssistantsClient({ endpoint: process.env.YC_ASSISTANTS_ENDPOINT });

const weather = functionTool({
  name: "get_weather",
  description: "Current weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
});
const assistant = await client.assistants.create({
  model: "yandexgpt", // → gpt://<folder>/yandexgpt/latest
  instruction: "You are a concise assistant.",
  tools: [weather],
});
const thread = await client.threads.create();

// 1. A streamed run: print the text as it arrives (deltas of the cumulative partials).
await thread.write("Say hello!");
const run = await assistant.runStream(thread);
for await (const event of run) process.stdout.write(event.delta);
const result = await run.wait(); // the final event already arrived: one Get, for the usage
console.log(`\n${result.status.name}, ${result.usage?.totalTokens} tokens`);

// 2. A tool call round trip with the Submit RPC.
await thread.write("What is the weather in Paris? Use get_weather.");
const toolRun = await assistant.run(thread);
const pending = await toolRun.wait();
if (pending.toolCalls) {
  await toolRun.submitToolResults(
    pending.toolCalls.map((call) => ({ name: call.name, content: { city: "Paris", celsius: 21 } })),
  );
}
const answer = await toolRun.wait(); // the next round's result, never the old TOOL_CALLS
// `text` throws on a FAILED run: check the status first.
console.log(answer.isFailed ? `failed: ${answer.error?.message}` : answer.text);

await assistant.delete();
await thread.delete();
