/**
 * Replays the requests of one recorded session against an emulator over real HTTP/2 and
 * compares the SHAPE of every response with the recorded one (issue 9: "a test that replays
 * each recorded session's requests against the emulator and compares the shape of every
 * response, including the presence of page tokens"):
 *
 * - the status code of every call (every recorded call succeeded);
 * - the fields present in every message (proto3 JSON leaves empty fields out, so this is
 *   also which fields are non-empty), `next_page_token` included;
 * - the length of every list (items of a page, messages of a stream);
 * - ids used consistently: a recorded id becomes the emulator's id the first time a response
 *   carries it, later requests carry the emulator's id, and the id a page token names is the
 *   id of the page's last item, recorded and replayed alike;
 * - `status` values (run and message states), polling a run until it reaches the recorded one.
 *
 * What the model says is not compared: texts and other scalar values, and the number of
 * Listen events (the emulator's model chunks differently).
 *
 * Items a recorded list shows that the session did not create existed before it: they are
 * created first, oldest first, with the fields the item and its Create request share, so that
 * lists have the recorded length and order.
 */
import {
  type DescMethod,
  fromJson,
  type JsonValue,
  type Message,
  toJson,
} from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { registry } from "@yc-assistants/types";
import { expect } from "vitest";
import {
  findMethod,
  findSchema,
  IdMap,
  type Interaction,
  type RecordedSession,
} from "./recorded-session.js";

/** What replaying one session did. */
export type ShapeReplayOutcome =
  | { readonly kind: "replayed"; readonly calls: number; readonly notes: readonly string[] }
  | { readonly kind: "skipped"; readonly reason: string };

/** Thrown inside a replay to give a session up (types or RPCs the emulator lacks). */
class Skip extends Error {}

const ID_KEYS = new Set([
  "id",
  "threadId",
  "assistantId",
  "runId",
  "fileId",
  "searchIndexId",
  "createdBy",
  "updatedBy",
  "defaultMessageAuthorId",
]);
const TIME_KEYS = new Set(["createdAt", "updatedAt", "expiresAt", "lastActiveAt"]);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
/** Recorded page tokens decode to `<time>@<id>` (issue 9). */
const TOKEN = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)?@([A-Za-z0-9_-]+)$/;
const RUN_RANK: Record<string, number> = {
  PENDING: 0,
  IN_PROGRESS: 1,
  TOOL_CALLS: 2,
  COMPLETED: 3,
  FAILED: 3,
  CANCELLED: 3,
};
const POLL_MS = 10;
const MAX_POLLS = 300;

type Call = (request: unknown) => Promise<unknown> | AsyncIterable<unknown>;

function callOf(method: DescMethod, transport: Transport): Call {
  const client = createClient(method.parent, transport) as unknown as Record<string, Call>;
  const call = client[method.localName];
  if (call === undefined) throw new Error(`no client method ${method.localName}`);
  return call;
}

function decodeToken(token: string): string | undefined {
  const match = TOKEN.exec(Buffer.from(token, "base64").toString("utf8"));
  return match?.[3];
}

/** Asserts `actual` has the shape of `recorded`; see the file comment. */
export function compareShape(recorded: JsonValue, actual: JsonValue, ids: IdMap, at: string): void {
  if (Array.isArray(recorded)) {
    expect(Array.isArray(actual), `${at} should be a list`).toBe(true);
    const list = actual as JsonValue[];
    expect(list.length, `${at}: number of items`).toBe(recorded.length);
    for (const [i, item] of recorded.entries()) {
      compareShape(item, list[i] as JsonValue, ids, `${at}[${i}]`);
    }
    return;
  }
  if (recorded === null || typeof recorded !== "object") return; // a value: not compared
  expect(
    actual !== null && typeof actual === "object" && !Array.isArray(actual),
    `${at} should be an object`,
  ).toBe(true);
  const object = actual as Record<string, JsonValue>;
  expect(Object.keys(object).sort(), `fields of ${at}`).toEqual(Object.keys(recorded).sort());
  for (const [key, value] of Object.entries(recorded)) {
    const there = object[key] as JsonValue;
    if (ID_KEYS.has(key) && typeof value === "string") ids.link(value, there, `${at}.${key}`);
    else if (TIME_KEYS.has(key)) expect(String(there), `${at}.${key}`).toMatch(RFC3339);
    else if (key === "status" && typeof value === "string")
      expect(there, `${at}.status`).toBe(value);
    else if (key === "nextPageToken" && typeof value === "string") {
      const recordedId = decodeToken(value);
      const actualId = decodeToken(String(there));
      expect(actualId, `${at}.nextPageToken should decode to <time>@<id>`).toBeDefined();
      if (recordedId !== undefined) ids.link(recordedId, actualId ?? "", `${at}.nextPageToken id`);
      ids.link(value, there, `${at}.nextPageToken`);
    } else compareShape(value, there, ids, `${at}.${key}`);
  }
}

