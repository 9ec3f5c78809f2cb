import { startEmulator } from "@yc-assistants/emulator";
import { AssistantsClient } from "@yc-assistants/client";
const lines = [];
for (const delay of [5000, 100, 30, 5]) {
const emulator = await startEmulator({ chunkDelayMs: delay, log: (l) => lines.push(`${delay} ${l}`) });
const client = new AssistantsClient({ endpoint: emulator.url, folderId: "f", auth: { apiKey: "k" } });
const a = await client.assistants.create({ model: "yandexgpt" });
const t = await client.threads.create();
await t.write("hello there friend ".repeat(200));
for (let i = 0; i < 6; i++) {
const run = await a.runStream(t);
try { for await (const e of run.listen({ timeoutMs: 50 + i * 20 })) {} } catch (e) { lines.push("listen " + e.code); }
try { await run.wait({ timeoutMs: 50 + i * 20 }); } catch (e) { lines.push("wait " + e.code); }
}
await new Promise(r => setTimeout(r, 300));
await emulator.close();
}
console.log(lines.filter(l => l.includes("Listen") || l.startsWith("listen") || l.startsWith("wait") || l.includes("Get")).join("\n"));
