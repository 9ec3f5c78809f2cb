import { AssistantService } from "@yc-assistants/types/assistants";
import { RunService } from "@yc-assistants/types/runs";
import { MessageService, ThreadService } from "@yc-assistants/types/threads";

/**
 * The short names (`Service/Method`, as in log lines) of every RPC the
 * emulator serves, e.g. `RunService/Submit`, which fault options use to
 * choose the calls they hit.
 */
export const METHOD_NAMES: ReadonlySet<string> = new Set(
  [AssistantService, ThreadService, MessageService, RunService].flatMap((service) =>
    service.methods.map((method) => `${service.name}/${method.name}`),
  ),
);

/** The short name of a request path, e.g. `/yandex…runs.RunService/Submit` → `RunService/Submit`. */
export function methodNameOfPath(path: string): string | undefined {
  const match = /^\/(?:[\w.]+\.)?(\w+)\/(\w+)(?:\?.*)?$/.exec(path);
  if (match === null) return undefined;
  const name = `${match[1]}/${match[2]}`;
  return METHOD_NAMES.has(name) ? name : undefined;
}

/**
 * Whether repeating the call could apply it twice: every `Create` and
 * `RunService/Submit` (issue 8: `unavailableSpareNonIdempotent`).
 */
export function isNonIdempotent(name: string): boolean {
  return name.endsWith("/Create") || name === "RunService/Submit";
}

/** RangeError naming `option` unless `names` is a list of known method names. */
export function checkMethodNames(names: unknown, option: string): void {
  if (!Array.isArray(names)) throw new RangeError(`${option} must be a list of method names`);
  for (const name of names) {
    if (typeof name !== "string" || !METHOD_NAMES.has(name)) {
      throw new RangeError(
        `${option} has an unknown method ${JSON.stringify(name)} (use names like "RunService/Submit")`,
      );
    }
  }
}
