/**
 * Which server-mode cases apply to the server under test (issue 11, "Servers too": the
 * README's instructions must work as written, and an emulator started without `--api-key`
 * accepts any caller). One probe per run: a read-only call WITHOUT credentials. When it
 * succeeds the target is anonymous, and the cases that `require: [authentication]` (a wrong
 * key must get UNAUTHENTICATED) are reported not applicable, with the reason, instead of
 * failing.
 *
 * @module
 */
import { ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AssistantService } from "@yc-assistants/types";
import type { LoadedCase } from "./case-loader.js";
import type { RemoteServer } from "./case-target.js";
import { grpcCodeName } from "./grpc-code.js";

/** What the probe found out about a server. */
export interface AuthProbe {
  /** True when a call without credentials succeeded. */
  readonly anonymous: boolean;
  /** What happened, for the report (`AssistantService.List without credentials: UNAUTHENTICATED`). */
  readonly detail: string;
}

/**
 * Calls `AssistantService.List` (one item, the run's folder) on `url` without an
 * `authorization` header. Success ⇒ anonymous; any error (UNAUTHENTICATED, PERMISSION_DENIED,
 * unreachable) ⇒ not anonymous, so the authentication cases run and judge the answer.
 *
 * @example
 * const probe = await probeAnonymous({ url: "http://127.0.0.1:8080", folderId: "b1g" });
 * if (probe.anonymous) console.log(probe.detail);
 */
export async function probeAnonymous(
  remote: Pick<RemoteServer, "url" | "folderId">,
  timeoutMs = 10_000,
): Promise<AuthProbe> {
  const client = createClient(AssistantService, createGrpcTransport({ baseUrl: remote.url }));
  const what = "AssistantService.List without credentials";
  try {
    await client.list({ folderId: remote.folderId, pageSize: 1n }, { timeoutMs });
    return { anonymous: true, detail: `${what} succeeded` };
  } catch (e) {
    const error = ConnectError.from(e);
    return { anonymous: false, detail: `${what}: ${grpcCodeName(error.code)} ${error.rawMessage}` };
  }
}

/**
 * The cases of `selected` that do not apply to the server, by case id, with the reason.
 * Probes only when a selected case requires authentication and there is a remote server
 * (the embedded emulators of the runner always require credentials).
 */
export async function notApplicableCases(
  selected: readonly LoadedCase[],
  mode: "client" | "server",
  remote: RemoteServer | undefined,
  probe: (r: RemoteServer) => Promise<AuthProbe> = probeAnonymous,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (mode !== "server" || remote === undefined) return out;
  const needAuth = selected.filter(
    (c) =>
      c.spec.requires?.includes("authentication") && (c.spec.modes ?? ["client"]).includes(mode),
  );
  if (needAuth.length === 0) return out;
  const result = await probe(remote);
  if (!result.anonymous) return out;
  for (const c of needAuth) {
    out.set(
      c.id,
      `not applicable: ${remote.url} accepts anonymous calls (${result.detail}), so it cannot refuse wrong credentials; start it with credentials (yc-assistants-emulator --api-key K) and pass the same --api-key`,
    );
  }
  return out;
}
