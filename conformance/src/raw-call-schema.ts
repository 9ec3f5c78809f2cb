/**
 * The case language of `callRaw` (issue 11, "Servers too"): one raw Connect call of any RPC
 * with a proto JSON request, and checks of the response that judge a server by itself,
 * without a client's mapping in between: the REQUIRED-field and limit codes of the schema
 * sheet, NOT_FOUND for unknown ids of every kind, and the bookkeeping fields the recordings
 * show (`created_at`, `folder_id`, expiration defaults). `case-schema.ts` adds the step
 * built by {@link rawCallStepShapes}; README.md ("Raw calls") explains every field.
 *
 * @module
 */
import { arr, bool, jsonObject, num, obj, opt, record, type Shape, str } from "./shape.js";

type Fields = Record<string, Shape<unknown>>;

const path = str({
  pattern: /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*$/,
  what: "a dotted proto JSON path (state.status, content.content.0.text)",
});

/** `{ from, to, seconds }`: the Timestamp at `to` is `seconds` after the one at `from`. */
const durationShape = obj({ from: path, to: path, seconds: num() });

/** The `callRaw` step shape, built from the common expectation fields of `case-schema.ts`. */
export function rawCallStepShapes<C extends Fields>(common: C) {
  return {
    callRaw: obj({
      callRaw: obj({
        /** `Service.Method`, unary or server-streaming (every message is read). */
        rpc: str({
          pattern: /^[A-Za-z]+Service\.[A-Za-z]+$/,
          what: "Service.Method, e.g. ThreadService.Get",
        }),
        /**
         * The request (proto JSON). `{{folder}}`, `{{assistant}}`, `{{thread}}`, `{{run}}`,
         * `{{file}}`, `{{index}}` are the case's ids; `{{alias.path}}` a field of an earlier
         * `callRaw` saved with `as`.
         */
        request: opt(jsonObject()),
        /** Saves the response (the first message of a stream) for `{{alias.path}}`. */
        as: opt(str({ pattern: /^[a-z][a-z0-9-]*$/, what: "a lower-case alias" })),
      }),
      expect: opt(
        obj({
          /** Fields the response must carry with these values (proto JSON subset, placeholders). */
          response: opt(jsonObject()),
          /** Paths that must be set (present in the proto JSON, so not the default value). */
          present: opt(arr(path)),
          /** Paths that must be absent (unset or the default value). */
          absent: opt(arr(path)),
          /** Groups of paths that must carry equal values. */
          same: opt(arr(arr(path, { min: 2 }))),
          /** Path → a value (placeholders) the field must differ from. */
          differs: opt(record(str())),
          /** Timestamps that must lie a given number of seconds apart. */
          durations: opt(arr(durationShape)),
          /** `{ earlier, later }` Timestamp pairs: `later` is not before `earlier`. */
          order: opt(arr(obj({ earlier: path, later: path }))),
          /** A server stream's message count. */
          count: opt(num({ int: true, min: 0 })),
          /**
           * A Listen / Attach stream's events (spec/runs.md, "Listening"): cursors count up by
           * one from `cursorsFrom` (an absent cursor is 0), partials are `cumulative` (each
           * text extends the one before, the final message extends the last), the last event
           * is `lastEvent` (`DONE`, `ERROR`, `TOOL_CALLS`) and no earlier one is DONE or ERROR.
           */
          events: opt(
            obj({
              cursorsFrom: opt(num({ int: true, min: 0 })),
              cumulative: opt(bool()),
              lastEvent: opt(str({ pattern: /^[A-Z_]+$/, what: "an event type name" })),
            }),
          ),
          ...common,
        }),
      ),
      note: opt(str()),
      derive: opt(bool()),
    }),
  };
}

/** The step keys {@link rawCallStepShapes} adds. */
export const RAW_CALL_STEP_KINDS = ["callRaw"] as const;
