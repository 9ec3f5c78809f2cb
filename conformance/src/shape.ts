/**
 * A small schema language for plain data (what YAML and JSON parse into):
 * each shape both validates a value and gives its TypeScript type through
 * {@link Infer}, so the case format is written down once. Errors carry the
 * path of the offending field, e.g. `steps[2].submit.results[0].name`.
 *
 * @example
 * const point = obj({ x: num(), label: opt(str()) });
 * type Point = Infer<typeof point>; // { x: number; label?: string }
 * point.parse({ x: "1" }, []); // throws ShapeError at "x": expected a number, got a string
 */

/** A path into a value: object keys and array indexes. */
export type Path = readonly (string | number)[];

/** Formats a path the way the reports print it: `cases[3].steps[0].wait`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out === "" ? "(root)" : out;
}

/** A value that does not have the expected shape, with the path of the field at fault. */
export class ShapeError extends Error {
  constructor(
    readonly path: Path,
    readonly detail: string,
  ) {
    super(`${formatPath(path)}: ${detail}`);
    this.name = "ShapeError";
  }
}

/** A validator of plain data that yields a typed value. */
export interface Shape<T> {
  /** What the shape accepts, for error messages ("a string", "one of: a, b"). */
  readonly expected: string;
  /** Validates `value` (found at `path`) and returns it typed, or throws {@link ShapeError}. */
  parse(value: unknown, path: Path): T;
}

/** A shape marked optional inside {@link obj}. */
export interface OptionalShape<T> extends Shape<T | undefined> {
  readonly optional: true;
  readonly inner: Shape<T>;
}

/** The TypeScript type a shape yields. */
export type Infer<S> = S extends Shape<infer T> ? T : never;

/** JSON data as YAML/JSON parsing produces it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Describes the type of a value in an error message ("a string", "null", "an array"). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `a string (${JSON.stringify(value)})`;
  return `a ${typeof value} (${String(value)})`;
}

function fail(path: Path, expected: string, value: unknown): never {
  throw new ShapeError(path, `expected ${expected}, got ${describeValue(value)}`);
}

/** A string; `pattern` restricts it (the message names the pattern's meaning via `what`). */
export function str(
  options: { pattern?: RegExp; what?: string; nonEmpty?: boolean } = {},
): Shape<string> {
  const expected = options.what ?? (options.nonEmpty ? "a non-empty string" : "a string");
  return {
    expected,
    parse(value, path) {
      if (typeof value !== "string") fail(path, expected, value);
      if (options.nonEmpty && value === "") fail(path, expected, value);
      if (options.pattern && !options.pattern.test(value)) fail(path, expected, value);
      return value;
    },
  };
}

/** A finite number; `int` requires an integer, `min` a lower bound. */
export function num(options: { int?: boolean; min?: number } = {}): Shape<number> {
  const expected = `${options.int ? "an integer" : "a number"}${options.min !== undefined ? ` >= ${options.min}` : ""}`;
  return {
    expected,
    parse(value, path) {
      if (typeof value !== "number" || !Number.isFinite(value)) fail(path, expected, value);
      if (options.int && !Number.isInteger(value)) fail(path, expected, value);
      if (options.min !== undefined && value < options.min) fail(path, expected, value);
      return value;
    },
  };
}

/** A boolean. */
export function bool(): Shape<boolean> {
  return {
    expected: "a boolean",
    parse(value, path) {
      if (typeof value !== "boolean") fail(path, "a boolean", value);
      return value;
    },
  };
}

/** One of the given literal strings. */
export function oneOf<const T extends string>(values: readonly T[]): Shape<T> {
  const expected = `one of: ${values.join(", ")}`;
  return {
    expected,
    parse(value, path) {
      if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
        fail(path, expected, value);
      }
      return value as T;
    },
  };
}

/** Any JSON value (proto JSON messages, tool arguments); checked further by whoever reads it. */
export function json(): Shape<JsonValue> {
  return {
    expected: "JSON data",
    parse(value, path) {
      check(value, path);
      return value as JsonValue;
      function check(v: unknown, p: Path): void {
        if (v === null || typeof v === "string" || typeof v === "boolean") return;
        if (typeof v === "number") {
          if (!Number.isFinite(v)) fail(p, "a finite number", v);
          return;
        }
        if (Array.isArray(v)) {
          v.forEach((item, i) => {
            check(item, [...p, i]);
          });
          return;
        }
        if (typeof v === "object") {
          for (const [k, item] of Object.entries(v as Record<string, unknown>))
            check(item, [...p, k]);
          return;
        }
        fail(p, "JSON data", v);
      }
    },
  };
}

/** A JSON object (not an array, not null). */
export function jsonObject(): Shape<{ [key: string]: JsonValue }> {
  const inner = json();
  return {
    expected: "an object",
    parse(value, path) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        fail(path, "an object", value);
      }
      return inner.parse(value, path) as { [key: string]: JsonValue };
    },
  };
}

/** An array of items of one shape; `min` requires that many items. */
export function arr<T>(item: Shape<T>, options: { min?: number } = {}): Shape<T[]> {
  const expected = `a list of ${item.expected}${options.min ? ` (at least ${options.min})` : ""}`;
  return {
    expected,
    parse(value, path) {
      if (!Array.isArray(value)) fail(path, `a list of ${item.expected}`, value);
      if (options.min !== undefined && value.length < options.min) {
        throw new ShapeError(path, `expected at least ${options.min} item(s), got ${value.length}`);
      }
      return value.map((v, i) => item.parse(v, [...path, i]));
    },
  };
}

