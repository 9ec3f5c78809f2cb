/**
 * Reads the recorded sessions of the real service (`../shared/fixtures/yandex-recorded` and
 * `yandex-recorded-files`) for the replay tests of the emulator: the sessions, the schema and
 * RPC of every recorded message, and the map from recorded ids to the emulator's ids.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { DescMessage, DescMethod, DescService, JsonValue } from "@bufbuild/protobuf";
import { registry } from "@yc-assistants/types";
import { expect } from "vitest";
import { fixturesDir } from "./clients.js";

/** A recorded message: its Python class and module, and its proto3 JSON. */
export interface Recorded {
  cls: string;
  module: string;
  message: JsonValue;
}

/** One recorded call: a unary response or a server stream (or, if it failed, an error). */
export interface Interaction {
  request: Recorded;
  response?: Recorded;
  response_stream?: Recorded[];
  error?: { code?: string | number; message?: string };
}

/** A recorded session: its file, relative to the fixtures root, and its calls. */
export interface RecordedSession {
  /** e.g. `yandex-recorded/test_run/test_run.json`. */
  readonly label: string;
  readonly interactions: Interaction[];
}

/** The two folders of recordings (the second one holds files, search indexes, operations). */
export function recordingFolders(): string[] {
  const main = fixturesDir();
  return [main, path.resolve(main, "../yandex-recorded-files")];
}

/** Reads one session, `file` relative to `yandex-recorded/` (the older tests' spelling). */
export function readSession(file: string, folder = fixturesDir()): RecordedSession {
  const data = JSON.parse(readFileSync(path.join(folder, file), "utf8")) as {
    interactions: Interaction[];
  };
  return { label: `${path.basename(folder)}/${file}`, interactions: data.interactions };
}

/** Every `*.json` session of both folders, sorted by label. */
export function allSessions(): RecordedSession[] {
  const out: RecordedSession[] = [];
  for (const folder of recordingFolders()) {
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith(".json")) out.push(readSession(path.relative(folder, full), folder));
      }
    };
    walk(folder);
  }
  return out;
}

/** The schema of a recorded message (its module's package + class), if the types have it. */
export function findSchema(recorded: Recorded): DescMessage | undefined {
  const pkg = recorded.module.replace(/\.[a-z0-9_]+_pb2$/, "");
  return registry.getMessage(`${pkg}.${recorded.cls}`);
}

/** Like {@link findSchema}, for types the project must have. */
export function schemaOf(recorded: Recorded): DescMessage {
  const schema = findSchema(recorded);
  if (schema === undefined) throw new Error(`no schema for ${recorded.module} ${recorded.cls}`);
  return schema;
}

/** Every service of @yc-assistants/types (new ones are picked up as the types grow). */
export function allServices(): DescService[] {
  return [...registry].filter((d): d is DescService => d.kind === "service");
}

/** The RPC that takes `input`, among every service of the types. */
export function findMethod(input: DescMessage): DescMethod | undefined {
  for (const service of allServices()) {
    for (const method of service.methods) {
      if (method.input.typeName === input.typeName) return method;
    }
  }
  return undefined;
}

/** Recorded ids ↔ emulator ids, learnt from the responses as a session proceeds. */
export class IdMap {
  readonly #toActual = new Map<string, string>();
  readonly #toRecorded = new Map<string, string>();

  /** Links a recorded id to the emulator's; an id once linked must stay the same. */
  link(recorded: JsonValue, actual: JsonValue, at: string): void {
    expect(typeof actual, `${at} should be a string`).toBe("string");
    const known = this.#toActual.get(recorded as string);
    if (known === undefined) {
      expect(
        this.#toRecorded.has(actual as string),
        `${at}: ${actual} stands for two recorded ids`,
      ).toBe(false);
      this.#toActual.set(recorded as string, actual as string);
      this.#toRecorded.set(actual as string, recorded as string);
    } else {
      expect(actual, `${at} should be the id returned for ${recorded} before`).toBe(known);
    }
  }

  /** The recorded request with the emulator's ids in place of the recorded ones. */
  rewrite(value: JsonValue): JsonValue {
    if (typeof value === "string") return this.#toActual.get(value) ?? value;
    if (Array.isArray(value)) return value.map((item) => this.rewrite(item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.rewrite(v)]));
    }
    return value;
  }
}
