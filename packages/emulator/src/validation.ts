import type { DescField, DescMessage, MessageShape } from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { isWrapperDesc } from "@bufbuild/protobuf/wkt";
import { type FieldLimits, fieldLimits, requiredFields } from "@yc-assistants/types/options";
import { invalidArgument, quoteInput } from "./errors.js";

/**
 * Checks a request against the schema sheet before anything else happens:
 * every field the sheet marks REQUIRED (read with `requiredFields`, never a
 * hand-kept list) and every size limit (`fieldLimits`), in the request and,
 * recursively, in every sub-message that is set.
 *
 * Throws INVALID_ARGUMENT naming the field by its proto name (issue 4:
 * "Every REQUIRED field of the schema sheet is validated with
 * INVALID_ARGUMENT naming the field"), e.g. `run_id is required` or
 * `tools[0].gen_search.description is required`.
 *
 * @example
 * validateRequest(SubmitToRunRequestSchema, request); // throws when run_id is ""
 */
export function validateRequest<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): void {
  validateMessage(reflect(schema, message), "");
}

function validateMessage(msg: ReflectMessage, path: string): void {
  for (const field of requiredFields(msg.desc)) {
    if (!msg.isSet(field)) throw invalidArgument(`${path}${field.name} is required`);
  }
  for (const field of msg.fields) {
    // An empty repeated field is "not set", yet `at least N items` applies to it.
    checkMinItems(msg, field, path);
    if (!msg.isSet(field)) continue;
    checkLimits(msg, field, path);
    const fieldPath = `${path}${field.name}`;
    switch (field.fieldKind) {
      case "message":
        if (!isLeafMessage(field.message)) {
          validateMessage(msg.get(field), `${fieldPath}.`);
        }
        break;
      case "list":
        if (field.listKind === "message" && !isLeafMessage(field.message)) {
          let index = 0;
          for (const item of msg.get(field)) {
            validateMessage(item as ReflectMessage, `${fieldPath}[${index}].`);
            index++;
          }
        }
        break;
      case "map":
        if (field.mapKind === "message" && !isLeafMessage(field.message)) {
          for (const [key, value] of msg.get(field)) {
            validateMessage(
              value as ReflectMessage,
              `${fieldPath}[${typeof key === "string" ? quoteInput(key) : String(key)}].`,
            );
          }
        }
        break;
      default:
        break;
    }
  }
}

/** Well-known types carry no options of ours: no need to walk into them. */
function isLeafMessage(desc: DescMessage): boolean {
  return isWrapperDesc(desc) || desc.typeName.startsWith("google.protobuf.");
}

/**
 * `at least N items` (schema sheet, e.g. BatchCreateSearchIndexFileRequest.file_ids:
 * at least 1 item), checked whether or not the list is empty.
 */
function checkMinItems(msg: ReflectMessage, field: DescField, path: string): void {
  if (field.fieldKind !== "list") return;
  const { minItems } = fieldLimits(field);
  if (minItems === undefined) return;
  const size = msg.get(field).size;
  if (size < minItems) {
    throw invalidArgument(
      `${path}${field.name} has ${size} items, at least ${minItems} ${minItems === 1 ? "is" : "are"} required`,
    );
  }
}

function checkLimits(msg: ReflectMessage, field: DescField, path: string): void {
  const limits = fieldLimits(field);
  const name = `${path}${field.name}`;
  if (field.fieldKind === "list") {
    const list = msg.get(field);
    if (limits.maxItems !== undefined && list.size > limits.maxItems) {
      throw invalidArgument(
        `${name} has ${list.size} items, at most ${limits.maxItems} are allowed`,
      );
    }
    // On a repeated string the length limits apply to each item (sheet:
    // `each length <= 1024`, e.g. GenSearchOptions.SiteOption.site).
    if (field.listKind === "scalar") {
      let index = 0;
      for (const item of list) {
        if (typeof item === "string") checkLength(item, limits, `${name}[${index}]`);
        index++;
      }
    }
    return;
  }
  if (field.fieldKind === "scalar") {
    const value = msg.get(field);
    if (typeof value === "string") checkLength(value, limits, name);
  }
}

function checkLength(value: string, limits: FieldLimits, name: string): void {
  const length = [...value].length;
  if (limits.maxLength !== undefined && length > limits.maxLength) {
    throw invalidArgument(`${name} must be at most ${limits.maxLength} characters long`);
  }
  if (limits.exactLength !== undefined && length !== limits.exactLength) {
    throw invalidArgument(`${name} must be exactly ${limits.exactLength} characters long`);
  }
}
