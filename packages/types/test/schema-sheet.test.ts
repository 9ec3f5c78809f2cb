/**
 * Our `.proto` files against the schema sheet they are written from
 * (`../shared/schema/assistants-v1-full.md`, 22 files, issue 9): every file,
 * package, import, message, field (number, name, type, list/map, oneof,
 * REQUIRED mark, item and length limits, `deprecated`), reserved number, enum
 * value and RPC (with its streaming kind and, for long-running RPCs, the
 * messages packed in the Operation) is compared with the generated
 * descriptors in both directions: nothing missing, nothing extra.
 * `requiredFields` must give exactly the sheet's REQUIRED set.
 */

import { readFileSync } from "node:fs";
import {
  type DescEnum,
  type DescField,
  type DescFile,
  type DescMessage,
  getOption,
  hasOption,
  ScalarType,
} from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { fieldLimits, requiredFields } from "../src/field-rules.js";
import {
  operation_metadata,
  operation_response,
} from "../src/gen/ycassistants/options/v1/options_pb.js";
import { registry } from "../src/registry.js";
import { requireExisting, schemaSheetPath } from "./support/paths.js";
import { parseSchemaSheet, readSchemaSheet, type SheetFile } from "./support/schema-sheet.js";

const sheet = readSchemaSheet(requireExisting(schemaSheetPath, "schema sheet"));

/** Our files by path, from the registry (the options file is ours, not the API's). */
const ourFiles = new Map<string, DescFile>();
for (const type of registry) {
  if (type.kind === "extension") continue;
  if (type.file.name.startsWith("ycassistants/")) continue;
  ourFiles.set(`${type.file.name}.proto`, type.file);
}

const OPTIONS_IMPORT = "ycassistants/options/v1/options.proto";

function allMessages(file: DescFile): DescMessage[] {
  const out: DescMessage[] = [];
  const walk = (m: DescMessage): void => {
    if (m.proto.options?.mapEntry) return;
    out.push(m);
    m.nestedMessages.forEach(walk);
  };
  file.messages.forEach(walk);
  return out;
}

function allEnums(file: DescFile): DescEnum[] {
  return [...file.enums, ...allMessages(file).flatMap((m) => m.nestedEnums)];
}

function scalarName(scalar: ScalarType): string {
  return (ScalarType[scalar] as string).toLowerCase();
}

function typeOf(field: DescField): string {
  switch (field.fieldKind) {
    case "scalar":
      return scalarName(field.scalar);
    case "enum":
      return field.enum.typeName;
    case "message":
      return field.message.typeName;
    case "list":
      return `repeated ${
        field.listKind === "scalar"
          ? scalarName(field.scalar)
          : field.listKind === "enum"
            ? field.enum.typeName
            : field.message.typeName
      }`;
    case "map": {
      const value =
        field.mapKind === "scalar"
          ? scalarName(field.scalar)
          : field.mapKind === "enum"
            ? field.enum.typeName
            : field.message.typeName;
      return `map<${scalarName(field.mapKey)}, ${value}>`;
    }
  }
}

function fieldFact(
  message: string,
  f: {
    number: number;
    name: string;
    type: string;
    oneof?: string | undefined;
    required: boolean;
    minItems?: number | undefined;
    maxItems?: number | undefined;
    maxLength?: number | undefined;
    exactLength?: number | undefined;
    deprecated?: boolean | undefined;
  },
): string {
  return (
    `field ${message} ${f.number} ${f.name}: ${f.type}` +
    (f.oneof !== undefined ? ` (oneof ${f.oneof})` : "") +
    (f.required ? " REQUIRED" : "") +
    (f.deprecated === true ? " deprecated" : "") +
    (f.minItems !== undefined ? ` minItems=${f.minItems}` : "") +
    (f.maxItems !== undefined ? ` maxItems=${f.maxItems}` : "") +
    (f.maxLength !== undefined ? ` maxLength=${f.maxLength}` : "") +
    (f.exactLength !== undefined ? ` exactLength=${f.exactLength}` : "")
  );
}

function rpcFact(
  service: string,
  m: {
    name: string;
    input: string;
    output: string;
    clientStreaming: boolean;
    serverStreaming: boolean;
    operationResponse?: string | undefined;
    operationMetadata?: string | undefined;
  },
): string {
  const s = (yes: boolean) => (yes ? "stream " : "");
  return (
    `rpc ${service}.${m.name}(${s(m.clientStreaming)}${m.input}) returns (${s(m.serverStreaming)}${m.output})` +
    (m.operationResponse !== undefined ? ` packs response ${m.operationResponse}` : "") +
    (m.operationMetadata !== undefined ? ` packs metadata ${m.operationMetadata}` : "")
  );
}

