import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { DescMessage, JsonValue } from "@bufbuild/protobuf";
import { registry } from "../../src/registry.js";
import { filesFixturesDir, fixturesDir, requireExisting } from "./paths.js";

/** One message of a recorded interaction, with the schema its `module` + `cls` name. */
export interface RecordedMessage {
  /**
   * Fixture file: its folder's name, then its path in the folder, e.g.
   * `yandex-recorded/test_run/test_run.json`.
   */
  readonly file: string;
  /** Where the message sits, e.g. `interaction 3 response_stream[1]`. */
  readonly where: string;
  /** Full proto name resolved from `module` + `cls`. */
  readonly typeName: string;
  readonly schema: DescMessage;
  /** The recorded proto3 JSON, exactly as in the file. */
  readonly json: JsonValue;
}

interface RecordedEnvelope {
  cls: string;
  module: string;
  message: JsonValue;
}

interface RecordedInteraction {
  request?: RecordedEnvelope;
  response?: RecordedEnvelope;
  response_stream?: RecordedEnvelope[];
}

/**
 * The recording folders by the name that prefixes their files (issue 9: both
 * are read). The names are fixed, so the env overrides of `paths.ts` can point
 * each anywhere without changing file names.
 */
export const fixtureFolders: ReadonlyMap<string, string> = new Map([
  ["yandex-recorded", fixturesDir],
  ["yandex-recorded-files", filesFixturesDir],
]);

/** Where a fixture file named `<folder>/<path>` is on disk. */
export function fixturePath(file: string): string {
  const slash = file.indexOf("/");
  const dir = fixtureFolders.get(file.slice(0, slash));
  if (slash < 0 || dir === undefined) {
    throw new Error(`${file}: not under one of ${[...fixtureFolders.keys()].join(", ")}`);
  }
  return path.join(dir, file.slice(slash + 1));
}

/** Every `*.json` file of both recording folders, as `<folder>/<path>`, sorted. */
export function listFixtureFiles(): string[] {
  const found: string[] = [];
  for (const [name, root] of fixtureFolders) {
    requireExisting(root, `recorded fixture directory ${name}`);
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && entry.name.endsWith(".json")) {
          found.push(`${name}/${path.relative(root, full).split(path.sep).join("/")}`);
        }
      }
    };
    walk(root);
  }
  return found.sort();
}

/**
 * The proto message name a recording names: the Python module
 * `a.b.c.run_service_pb2` stands for a file of proto package `a.b.c`
 * (fixture README, "Format").
 */
export function recordedTypeName(module: string, cls: string): string {
  const dot = module.lastIndexOf(".");
  if (dot < 0 || !module.endsWith("_pb2")) {
    throw new Error(`unexpected recorded module name ${JSON.stringify(module)}`);
  }
  return `${module.slice(0, dot)}.${cls}`;
}

/** Resolves a recorded envelope's schema from our registry, or throws naming it. */
function resolveSchema(envelope: RecordedEnvelope, where: string): DescMessage {
  const typeName = recordedTypeName(envelope.module, envelope.cls);
  const schema = registry.getMessage(typeName);
  if (schema === undefined) {
    throw new Error(`${where}: no schema ${typeName} in our registry`);
  }
  return schema;
}

/** Every request, response and stream message of one fixture file, in order. */
export function readRecordedMessages(file: string): RecordedMessage[] {
  const parsed = JSON.parse(readFileSync(fixturePath(file), "utf8")) as {
    interactions?: RecordedInteraction[];
  };
  if (!Array.isArray(parsed.interactions)) {
    throw new Error(`${file}: no "interactions" array`);
  }
  const out: RecordedMessage[] = [];
  const add = (envelope: RecordedEnvelope, where: string): void => {
    const schema = resolveSchema(envelope, `${file} ${where}`);
    out.push({ file, where, typeName: schema.typeName, schema, json: envelope.message });
  };
  parsed.interactions.forEach((interaction, i) => {
    const known = new Set(["request", "response", "response_stream"]);
    for (const key of Object.keys(interaction)) {
      if (!known.has(key)) throw new Error(`${file} interaction ${i}: unexpected key ${key}`);
    }
    if (interaction.request) add(interaction.request, `interaction ${i} request`);
    if (interaction.response) add(interaction.response, `interaction ${i} response`);
    interaction.response_stream?.forEach((m, j) => {
      add(m, `interaction ${i} response_stream[${j}]`);
    });
  });
  return out;
}