function listedItems(message: JsonValue): Record<string, JsonValue>[] {
  if (message === null || typeof message !== "object" || Array.isArray(message)) return [];
  const lists = Object.values(message).filter(Array.isArray) as JsonValue[][];
  return lists.flat().filter((v): v is Record<string, JsonValue> => typeof v === "object");
}

/**
 * Creates, oldest first, the items the session's lists show but the session never created
 * (they existed before it), and links their recorded ids to the emulator's.
 */
async function seedPreexisting(
  session: RecordedSession,
  transport: Transport,
  ids: IdMap,
): Promise<number> {
  const created = new Set<string>();
  for (const it of session.interactions) {
    const id = (it.response?.message as { id?: unknown } | undefined)?.id;
    if (it.request.cls.startsWith("Create") && typeof id === "string") created.add(id);
  }
  const seeds: { method: DescMethod; item: Record<string, JsonValue>; folderId: JsonValue }[] = [];
  const seen = new Set<string>();
  for (const it of session.interactions) {
    if (!it.request.cls.startsWith("List") || it.response === undefined) continue;
    const input = findSchema(it.request);
    const list = input && findMethod(input);
    if (list === undefined) throw new Skip(`types lack ${it.request.cls}`);
    // A list without Create (endpoint discovery) lists what the server has by itself.
    const create = list.parent.methods.find((m) => m.name === "Create");
    if (create === undefined) continue;
    const pageSeeds: typeof seeds = [];
    for (const item of listedItems(it.response.message)) {
      const id = item["id"];
      if (typeof id !== "string" || created.has(id) || seen.has(id)) continue;
      seen.add(id);
      const folderId = (it.request.message as { folderId?: JsonValue }).folderId ?? null;
      pageSeeds.push({ method: create, item, folderId });
    }
    seeds.push(...pageSeeds.reverse()); // lists are newest first; create oldest first
  }
  for (const { method, item, folderId } of seeds) {
    const request: Record<string, JsonValue> = {};
    for (const field of method.input.fields) {
      const value = item[field.jsonName];
      if (value !== undefined) request[field.jsonName] = value;
    }
    if (folderId !== null) request["folderId"] ??= folderId;
    if (method.input.fields.some((f) => f.jsonName === "content" && f.scalar !== undefined)) {
      request["content"] ??= Buffer.from("seed").toString("base64");
    }
    const response = await unary(method, transport, fromJson(method.input, request, { registry }));
    ids.link(item["id"] as string, (response as { id?: JsonValue }).id ?? null, "seed");
  }
  return seeds.length;
}

async function unary(method: DescMethod, transport: Transport, request: Message) {
  try {
    const answer = await (callOf(method, transport)(request) as Promise<Message>);
    return toJson(method.output, answer, { registry });
  } catch (e) {
    const error = ConnectError.from(e);
    if (error.code === Code.Unimplemented)
      throw new Skip(`${method.parent.name}.${method.name} is UNIMPLEMENTED`);
    throw error;
  }
}

async function stream(method: DescMethod, transport: Transport, request: Message) {
  const out: JsonValue[] = [];
  try {
    for await (const m of callOf(method, transport)(request) as AsyncIterable<Message>) {
      out.push(toJson(method.output, m, { registry }));
    }
  } catch (e) {
    const error = ConnectError.from(e);
    if (error.code === Code.Unimplemented)
      throw new Skip(`${method.parent.name}.${method.name} is UNIMPLEMENTED`);
    throw error;
  }
  return out;
}

/** A recorded status code: a number or a name such as `NOT_FOUND`. */
function codeOf(code: string | number | undefined): Code | undefined {
  if (typeof code === "number") return code in Code ? (code as Code) : undefined;
  const name = String(code === "CANCELLED" ? "CANCELED" : code)
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, _sep: string, c: string) => c.toUpperCase());
  const value = (Code as unknown as Record<string, number>)[name];
  return value === undefined ? undefined : (value as Code);
}

