/**
 * `conformance/clients.json`: the clients the `clients` command runs side by side (issue 11:
 * "a config list so the official-SDK and Python adapters can be added as
 * `{ id, label, command, knownFailing }`").
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** One client of the matrix. */
export interface ClientEntry {
  /** Kebab-case, e.g. `node-ours-subprocess`; names its known-failing file. */
  readonly id: string;
  readonly label: string;
  /** Run with `sh -c` in the config's directory; absent: our client in process. */
  readonly command?: string;
  /** `json` (default) or `binary`. */
  readonly framing?: "json" | "binary";
  /** Absolute path of its known-failing list, when there is one. */
  readonly knownFailing?: string;
}

/** A clients file that cannot be used. */
export class ClientsConfigError extends Error {}

/**
 * Reads a clients file; paths in it are relative to its directory, `knownFailing` defaults
 * to `known-failing/<id>.txt` when that file exists.
 *
 * @example
 * const clients = loadClientsConfig("conformance/clients.json");
 */
export function loadClientsConfig(file: string): ClientEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ClientsConfigError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const dir = path.dirname(path.resolve(file));
  const list = (data as { clients?: unknown }).clients;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ClientsConfigError(
      `${file}: expected { "clients": [ ... ] } with at least one client`,
    );
  }
  const seen = new Set<string>();
  return list.map((raw, i): ClientEntry => {
    const where = `${file}: clients[${i}]`;
    const e = raw as Record<string, unknown>;
    if (typeof e !== "object" || e === null)
      throw new ClientsConfigError(`${where}: expected an object`);
    const id = e["id"];
    if (typeof id !== "string" || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id))
      throw new ClientsConfigError(`${where}.id: expected a kebab-case name`);
    if (seen.has(id)) throw new ClientsConfigError(`${where}.id: "${id}" is listed twice`);
    seen.add(id);
    for (const key of ["label", "command", "knownFailing"]) {
      if (e[key] !== undefined && typeof e[key] !== "string")
        throw new ClientsConfigError(`${where}.${key}: expected a string`);
    }
    const framing = e["framing"];
    if (framing !== undefined && framing !== "json" && framing !== "binary")
      throw new ClientsConfigError(`${where}.framing: expected "json" or "binary"`);
    const fallback = path.join(dir, "known-failing", `${id}.txt`);
    const knownFailing =
      typeof e["knownFailing"] === "string"
        ? path.resolve(dir, e["knownFailing"])
        : existsSync(fallback)
          ? fallback
          : undefined;
    return {
      id,
      label: typeof e["label"] === "string" ? e["label"] : id,
      ...(typeof e["command"] === "string" ? { command: e["command"] } : {}),
      ...(framing !== undefined ? { framing } : {}),
      ...(knownFailing ? { knownFailing } : {}),
    };
  });
}
