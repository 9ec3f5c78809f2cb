import {
  clone,
  create,
  type DescField,
  type DescMessage,
  type Message,
  type MessageShape,
} from "@bufbuild/protobuf";
import { isWrapperDesc } from "@bufbuild/protobuf/wkt";
import { invalidArgument, quoteInput } from "./errors.js";

/**
 * Applies an Update request to a resource the way field masks work: each
 * path of `update_mask` copies one field (or one sub-field, e.g.
 * `completion_options.temperature`, as the recordings show the real service
 * accepts) from the request into the resource; a path whose field is unset in
 * the request clears it in the resource.
 *
 * Every path is resolved before anything is copied, and the result is a new
 * resource: an unknown path is an INVALID_ARGUMENT and leaves the resource
 * untouched (issue 4: "Update with field masks"; a bad request never changes
 * state). Paths use proto names; the JSON (lowerCamelCase) spelling is
 * accepted too.
 *
 * @example
 * const updated = applyFieldMask(UpdateAssistantRequestSchema, request, AssistantSchema,
 *   current, request.updateMask.paths, ["assistant_id", "update_mask"]);
 */
export function applyFieldMask<Req extends DescMessage, Res extends DescMessage>(
  requestSchema: Req,
  request: MessageShape<Req>,
  resourceSchema: Res,
  resource: MessageShape<Res>,
  paths: readonly string[],
  notUpdatable: readonly string[],
): MessageShape<Res> {
  if (paths.length === 0) throw invalidArgument("update_mask is required");
  const resolved = paths.map((path) =>
    resolvePath(requestSchema, resourceSchema, path, notUpdatable),
  );
  const result = clone(resourceSchema, resource);
  for (const { requestField, resourceField, nested } of resolved) {
    copyPath(request, requestField, result, resourceField, nested);
  }
  return result;
}

interface ResolvedPath {
  readonly requestField: DescField;
  readonly resourceField: DescField;
  /** Fields below the top-level one, identical on both sides. */
  readonly nested: readonly DescField[];
}

function resolvePath(
  requestSchema: DescMessage,
  resourceSchema: DescMessage,
  path: string,
  notUpdatable: readonly string[],
): ResolvedPath {
  const unknown = invalidArgument(`update_mask path ${quoteInput(path)} is not updatable`);
  const [head, ...rest] = path.split(".");
  const requestField = head === undefined ? undefined : findField(requestSchema, head);
  if (requestField === undefined || notUpdatable.includes(requestField.name)) throw unknown;
  const resourceField = resourceSchema.fields.find((f) => f.name === requestField.name);
  if (resourceField === undefined) throw unknown;
  const nested: DescField[] = [];
  let parent: DescField = requestField;
  for (const segment of rest) {
    if (parent.fieldKind !== "message" || isOpaqueMessage(parent.message)) throw unknown;
    const child = findField(parent.message, segment);
    if (child === undefined) throw unknown;
    nested.push(child);
    parent = child;
  }
  return { requestField, resourceField, nested };
}

function findField(schema: DescMessage, name: string): DescField | undefined {
  return schema.fields.find((f) => f.name === name || f.jsonName === name || f.localName === name);
}

/** Messages whose local value is not a message (wrappers, Struct…). */
function isOpaqueMessage(desc: DescMessage): boolean {
  return isWrapperDesc(desc) || desc.typeName.startsWith("google.protobuf.");
}

type Fields = Record<string, unknown>;
type OneofValue = { case: string | undefined; value?: unknown };

function getValue(message: Message, field: DescField): unknown {
  const fields = message as unknown as Fields;
  if (field.oneof !== undefined) {
    const oneof = fields[field.oneof.localName] as OneofValue;
    return oneof.case === field.localName ? oneof.value : undefined;
  }
  return fields[field.localName];
}

function setValue(message: Message, field: DescField, value: unknown): void {
  const fields = message as unknown as Fields;
  if (field.oneof !== undefined) {
    const current = fields[field.oneof.localName] as OneofValue;
    if (value !== undefined) {
      fields[field.oneof.localName] = { case: field.localName, value };
    } else if (current.case === field.localName) {
      fields[field.oneof.localName] = { case: undefined };
    }
    return;
  }
  fields[field.localName] = value;
}

function copyPath(
  source: Message | undefined,
  sourceField: DescField,
  target: Message,
  targetField: DescField,
  nested: readonly DescField[],
): void {
  const sourceValue = source === undefined ? undefined : getValue(source, sourceField);
  const [next, ...rest] = nested;
  if (next === undefined) {
    // A scalar, list or map absent from the request (its parent message is
    // unset there) becomes the field's zero value, as proto3 would read it.
    const value =
      sourceValue === undefined &&
      sourceField.oneof === undefined &&
      sourceField.fieldKind !== "message"
        ? getValue(create(sourceField.parent) as Message, sourceField)
        : sourceValue;
    setValue(target, targetField, cloneValue(sourceField, value));
    return;
  }
  if (targetField.fieldKind !== "message") return;
  let child = getValue(target, targetField) as Message | undefined;
  if (child === undefined) {
    child = create(targetField.message) as Message;
    setValue(target, targetField, child);
  }
  copyPath(sourceValue as Message | undefined, next, child, next, rest);
}

function cloneValue(field: DescField, value: unknown): unknown {
  if (value === undefined) return undefined;
  switch (field.fieldKind) {
    case "message":
      return cloneMessageValue(field.message, value);
    case "list":
      return (value as unknown[]).map((item) =>
        field.listKind === "message" ? cloneMessageValue(field.message, item) : item,
      );
    case "map": {
      const out: Fields = {};
      for (const [key, item] of Object.entries(value as Fields)) {
        out[key] = field.mapKind === "message" ? cloneMessageValue(field.message, item) : item;
      }
      return out;
    }
    default:
      return value;
  }
}

function cloneMessageValue(desc: DescMessage, value: unknown): unknown {
  if (isWrapperDesc(desc)) return value;
  if (desc.typeName.startsWith("google.protobuf.") && !isMessageObject(value)) {
    return structuredClone(value);
  }
  return clone(desc, value as Message);
}

function isMessageObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && "$typeName" in value;
}
