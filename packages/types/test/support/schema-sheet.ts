import { readFileSync } from "node:fs";

/**
 * A strict parser of the schema sheet (`assistants-v1-full.md`, or the older
 * `assistants-v1.md`), the wire facts our `.proto` files are written from.
 * Every structured line inside a file section must be understood; an unknown
 * one throws, so a change of the sheet's format cannot make facts silently
 * disappear from the comparison. Prose paragraphs inside a section (the full
 * sheet explains `google/rpc/status.proto` in one) are lines that start with
 * none of the structured prefixes, and are skipped.
 */

export interface SheetField {
  readonly number: number;
  readonly name: string;
  /** `string`, `int64`, a full type name, `repeated <type>` or `map<K, V>`. */
  readonly type: string;
  readonly oneof?: string;
  readonly required: boolean;
  /** `at least N items`. */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** `length <= N`, or `each length <= N` on a repeated field. */
  readonly maxLength?: number;
  readonly exactLength?: number;
  /** `deprecated`: declared `[deprecated = true]` upstream. */
  readonly deprecated?: true;
}

export interface SheetMessage {
  readonly fullName: string;
  readonly fields: SheetField[];
  /** Reserved field numbers, expanded from ranges. */
  readonly reserved: number[];
}

export interface SheetEnum {
  readonly fullName: string;
  readonly values: Array<readonly [name: string, number: number]>;
}

export interface SheetMethod {
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
  /** From a `long-running:` line: the message packed in `Operation.response`. */
  operationResponse?: string;
  /** From a `long-running:` line: the one in `Operation.metadata` (absent for `none`). */
  operationMetadata?: string;
}

export interface SheetService {
  readonly fullName: string;
  readonly methods: SheetMethod[];
}

export interface SheetFile {
  /** e.g. `yandex/cloud/ai/assistants/v1/runs/run.proto` */
  readonly path: string;
  package: string;
  imports: string[];
  readonly messages: SheetMessage[];
  readonly enums: SheetEnum[];
  readonly services: SheetService[];
}

const FILE = /^## (\S+\.proto)$/;
const PACKAGE = /^package `([\w.]+)`; imports: (.+)$/;
const MESSAGE = /^message `([\w.]+)`$/;
const FIELD = /^- (\d+) `(\w+)`: (.+)$/;
const FIELD_TYPE =
  /^(?:(repeated) )?(map<(\w+), ([\w.]+)>|[\w.]+)(?: \(oneof `(\w+)`\))?(?: — (.+))?$/;
const RESERVED = /^- \(reserved field numbers? (\d+)(?: to (\d+))?\)$/;
const ENUM = /^enum `([\w.]+)`: (.+)$/;
const ENUM_VALUE = /^(\w+)=(-?\d+)$/;
const SERVICE = /^service `([\w.]+)`$/;
const RPC = /^- rpc (\w+)\((stream )?([\w.]+)\) returns \((stream )?([\w.]+)\)$/;
const LONG_RUNNING =
  /^ {2}- long-running: `Operation\.response` packs `([\w.]+)`; `Operation\.metadata`: (?:none|`([\w.]+)`)$/;
