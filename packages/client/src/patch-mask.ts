/**
 * patchMask: the field mask and values of an `update(patch)`. Internal.
 *
 * Every update of the client (assistants, threads, files, search indexes) sends only the keys
 * the caller gave: the mask is built from them, with the same paths as the Python SDK, and
 * `null` clears a field (in the mask, without a value).
 *
 * @module
 */
import { checkOptions, invalidArgument } from "./validate.js";

/** The mask paths of each patch key, given its value. */
export type PatchPaths<K extends string> = Readonly<Record<K, (value: unknown) => string[]>>;

/**
 * Checks `patch` (an object of known keys, at least one field changed) and returns its mask
 * paths and the values to send (the keys given, without the `null` ones).
 *
 * @throws ConnectError(InvalidArgument) "patch is required", an unknown key, or "patch must
 * change at least one field".
 */
export function patchMask<K extends string>(
  patch: unknown,
  pathsOf: PatchPaths<K>,
): { paths: string[]; values: Record<string, unknown> } {
  const keys = Object.keys(pathsOf) as K[];
  const p = checkOptions(patch as Record<string, unknown> | undefined, "patch", keys) as Record<
    string,
    unknown
  >;
  if (patch === undefined) throw invalidArgument("patch is required");
  const paths = new Set<string>();
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(p)) {
    if (value === undefined) continue;
    for (const path of pathsOf[key as K](value)) paths.add(path);
    if (value !== null) values[key] = value;
  }
  if (paths.size === 0) throw invalidArgument("patch must change at least one field");
  return { paths: [...paths], values };
}
