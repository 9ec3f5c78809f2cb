/**
 * The module-loader hooks behind `module-count-register.ts`: they remember the
 * format of every module loaded (by URL; built-ins and the bench's
 * own scripts excluded) and answer a
 * "count" message on the port they were given.
 *
 * @module
 */
import type { MessagePort } from "node:worker_threads";

const formats = new Map<string, string>();
let ignore = "\0";

/** Receives the port from `register(…, { data: { port } })`. */
export function initialize(data: { port: MessagePort; ignore: string }): void {
  ignore = data.ignore;
  data.port.unref();
  data.port.on("message", () => {
    let esm = 0;
    let commonjsEntries = 0;
    for (const format of formats.values()) {
      if (format === "module") esm++;
      else if (format === "commonjs") commonjsEntries++;
    }
    data.port.postMessage({ esm, commonjsEntries });
  });
}

type LoadResult = { format?: string | null };
type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

/** Counts every module that is loaded, by its final format. */
export async function load(url: string, context: unknown, next: NextLoad): Promise<LoadResult> {
  const result = await next(url, context);
  if (!url.startsWith("node:") && !url.startsWith(ignore)) formats.set(url, String(result.format));
  return result;
}