/** An object whose keys are free and whose values share one shape (labels, headers). */
export function record<T>(value: Shape<T>): Shape<Record<string, T>> {
  return {
    expected: `a map of ${value.expected}`,
    parse(input, path) {
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        fail(path, `a map of ${value.expected}`, input);
      }
      const out: Record<string, T> = {};
      for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
        out[k] = value.parse(v, [...path, k]);
      }
      return out;
    },
  };
}

/** Marks a field of {@link obj} optional: absent (or `undefined`) is fine. */
export function opt<T>(inner: Shape<T>): OptionalShape<T> {
  return {
    optional: true,
    inner,
    expected: inner.expected,
    parse(value, path) {
      return value === undefined ? undefined : inner.parse(value, path);
    },
  };
}

type Fields = Record<string, Shape<unknown>>;
type OptionalKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends OptionalShape<unknown> ? K : never;
}[keyof F];
type RequiredKeys<F extends Fields> = Exclude<keyof F, OptionalKeys<F>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The type of an {@link obj} shape: optional fields become `?:`. */
export type ObjType<F extends Fields> = Simplify<
  { [K in RequiredKeys<F>]: Infer<F[K]> } & {
    [K in OptionalKeys<F>]?: F[K] extends OptionalShape<infer T> ? T : never;
  }
>;

/** An object shape with exactly the listed fields; unknown keys are errors (they are usually typos). */
export interface ObjShape<F extends Fields> extends Shape<ObjType<F>> {
  readonly fields: F;
}

/** An object with the given fields; unknown keys are rejected so that typos surface. */
export function obj<F extends Fields>(fields: F): ObjShape<F> {
  const keys = Object.keys(fields);
  return {
    fields,
    expected: "an object",
    parse(value, path) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        fail(path, "an object", value);
      }
      const input = value as Record<string, unknown>;
      for (const k of Object.keys(input)) {
        if (!(k in fields)) {
          throw new ShapeError([...path, k], `unknown field (expected one of: ${keys.join(", ")})`);
        }
      }
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const shape = fields[k] as Shape<unknown>;
        const isOptional = (shape as Partial<OptionalShape<unknown>>).optional === true;
        if (input[k] === undefined && !isOptional) {
          throw new ShapeError(
            [...path, k],
            `required field is missing (expected ${shape.expected})`,
          );
        }
        const parsed = shape.parse(input[k], [...path, k]);
        if (parsed !== undefined) out[k] = parsed;
      }
      return out as ObjType<F>;
    },
  };
}

/**
 * Objects told apart by which key they carry (`{ wait: … }` vs `{ listen: … }`):
 * each variant is an {@link obj} shape and its tag is the one key of `tags`
 * present in the value.
 */
export function tagged<V extends Record<string, ObjShape<Fields>>>(
  variants: V,
): Shape<{ [K in keyof V]: Infer<V[K]> }[keyof V]> {
  const tags = Object.keys(variants);
  const expected = `an object with one of the keys: ${tags.join(", ")}`;
  return {
    expected,
    parse(value, path) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        fail(path, expected, value);
      }
      const present = tags.filter((t) => t in (value as Record<string, unknown>));
      if (present.length !== 1) {
        const got = present.length === 0 ? "none of them" : `several: ${present.join(", ")}`;
        throw new ShapeError(
          path,
          `expected exactly one of the keys ${tags.join(", ")}, got ${got}`,
        );
      }
      const tag = present[0] as string;
      return (variants[tag] as ObjShape<Fields>).parse(value, path) as {
        [K in keyof V]: Infer<V[K]>;
      }[keyof V];
    },
  };
}

/** The first of several shapes that accepts the value (e.g. `"echo"` or a script object). */
export function union<A, B>(a: Shape<A>, b: Shape<B>): Shape<A | B> {
  const expected = `${a.expected} or ${b.expected}`;
  return {
    expected,
    parse(value, path) {
      const errors: ShapeError[] = [];
      for (const shape of [a, b] as Shape<A | B>[]) {
        try {
          return shape.parse(value, path);
        } catch (e) {
          if (!(e instanceof ShapeError)) throw e;
          errors.push(e);
        }
      }
      // Report the error that got deepest: it is the alternative the author meant.
      const deepest = errors.reduce((x, y) => (y.path.length > x.path.length ? y : x));
      if (deepest.path.length > path.length) throw deepest;
      return fail(path, expected, value);
    },
  };
}

/** Validates with `inner`, then converts the result (e.g. an error code name into its number). */
export function map<T, U>(
  inner: Shape<T>,
  convert: (value: T, path: Path) => U,
  expected?: string,
): Shape<U> {
  return {
    expected: expected ?? inner.expected,
    parse(value, path) {
      return convert(inner.parse(value, path), path);
    },
  };
}

/** A shape defined later (for recursive or mutually referring shapes). */
export function lazy<T>(get: () => Shape<T>, expected: string): Shape<T> {
  return {
    expected,
    parse(value, path) {
      return get().parse(value, path);
    },
  };
}