const statusOf = (json: JsonValue) =>
  String((json as { state?: { status?: string } } | null)?.state?.status);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls a run (RunService.Get) until it reaches the recorded status. The recorder could not
 * capture Submit (fixtures README): when the recording moves past TOOL_CALLS, every tool call
 * gets a result here. Returns undefined when the run went past the recorded status between
 * two polls (timing, not shape: that poll is not compared).
 */
async function pollRun(
  method: DescMethod,
  transport: Transport,
  request: Message,
  recorded: JsonValue,
): Promise<JsonValue | undefined> {
  const want = RUN_RANK[statusOf(recorded)] ?? 0;
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const actual = await unary(method, transport, request);
    const rank = RUN_RANK[statusOf(actual)] ?? 0;
    if (statusOf(actual) === statusOf(recorded)) return actual;
    if (rank > want) return undefined;
    if (statusOf(actual) === "TOOL_CALLS" && want > rank) {
      const submit = method.parent.methods.find((m) => m.name === "Submit");
      const calls = (actual as { state?: { toolCallList?: { toolCalls?: unknown[] } } }).state
        ?.toolCallList?.toolCalls;
      if (submit === undefined || calls === undefined)
        throw new Error("cannot submit tool results");
      const results = calls.map((c) => ({
        functionResult: {
          name: (c as { functionCall?: { name?: string } }).functionCall?.name ?? "",
          content: "+20.0",
        },
      }));
      const runId = (request as unknown as { runId: string }).runId;
      await unary(
        submit,
        transport,
        fromJson(submit.input, { runId, toolResultList: { toolResults: results } }, { registry }),
      );
    }
    await sleep(POLL_MS);
  }
  throw new Error(`the run never reached ${statusOf(recorded)}`);
}

/** Replays `session` through `transport`; see the file comment. */
export async function replayShapes(
  session: RecordedSession,
  transport: Transport,
): Promise<ShapeReplayOutcome> {
  const ids = new IdMap();
  const notes: string[] = [];
  try {
    const seeded = await seedPreexisting(session, transport, ids);
    if (seeded > 0) {
      notes.push(
        `${session.label}: ${seeded} listed items created first (they predate the session)`,
      );
    }
    for (const [index, interaction] of session.interactions.entries()) {
      await replayOne(interaction, `${session.label}#${index}`, transport, ids, notes);
    }
  } catch (e) {
    if (e instanceof Skip) return { kind: "skipped", reason: e.message };
    throw e;
  }
  return { kind: "replayed", calls: session.interactions.length, notes };
}

async function replayOne(
  interaction: Interaction,
  label: string,
  transport: Transport,
  ids: IdMap,
  notes: string[],
): Promise<void> {
  const input = findSchema(interaction.request);
  const method = input && findMethod(input);
  if (input === undefined || method === undefined) {
    throw new Skip(`types lack ${interaction.request.module}.${interaction.request.cls}`);
  }
  const at = `${label} ${method.parent.name}.${method.name}`;
  const request = fromJson(input, ids.rewrite(interaction.request.message), { registry });
  if (interaction.error !== undefined) {
    // None is recorded today (fixtures README); a failed call must fail with the same code.
    const want = codeOf(interaction.error.code);
    const run = method.methodKind === "unary" ? unary : stream;
    const got = await run(method, transport, request).then(
      () => undefined,
      (e: unknown) => (e instanceof Skip ? Promise.reject(e) : ConnectError.from(e).code),
    );
    expect(got === undefined ? "OK" : Code[got], `${at}: status code`).toBe(
      want === undefined ? String(interaction.error.code) : Code[want],
    );
    return;
  }
  if (interaction.response_stream !== undefined) {
    const recorded = interaction.response_stream.map((r) => r.message);
    const actual = await stream(method, transport, request);
    if (method.name === "Listen") {
      // How many events is up to the model; how the stream ends is not.
      expect(actual.length > 0, `${at}: events`).toBe(recorded.length > 0);
      if (recorded.length > 0) {
        compareShape(recorded.at(-1) ?? null, actual.at(-1) ?? null, ids, `${at} last event`);
      }
    } else compareShape(recorded, actual, ids, at);
    return;
  }
  const recorded = interaction.response?.message ?? null;
  const isRunGet = method.name === "Get" && method.parent.name === "RunService";
  const actual = isRunGet
    ? await pollRun(method, transport, request, recorded)
    : await unary(method, transport, request);
  if (actual === undefined) {
    notes.push(`${at}: the run went past ${statusOf(recorded)} between two polls`);
    return;
  }
  compareShape(recorded, actual, ids, at);
}
