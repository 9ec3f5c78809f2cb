import { AssistantsClient, searchIndexTool } from "@yc-assistants/client";

// Folder and credentials come from YC_FOLDER_ID and YC_API_KEY (or YC_IAM_TOKEN).
const client = new AssistantsClient({ endpoint: process.env.YC_ASSISTANTS_ENDPOINT });

// 1. Upload a document ({ path }, { bytes } or { text }) and index it: create() resolves when
//    the indexing operation is done.
const file = await client.files.upload({ text: "my secret number is 57", name: "notes.txt" });
const index = await client.searchIndexes.create({
  files: [file],
  type: "text",
  chunking: { maxChunkSizeTokens: 700, chunkOverlapTokens: 300 },
});

// 2. An assistant that searches the index before it answers.
const assistant = await client.assistants.create({
  model: "yandexgpt",
  instruction: "Answer from the documents.",
  tools: [searchIndexTool({ searchIndexes: [index], maxNumResults: 3 })],
});
const thread = await client.threads.create();
await thread.write("What is my secret number?");

// 3. The answer, and the chunks it rests on.
const result = await (await assistant.run(thread)).wait();
if (result.isFailed) throw new Error(`the run failed: ${result.error?.message}`);
console.log(result.text);
for (const citation of result.citations) {
  for (const source of citation.sources) {
    console.log(`  from ${source.file?.name} (${source.searchIndex?.type} index): ${source.text}`);
  }
}

await assistant.delete();
await thread.delete();
await index.delete();
await file.delete();
