/**
 * A Connect client whose service descriptor is imported on the first call, not when the
 * client module is imported (issue 10, cold start: "import only what the used API needs").
 * Importing a generated service file builds the descriptors (and registry) of the file and
 * of everything it imports; for the services a program may never call (assistants, threads,
 * files, search indexes, operations) that is most of the client's import time.
 *
 * @module
 */

import type { DescService } from "@bufbuild/protobuf";
import { type Client, createClient, type Transport } from "@connectrpc/connect";

/**
 * A `Client<S>` for unary methods only: each method, when called, awaits `load()` (the
 * dynamic `import()` of the generated file, once), then calls the real Connect client made
 * with `createClient`. Errors (the load's too) reject the call's promise, as a Connect call's
 * would. Use it only for services without streaming methods: a streaming method would
 * return a promise instead of an async iterable.
 *
 * @example
 * const files = lazyClient(() => import("…/file_service_pb").then((m) => m.FileService), transport);
 * await files.get({ fileId: "f1" }); // the descriptor is imported here
 */
export function lazyClient<S extends DescService>(
  load: () => Promise<S>,
  transport: Transport,
): Client<S> {
  let client: Promise<Client<S>> | undefined;
  const real = (): Promise<Client<S>> => {
    if (client === undefined) {
      const loading = load().then((service) => createClient(service, transport));
      // A failed load is not kept: the next call tries again.
      loading.catch(() => {
        if (client === loading) client = undefined;
      });
      client = loading;
    }
    return client;
  };
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as Client<S>, {
    get(_target, name) {
      // Not thenable (it is returned from async functions) and not JSON-like.
      if (typeof name !== "string" || name === "then" || name === "toJSON") return undefined;
      let method = methods.get(name);
      if (method === undefined) {
        method = async (...args: unknown[]) => {
          const target = (await real()) as unknown as Record<
            string,
            (...a: unknown[]) => Promise<unknown>
          >;
          const fn = target[name];
          if (typeof fn !== "function") throw new TypeError(`no method ${name}`);
          return fn(...args);
        };
        methods.set(name, method);
      }
      return method;
    },
  });
}