/** Every fact the sheet states about one file, one string each. */
function sheetFacts(file: SheetFile): string[] {
  const facts = [`package ${file.package}`, ...file.imports.map((i) => `import ${i}`)];
  for (const m of file.messages) {
    facts.push(`message ${m.fullName}`);
    for (const f of m.fields) facts.push(fieldFact(m.fullName, f));
    for (const n of m.reserved) facts.push(`reserved ${m.fullName} ${n}`);
  }
  for (const e of file.enums) {
    facts.push(`enum ${e.fullName} ${e.values.map(([n, v]) => `${n}=${v}`).join(", ")}`);
  }
  for (const s of file.services) {
    facts.push(`service ${s.fullName}`);
    for (const m of s.methods) facts.push(rpcFact(s.fullName, m));
  }
  return facts.sort();
}

/** The same facts, read from our generated descriptors. */
function ourFacts(file: DescFile): string[] {
  const facts = [
    `package ${file.proto.package}`,
    ...file.proto.dependency.filter((d) => d !== OPTIONS_IMPORT).map((i) => `import ${i}`),
  ];
  for (const m of allMessages(file)) {
    facts.push(`message ${m.typeName}`);
    const required = new Set(requiredFields(m));
    for (const f of m.fields) {
      // The sheet marks no proto3 `optional`; one would change presence.
      if (f.proto.proto3Optional) facts.push(`proto3 optional ${m.typeName}.${f.name}`);
      const limits = fieldLimits(f);
      facts.push(
        fieldFact(m.typeName, {
          number: f.number,
          name: f.name,
          type: typeOf(f),
          oneof: f.oneof?.name,
          required: required.has(f),
          deprecated: f.proto.options?.deprecated === true,
          minItems: limits.minItems,
          maxItems: limits.maxItems,
          maxLength: limits.maxLength,
          exactLength: limits.exactLength,
        }),
      );
    }
    for (const r of m.proto.reservedRange) {
      // DescriptorProto reserved ranges are end-exclusive.
      for (let n = r.start; n < r.end; n++) facts.push(`reserved ${m.typeName} ${n}`);
    }
    for (const name of m.proto.reservedName) facts.push(`reserved name ${m.typeName} ${name}`);
  }
  for (const e of allEnums(file)) {
    facts.push(`enum ${e.typeName} ${e.values.map((v) => `${v.name}=${v.number}`).join(", ")}`);
  }
  for (const s of file.services) {
    facts.push(`service ${s.typeName}`);
    for (const m of s.methods) {
      facts.push(
        rpcFact(s.typeName, {
          name: m.name,
          input: m.input.typeName,
          output: m.output.typeName,
          clientStreaming: m.methodKind === "client_streaming" || m.methodKind === "bidi_streaming",
          serverStreaming: m.methodKind === "server_streaming" || m.methodKind === "bidi_streaming",
          operationResponse: hasOption(m, operation_response)
            ? getOption(m, operation_response)
            : undefined,
          operationMetadata: hasOption(m, operation_metadata)
            ? getOption(m, operation_metadata)
            : undefined,
        }),
      );
    }
  }
  return facts.sort();
}

function difference(a: string[], b: string[]): string[] {
  const other = new Set(b);
  return a.filter((x) => !other.has(x));
}

