import { readFileSync } from "node:fs";

/**
 * A strict parser of the schema sheet (`assistants-v1.md`), the wire facts
 * our `.proto` files are written from. Every line inside a file section must
 * be understood; an unknown line throws, so a change of the sheet's format
 * cannot make facts silently disappear from the comparison.
 */

export interface SheetField {
  readonly number: number;
  readonly name: string;
  /** `string`, `int64`, a full type name, `repeated <type>` or `map<K, V>`. */
  readonly type: string;
  readonly oneof?: string;
  readonly required: boolean;
  readonly maxItems?: number;
  readonly maxLength?: number;
  readonly exactLength?: number;
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
    maxItems?: number;
    maxLength?: number;
    exactLength?: number;
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
  const noteKinds: Array<readonly [RegExp, (value: number) => void]> = [
    [/^at most (\d+) items$/, (v) => (field.maxItems = v)],
    [/^length <= (\d+)$/, (v) => (field.maxLength = v)],
    [/^length exactly (\d+)$/, (v) => (field.exactLength = v)],
  ];
  for (const note of notes === undefined ? [] : notes.split(/ — |, /)) {
    if (note === "REQUIRED") {
      field.required = true;
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
