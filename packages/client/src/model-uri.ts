/**
 * Model names and model URIs: the checks of the `model` and `modelUri` options and the URI a
 * model name stands for.
 *
 * issue 12, point 1: `" yandexgpt "` became `gpt://f/ yandexgpt /latest`, and `model: "a/b"`
 * and `modelUri: "notauri"` were sent unchecked. Each is now refused before any call with
 * `Code.InvalidArgument` naming the option. Whitespace is refused, not trimmed: a name with
 * spaces is a typo or a pasted value, and quietly sending something else than what was
 * written would hide it.
 *
 * The forms accepted are those of the schema sheet (`gpt://<folder_id>/<model>/<version>`,
 * e.g. `gpt://b1g.../yandexgpt/latest`) and of the recordings (`yandexgpt/latest`,
 * `yandexgpt-lite/latest`, `yandexgpt/rc`), plus Yandex Cloud's other model URIs an assistant
 * can use: a tuned model's version suffix (`latest@<tuning id>`) and `ds://<id>` (a model
 * deployed in DataSphere).
 *
 * @module
 */
import { invalidArgument } from "./validate.js";

/** A model name or a folder id: letters, digits, `.`, `_`, `-`; a letter or digit first. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** A version in a full URI (free-form but for `/` and spaces; `@` for tuned models). */
const URI_VERSION = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;
/** The versions a short `model` name may carry (Yandex Cloud's model branches). */
const MODEL_VERSION = /^(latest|rc|deprecated)(@[A-Za-z0-9._-]+)?$/;

const URI_FORMS =
  "gpt://<folder>/<model>[/<version>] (e.g. gpt://b1g.../yandexgpt/latest) or ds://<id>";

function assertNoSpace(value: string, field: string): void {
  if (value.trim() !== value) {
    throw invalidArgument(
      `${field} ${JSON.stringify(value)} has leading or trailing whitespace; write ${JSON.stringify(value.trim())}`,
    );
  }
  if (/\s/.test(value)) {
    throw invalidArgument(`${field} ${JSON.stringify(value)} must not contain whitespace`);
  }
}

/**
 * Checks a full model URI (the `modelUri` option, or a `model` given as a URI) and returns
 * it unchanged. Throws `Code.InvalidArgument` naming `field` for anything but
 * `gpt://<folder>/<model>[/<version>]` or `ds://<id>`.
 *
 * @example
 * checkModelUri("gpt://b1g123/yandexgpt/rc", "options.modelUri"); // "gpt://b1g123/yandexgpt/rc"
 * checkModelUri("notauri", "options.modelUri"); // throws: … is not a model URI: expected gpt://…
 */
export function checkModelUri(uri: string, field: string): string {
  assertNoSpace(uri, field);
  const scheme = /^([a-z]+):\/\/(.*)$/i.exec(uri);
  if (scheme === null) {
    throw invalidArgument(
      `${field} ${JSON.stringify(uri)} is not a model URI: expected ${URI_FORMS}`,
    );
  }
  const [, kind, rest = ""] = scheme;
  const segments = rest.split("/");
  if (kind === "ds") {
    if (segments.length === 1 && NAME.test(rest)) return uri;
    throw invalidArgument(`${field} ${JSON.stringify(uri)} must be ds://<id> (one id, no path)`);
  }
  if (kind !== "gpt") {
    throw invalidArgument(
      `${field} ${JSON.stringify(uri)} has scheme ${JSON.stringify(`${kind}://`)}; an assistant's model is ${URI_FORMS}`,
    );
  }
  const [folder = "", name = "", version] = segments;
  if (
    segments.length < 2 ||
    segments.length > 3 ||
    !NAME.test(folder) ||
    !NAME.test(name) ||
    (version !== undefined && !URI_VERSION.test(version))
  ) {
    throw invalidArgument(
      `${field} ${JSON.stringify(uri)} is not a model URI: expected ${URI_FORMS}`,
    );
  }
  return uri;
}

/**
 * The model URI of a `model` option: `"yandexgpt"` → `gpt://<folder>/yandexgpt/latest`,
 * `"yandexgpt/rc"` → `gpt://<folder>/yandexgpt/rc`; a value with `://` is a full URI, checked
 * by {@link checkModelUri}. The name is letters, digits, `.`, `_` and `-`; the version one of
 * `latest`, `rc`, `deprecated` (with an optional `@<tuning id>`). Anything else (`"a/b"`,
 * `" yandexgpt "`, `"x/y/z"`) throws `Code.InvalidArgument` naming `field`: a custom URI
 * goes in `modelUri`.
 *
 * @example
 * modelUriOf("b1g", "yandexgpt-lite", "options.model"); // "gpt://b1g/yandexgpt-lite/latest"
 * modelUriOf("b1g", "a/b", "options.model"); // throws: … version "b" is not latest, rc or deprecated …
 */
export function modelUriOf(folderId: string, model: string, field: string): string {
  assertNoSpace(model, field);
  if (model.includes("://")) return checkModelUri(model, field);
  const segments = model.split("/");
  const [name = "", version = "latest"] = segments;
  if (segments.length > 2 || !NAME.test(name)) {
    throw invalidArgument(
      `${field} ${JSON.stringify(model)} is not a model name: expected <model>[/<version>] such as "yandexgpt" or "yandexgpt-lite/rc" (letters, digits, ".", "_", "-"), or a full URI in modelUri`,
    );
  }
  if (!MODEL_VERSION.test(version)) {
    throw invalidArgument(
      `${field} ${JSON.stringify(model)}: the version ${JSON.stringify(version)} is not latest, rc or deprecated; pass a full URI in modelUri for any other`,
    );
  }
  return `gpt://${folderId}/${name}/${version}`;
}
