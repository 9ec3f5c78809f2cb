import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AssistantsClient, functionTool } from "@yc-assistants/client";
import { startEmulator } from "@yc-assistants/emulator";
import { describe, expect, it } from "vitest";
import { createRecorder, startRecordingProxy, writeRecording } from "./recorder.js";
import { exchangesFromRecording } from "./replay-script.js";
import { startReplayServer } from "./replay-server.js";

/** One conversation: a streamed run that calls a tool, answered with Submit. */
async function conversation(client: AssistantsClient) {
  const assistant = await client.assistants.create({
    model: "yandexgpt",
    tools: [functionTool({ name: "special_operation" })],
  });
  const thread = await client.threads.create();
  await thread.write("Use special_operation on 5, 4, 1");
  const run = await assistant.runStream(thread);
  const first = await run.wait();
  await run.submitToolResults([{ name: "special_operation", content: "+20.0" }]);
  const second = await run.wait();
  const events: string[] = [];
  for await (const ev of run.listen()) events.push(`${ev.status.name}:${ev.text ?? ""}`);
  return {
    first: first.status.name,
    calls: first.toolCalls?.map((c) => c.name),
    second: second.text,
    events,
  };
}

const options = {
  folderId: "b1gfolder",
  auth: { apiKey: "recorder-test-key" },
  env: {},
  retry: false,
} as const;

describe("recording", () => {
  it("records an exchange with the emulator and replays it with the same results and requests", async () => {
    const emulator = await startEmulator({ auth: { apiKey: "recorder-test-key" } });
    const recorder = createRecorder();
    let live: Awaited<ReturnType<typeof conversation>>;
    try {
      live = await conversation(
        new AssistantsClient({
          ...options,
          endpoint: emulator.url,
          interceptors: [recorder.interceptor],
        }),
      );
    } finally {
      await emulator.close();
    }
    expect(live.first).toBe("TOOL_CALLS");
    expect(live.second).toBe("Tool results: special_operation: +20.0");

    const dir = mkdtempSync(path.join(tmpdir(), "recording-"));
    const file = path.join(dir, "session.json");
    recorder.write(file);
    const data = JSON.parse(readFileSync(file, "utf8"));
    const classes = data.interactions.map((i: { request: { cls: string } }) => i.request.cls);
    expect(classes).toContain("SubmitToRunRequest");
    expect(data.interactions[0].request.module).toBe(
      "yandex.cloud.ai.assistants.v1.assistant_service_pb2",
    );
    expect(JSON.stringify(data)).not.toContain("recorder-test-key");

    const replay = await startReplayServer({
      exchanges: exchangesFromRecording(data, "session.json"),
    });
    try {
      const replayed = await conversation(
        new AssistantsClient({ ...options, endpoint: replay.url }),
      );
      expect(replayed).toEqual(live);
      expect(replay.state.mismatches).toEqual([]);
      expect(replay.state.unexpected).toEqual([]);
    } finally {
      await replay.close();
    }
  }, 30_000);

  it("records through the HTTP/2 proxy, passing credentials through but not writing them", async () => {
    const emulator = await startEmulator({ auth: { apiKey: "recorder-test-key" } });
    const proxy = await startRecordingProxy({ upstream: emulator.url });
    try {
      const client = new AssistantsClient({ ...options, endpoint: proxy.url });
      const result = await conversation(client);
      expect(result.second).toBe("Tool results: special_operation: +20.0");
      const recording = proxy.recording();
      expect(recording.interactions.map((i) => i.request.cls)).toContain("ListenRunRequest");
      const listen = recording.interactions.find((i) => i.request.cls === "ListenRunRequest");
      expect(listen?.response_stream?.length).toBeGreaterThan(0);
      const dir = mkdtempSync(path.join(tmpdir(), "proxy-"));
      writeRecording(path.join(dir, "proxy.json"), recording);
      expect(readFileSync(path.join(dir, "proxy.json"), "utf8")).not.toContain("recorder-test-key");
    } finally {
      await proxy.close();
      await emulator.close();
    }
  }, 30_000);

  it("records failed calls with their status", async () => {
    const emulator = await startEmulator({ auth: { apiKey: "recorder-test-key" } });
    const recorder = createRecorder();
    try {
      const client = new AssistantsClient({
        ...options,
        endpoint: emulator.url,
        interceptors: [recorder.interceptor],
      });
      await expect(client.runs.get("no-such-run")).rejects.toThrow();
    } finally {
      await emulator.close();
    }
    expect(recorder.recording().interactions).toEqual([
      expect.objectContaining({
        request: expect.objectContaining({
          cls: "GetRunRequest",
          message: { runId: "no-such-run" },
        }),
        error: expect.objectContaining({ code: "NOT_FOUND" }),
      }),
    ]);
  }, 30_000);
});
