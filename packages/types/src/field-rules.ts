import { type DescField, type DescMessage, getOption, hasOption } from "@bufbuild/protobuf";
import {
  exact_length,
  max_items,
  max_length,
  min_items,
  required,
} from "./gen/ycassistants/options/v1/options_pb.js";

/**
 * The fields of `schema` that the schema sheet marks REQUIRED (our
 * `(ycassistants.options.v1.required)` option), in field-number order.
 *
 * The client checks them before a call and the emulator answers
 * INVALID_ARGUMENT naming them, both from this one source.
 */
export function requiredFields(schema: DescMessage): readonly DescField[] {
  let fields = requiredCache.get(schema);
  if (fields === undefined) {
    fields = Object.freeze(
      schema.fields.filter((f) => hasOption(f, required) && getOption(f, required)),
    );
    requiredCache.set(schema, fields);
  }
  return fields;
}

// Options never change after a descriptor is built; reading them walks the extension
// registry every time, which was about 3% of the emulator's CPU per unary call (issue 10,
// row "one unary Get on loopback"): both answers are kept per descriptor.
const requiredCache = new WeakMap<DescMessage, readonly DescField[]>();
const limitsCache = new WeakMap<DescField, FieldLimits>();

/** Size limits of one field, from our field options; absent when unlimited. */
export interface FieldLimits {
  /** Fewest items of a repeated field (sheet: `at least N items`). */
  readonly minItems?: number;
  /** Most items of a repeated field. */
  readonly maxItems?: number;
  /**
   * Longest string, in characters. On a repeated string field it limits each
   * item (sheet: `each length <= N`, e.g. `GenSearchOptions.SiteOption.site`).
   */
  readonly maxLength?: number;
  /** Exact string length, in characters, when the field is set. */
  readonly exactLength?: number;
}

/** The size limits `field` carries in our field options. */
export function fieldLimits(field: DescField): FieldLimits {
  let limits = limitsCache.get(field);
  if (limits === undefined) {
    limits = Object.freeze(readLimits(field));
    limitsCache.set(field, limits);
  }
  return limits;
}

function readLimits(field: DescField): FieldLimits {
  const limits: {
    minItems?: number;
    maxItems?: number;
    maxLength?: number;
    exactLength?: number;
  } = {};
  if (hasOption(field, min_items)) limits.minItems = getOption(field, min_items);
  if (hasOption(field, max_items)) limits.maxItems = getOption(field, max_items);
  if (hasOption(field, max_length)) limits.maxLength = getOption(field, max_length);
  if (hasOption(field, exact_length)) limits.exactLength = getOption(field, exact_length);
  return limits;
}