/** Lines that start like a fact; any other line in a section is prose. */
const STRUCTURED = /^(?:- |\s+- |package |message |enum |service |#)/;

/** Parses the sheet's text into its files. */
export function parseSchemaSheet(text: string): SheetFile[] {
  const files: SheetFile[] = [];
  let file: SheetFile | undefined;
  let message: SheetMessage | undefined;
  let service: SheetService | undefined;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trimEnd();
    const where = `sheet line ${index + 1}`;
    const fileMatch = FILE.exec(line);
    if (fileMatch) {
      file = {
        path: fileMatch[1] as string,
        package: "",
        imports: [],
        messages: [],
        enums: [],
        services: [],
      };
      files.push(file);
      message = undefined;
      service = undefined;
      return;
    }
    // The conventions and service facts before the first file are prose.
    if (file === undefined || line === "") return;
    const current = file;
    const handlers: Array<readonly [RegExp, (m: RegExpExecArray) => void]> = [
      [
        PACKAGE,
        (m) => {
          current.package = m[1] as string;
          current.imports = m[2] === "none" ? [] : (m[2] as string).split(", ");
        },
      ],
      [
        MESSAGE,
        (m) => {
          message = { fullName: m[1] as string, fields: [], reserved: [] };
          service = undefined;
          current.messages.push(message);
        },
      ],
      [
        ENUM,
        (m) => {
          const values = (m[2] as string).split(", ").map((v) => {
            const vm = ENUM_VALUE.exec(v);
            if (!vm) throw new Error(`${where}: bad enum value ${v}`);
            return [vm[1] as string, Number(vm[2])] as const;
          });
          current.enums.push({ fullName: m[1] as string, values });
          message = undefined;
        },
      ],
      [
        SERVICE,
        (m) => {
          service = { fullName: m[1] as string, methods: [] };
          message = undefined;
          current.services.push(service);
        },
      ],
      [
        RPC,
        (m) => {
          if (!service) throw new Error(`${where}: rpc outside a service`);
          service.methods.push({
            name: m[1] as string,
            clientStreaming: m[2] !== undefined,
            input: m[3] as string,
            serverStreaming: m[4] !== undefined,
            output: m[5] as string,
          });
        },
      ],
      [
        LONG_RUNNING,
        (m) => {
          const method = service?.methods.at(-1);
          if (!method) throw new Error(`${where}: long-running outside an rpc`);
          method.operationResponse = m[1] as string;
          if (m[2] !== undefined) method.operationMetadata = m[2];
        },
      ],
      [
        RESERVED,
        (m) => {
          if (!message) throw new Error(`${where}: reserved outside a message`);
          const from = Number(m[1]);
          const to = m[2] === undefined ? from : Number(m[2]);
          for (let n = from; n <= to; n++) message.reserved.push(n);
        },
      ],
      [
        FIELD,
        (m) => {
          if (!message) throw new Error(`${where}: field outside a message`);
          message.fields.push(parseField(Number(m[1]), m[2] as string, m[3] as string, where));
        },
      ],
    ];
    for (const [pattern, handle] of handlers) {
      const m = pattern.exec(line);
      if (m) {
        handle(m);
        return;
      }
    }
    if (!STRUCTURED.test(line)) return;
    throw new Error(`${where}: not understood: ${line}`);
  });
  return files;
}

function parseField(number: number, name: string, rest: string, where: string): SheetField {
  const m = FIELD_TYPE.exec(rest);
  if (!m) throw new Error(`${where}: bad field type ${rest}`);
  const [, repeated, type, mapKey, mapValue, oneof, notes] = m;
  const field: {
    number: number;
    name: string;
    type: string;
    oneof?: string;
    required: boolean;
    minItems?: number;
    maxItems?: number;
    maxLength?: number;
    exactLength?: number;
    deprecated?: true;
  } = {
    number,
    name,
    type:
      mapKey !== undefined
        ? `map<${mapKey}, ${mapValue}>`
        : repeated
          ? `repeated ${type}`
          : (type as string),
    required: false,
  };
  if (oneof !== undefined) field.oneof = oneof;
  const list = repeated !== undefined;
  const noteKinds: Array<readonly [RegExp, (value: number) => void]> = [
    [/^at most (\d+) items?$/, (v) => (field.maxItems = v)],
    [/^at least (\d+) items?$/, (v) => (field.minItems = v)],
    [
      /^length <= (\d+)$/,
      (v) => {
        if (list) throw new Error(`${where}: "length" on a repeated field (say "each length")`);
        field.maxLength = v;
      },
    ],
    [
      /^each length <= (\d+)$/,
      (v) => {
        if (!list) throw new Error(`${where}: "each length" on a singular field`);
        field.maxLength = v;
      },
    ],
    [/^length exactly (\d+)$/, (v) => (field.exactLength = v)],
  ];
  for (const note of notes === undefined ? [] : notes.split(/ — |, /)) {
    if (note === "REQUIRED") {
      field.required = true;
      continue;
    }
    if (note === "deprecated") {
      field.deprecated = true;
      continue;
    }
    const kind = noteKinds.find(([pattern]) => pattern.test(note));
    if (kind === undefined) throw new Error(`${where}: unknown field note "${note}"`);
    kind[1](Number(kind[0].exec(note)?.[1]));
  }
  return field;
}

/** Reads and parses the sheet at `file`. */
export function readSchemaSheet(file: string): SheetFile[] {
  return parseSchemaSheet(readFileSync(file, "utf8"));
}
