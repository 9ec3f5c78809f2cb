/**
 * This project's field options (`required`, `max_items`, `max_length`,
 * `exact_length`) and a helper that lists the fields a message marks
 * required, so validation is derived from the schema, never from hand-kept
 * lists.
 *
 * @example
 * import { requiredFields } from "@yc-assistants/types/options";
 * import { SubmitToRunRequestSchema } from "@yc-assistants/types/runs";
 * requiredFields(SubmitToRunRequestSchema); // [field run_id]
 *
 * @packageDocumentation
 */

export { type FieldLimits, fieldLimits, requiredFields } from "./field-rules.js";
export * from "./gen/ycassistants/options/v1/options_pb.js";