describe("the schema sheet", () => {
  test("parses to the 22 files with all their facts (no vacuous comparison)", () => {
    expect(sheet.map((f) => f.path).sort()).toEqual([...ourFiles.keys()].sort());
    expect(sheet).toHaveLength(22);
    const messages = sheet.flatMap((f) => f.messages);
    expect(messages).toHaveLength(117);
    expect(sheet.flatMap((f) => f.enums)).toHaveLength(7);
    expect(
      Object.fromEntries(
        sheet
          .flatMap((f) => f.services)
          .map((s) => [s.fullName.split(".").at(-1), s.methods.length]),
      ),
    ).toEqual({
      AssistantService: 6,
      RunService: 7,
      SearchIndexFileService: 3,
      SearchIndexService: 5,
      MessageService: 3,
      ThreadService: 5,
      FileService: 6,
      ApiEndpointService: 2,
      OperationService: 2,
    });
    const fields = messages.flatMap((m) => m.fields);
    expect(fields.filter((f) => f.required)).toHaveLength(50);
    // The annotation kinds the full sheet adds (issue 9) are all read.
    expect(fields.filter((f) => f.deprecated)).toHaveLength(3);
    expect(fields.filter((f) => f.minItems !== undefined)).toHaveLength(1);
    expect(fields.filter((f) => f.maxItems === 100 && f.maxLength === 1024)).toHaveLength(3);
    const longRunning = sheet
      .flatMap((f) => f.services)
      .flatMap((s) => s.methods.filter((m) => m.operationResponse !== undefined));
    expect(longRunning.map((m) => `${m.name} ${m.operationResponse}`).sort()).toEqual([
      "BatchCreate yandex.cloud.ai.assistants.v1.searchindex.BatchCreateSearchIndexFileResponse",
      "Create yandex.cloud.ai.assistants.v1.searchindex.SearchIndex",
    ]);
  });

  test("the parser reads every kind of line and refuses unknown ones", () => {
    const parsed = parseSchemaSheet(
      [
        "intro prose is ignored",
        "## a/b.proto",
        "package `a.b`; imports: x.proto, y.proto",
        "message `a.b.M`",
        "- (reserved field numbers 1 to 3)",
        "- 4 `s`: repeated a.b.N",
        "- 5 `m`: map<string, string>",
        "- 6 `d`: string (oneof `o`) — length <= 25",
        "- 7 `r`: string — REQUIRED",
        "- 8 `l`: repeated a.b.N — at most 10 items",
        "- 9 `e`: repeated string — REQUIRED, at least 1 item, each length <= 9",
        "- 10 `o`: int64 — deprecated",
        "A prose paragraph inside a section is skipped.",
        "enum `a.b.E`: E_UNSPECIFIED=0, ONE=1",
        "service `a.b.S`",
        "- rpc A(stream a.b.M) returns (stream a.b.M)",
        "- rpc B(a.b.M) returns (a.b.Op)",
        "  - long-running: `Operation.response` packs `a.b.R`; `Operation.metadata`: `a.b.D`",
        "- rpc C(a.b.M) returns (a.b.Op)",
        "  - long-running: `Operation.response` packs `a.b.R`; `Operation.metadata`: none",
      ].join("\n"),
    );
    expect(parsed).toEqual([
      {
        path: "a/b.proto",
        package: "a.b",
        imports: ["x.proto", "y.proto"],
        messages: [
          {
            fullName: "a.b.M",
            reserved: [1, 2, 3],
            fields: [
              { number: 4, name: "s", type: "repeated a.b.N", required: false },
              { number: 5, name: "m", type: "map<string, string>", required: false },
              { number: 6, name: "d", type: "string", oneof: "o", required: false, maxLength: 25 },
              { number: 7, name: "r", type: "string", required: true },
              { number: 8, name: "l", type: "repeated a.b.N", required: false, maxItems: 10 },
              {
                number: 9,
                name: "e",
                type: "repeated string",
                required: true,
                minItems: 1,
                maxLength: 9,
              },
              { number: 10, name: "o", type: "int64", required: false, deprecated: true },
            ],
          },
        ],
        enums: [
          {
            fullName: "a.b.E",
            values: [
              ["E_UNSPECIFIED", 0],
              ["ONE", 1],
            ],
          },
        ],
        services: [
          {
            fullName: "a.b.S",
            methods: [
              {
                name: "A",
                input: "a.b.M",
                output: "a.b.M",
                clientStreaming: true,
                serverStreaming: true,
              },
              {
                name: "B",
                input: "a.b.M",
                output: "a.b.Op",
                clientStreaming: false,
                serverStreaming: false,
                operationResponse: "a.b.R",
                operationMetadata: "a.b.D",
              },
              {
                name: "C",
                input: "a.b.M",
                output: "a.b.Op",
                clientStreaming: false,
                serverStreaming: false,
                operationResponse: "a.b.R",
              },
            ],
          },
        ],
      },
    ]);
    expect(() => parseSchemaSheet("## a.proto\n- something else")).toThrow(/not understood/);
    expect(() => parseSchemaSheet("## a.proto\nmessage M")).toThrow(/not understood/);
    expect(() =>
      parseSchemaSheet("## a.proto\nservice `S`\n  - long-running: `Operation.response` maybe"),
    ).toThrow(/not understood/);
    expect(() =>
      parseSchemaSheet("## a.proto\nmessage `M`\n- 1 `x`: string — each length <= 3"),
    ).toThrow(/singular/);
    expect(() =>
      parseSchemaSheet("## a.proto\nmessage `M`\n- 1 `x`: repeated string — length <= 3"),
    ).toThrow(/each length/);
    expect(() => parseSchemaSheet("## a.proto\nmessage `M`\n- 1 `x`: string — maybe")).toThrow(
      /unknown field note/,
    );
  });
});

