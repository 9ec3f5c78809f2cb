import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import type { UniversalHandlerOptions } from "@connectrpc/connect/protocol";
import { connectNodeAdapter } from "@connectrpc/connect-node";

/** A running HTTP/2 server of some Connect routes. */
export interface Host {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/**
 * Routes whose every service and method also runs `interceptors` (outermost).
 * Connect lets a service's own handler options replace the router's
 * interceptors, so wrapping the registrations is the only way to see every
 * call of routes that bring their own interceptors (the emulator's).
 */
export function withInterceptors(
  routes: (router: ConnectRouter) => void,
  interceptors: readonly Interceptor[],
): (router: ConnectRouter) => void {
  if (interceptors.length === 0) return routes;
  const merge = (opts: Partial<UniversalHandlerOptions> | undefined) => ({
    ...opts,
    interceptors: [...interceptors, ...(opts?.interceptors ?? [])],
  });
  return (router) => {
    const wrapped: ConnectRouter = {
      get handlers() {
        return router.handlers;
      },
      service(service, implementation, options) {
        router.service(service, implementation, merge(options));
        return wrapped;
      },
      rpc(method, impl, options) {
        router.rpc(method, impl, merge(options));
        return wrapped;
      },
    };
    routes(wrapped);
  };
}

/**
 * Serves Connect routes over HTTP/2 cleartext (gRPC, Connect and gRPC-web) on
 * a free port of 127.0.0.1, with server-side interceptors. The replay server
 * and the runner's emulator host use it.
 */
export async function startHost(
  routes: (router: ConnectRouter) => void,
  options: { interceptors?: Interceptor[]; host?: string; port?: number } = {},
): Promise<Host> {
  const server = http2.createServer(
    connectNodeAdapter({ routes: withInterceptors(routes, options.interceptors ?? []) }),
  );
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.destroy();
      });
      return closed;
    },
  };
}