describe("our descriptors state exactly the sheet's facts", () => {
  test.each(sheet.map((f) => f.path))("%s", (path) => {
    const sheetFile = sheet.find((f) => f.path === path)!;
    const ours = ourFiles.get(path);
    expect(ours, `${path} is not among our generated files`).toBeDefined();
    const expected = sheetFacts(sheetFile);
    const actual = ourFacts(ours!);
    expect({
      missingFromOurProtos: difference(expected, actual),
      notInTheSheet: difference(actual, expected),
    }).toEqual({ missingFromOurProtos: [], notInTheSheet: [] });
  });
});

test("a changed fact in the sheet is caught both ways", () => {
  const text = readFileSync(schemaSheetPath, "utf8");
  const changed = parseSchemaSheet(
    text
      .replace(
        "- 3 `temperature`: google.protobuf.DoubleValue",
        "- 3 `temperature`: google.protobuf.FloatValue",
      )
      .replace("- 2 `instruction`: string — REQUIRED", "- 2 `instruction`: string"),
  ).find((f) => f.path === "yandex/cloud/ai/assistants/v1/common.proto")!;
  const ours = ourFacts(ourFiles.get(changed.path)!);
  const expected = sheetFacts(changed);
  expect(difference(expected, ours)).toEqual([
    "field yandex.cloud.ai.assistants.v1.CallStrategy.AutoCall 2 instruction: string",
    "field yandex.cloud.ai.assistants.v1.CompletionOptions 3 temperature: google.protobuf.FloatValue",
  ]);
  expect(difference(ours, expected)).toEqual([
    "field yandex.cloud.ai.assistants.v1.CallStrategy.AutoCall 2 instruction: string REQUIRED",
    "field yandex.cloud.ai.assistants.v1.CompletionOptions 3 temperature: google.protobuf.DoubleValue",
  ]);
});

test("a changed annotation of the full sheet is caught both ways (issue 9 kinds)", () => {
  const text = readFileSync(schemaSheetPath, "utf8");
  const changedFiles = parseSchemaSheet(
    text
      .replace(
        "- 1 `site`: repeated string — at most 100 items, each length <= 1024",
        "- 1 `site`: repeated string — at most 100 items, each length <= 512",
      )
      .replace("(oneof `TextTokenizer`) — deprecated", "(oneof `TextTokenizer`)")
      .replace(
        "- 1 `file_ids`: repeated string — at least 1 item",
        "- 1 `file_ids`: repeated string",
      )
      .replace(
        "`Operation.response` packs `yandex.cloud.ai.assistants.v1.searchindex.SearchIndex`;",
        "`Operation.response` packs `yandex.cloud.ai.assistants.v1.searchindex.SearchIndexFile`;",
      ),
  );
  const missing: string[] = [];
  const extra: string[] = [];
  for (const changed of changedFiles) {
    const ours = ourFacts(ourFiles.get(changed.path)!);
    const expected = sheetFacts(changed);
    missing.push(...difference(expected, ours));
    extra.push(...difference(ours, expected));
  }
  const si = "yandex.cloud.ai.assistants.v1.searchindex";
  expect(missing.sort()).toEqual(
    [
      `field ${si}.BatchCreateSearchIndexFileRequest 1 file_ids: repeated string`,
      `field ${si}.TextSearchIndex 2 ngram_tokenizer: ${si}.NgramTokenizer (oneof TextTokenizer)`,
      "field yandex.cloud.ai.assistants.v1.GenSearchOptions.SiteOption 1 site: repeated string maxItems=100 maxLength=512",
      `rpc ${si}.SearchIndexService.Create(${si}.CreateSearchIndexRequest) returns (yandex.cloud.operation.Operation) packs response ${si}.SearchIndexFile`,
    ].sort(),
  );
  expect(extra.sort()).toEqual(
    [
      `field ${si}.BatchCreateSearchIndexFileRequest 1 file_ids: repeated string minItems=1`,
      `field ${si}.TextSearchIndex 2 ngram_tokenizer: ${si}.NgramTokenizer (oneof TextTokenizer) deprecated`,
      "field yandex.cloud.ai.assistants.v1.GenSearchOptions.SiteOption 1 site: repeated string maxItems=100 maxLength=1024",
      `rpc ${si}.SearchIndexService.Create(${si}.CreateSearchIndexRequest) returns (yandex.cloud.operation.Operation) packs response ${si}.SearchIndex`,
    ].sort(),
  );
});

describe("requiredFields", () => {
  test("equals the sheet's REQUIRED set for every message", () => {
    let checked = 0;
    for (const file of sheet) {
      for (const m of file.messages) {
        const schema = registry.getMessage(m.fullName);
        expect(schema, m.fullName).toBeDefined();
        expect(
          requiredFields(schema!).map((f) => f.name),
          m.fullName,
        ).toEqual(m.fields.filter((f) => f.required).map((f) => f.name));
        checked++;
      }
    }
    expect(checked).toBe(117);
  });
});
