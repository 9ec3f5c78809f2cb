import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type Interceptor,
} from "@connectrpc/connect";
import { RunSchema, RunService, StreamEventSchema } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { type ClientAuth, resolveAuth } from "./auth.js";
import { REDACTED, Redactor, redactError } from "./redact.js";
import { resolveClientConfig } from "./resolve-client-config.js";

const SECRET = "AQVN-zz-SECRET-9f3c1e";

function failureOf(promise: Promise<unknown>): Promise<ConnectError> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => ConnectError.from(e),
  );
}

/** A server that echoes the caller's authorization header back in its errors. */
function echoingServer(auth: ClientAuth, interceptors: Interceptor[] = []) {
  const transport = createRouterTransport((router) =>
    router.service(RunService, {
      get(_req, ctx) {
        const value = ctx.requestHeader.get("authorization") ?? "";
        throw new ConnectError(`invalid credential "${value}"`, Code.Unauthenticated, {
          "x-echo": value,
          "x-plain": "kept",
        });
      },
      async *listen(_req, ctx) {
        yield create(StreamEventSchema, {});
        throw new ConnectError(
          `stream broke for ${ctx.requestHeader.get("authorization")}`,
          Code.Unavailable,
        );
      },
      create() {
        return create(RunSchema, { id: "x" });
      },
    }),
  );
  const config = resolveClientConfig({
    folderId: "f",
    auth,
    env: {},
    transport,
    retry: false,
    interceptors,
  });
  return createClient(RunService, config.transport);
}

describe("Redactor", () => {
  it("replaces every known secret and the credential part of a header value", () => {
    const redactor = new Redactor(["Bearer t0ken-abcdef"]);
    expect(redactor.redact("a Bearer t0ken-abcdef b t0ken-abcdef c")).toBe(
      `a ${REDACTED} b ${REDACTED} c`,
    );
    expect(redactor.contains("t0ken-abcdef")).toBe(true);
    expect(redactor.contains("nothing here")).toBe(false);
    expect(redactor.containsBytes(new TextEncoder().encode("xx t0ken-abcdef xx"))).toBe(true);
  });

  it("ignores secrets too short to scrub safely", () => {
    const redactor = new Redactor(["abc"]);
    expect(redactor.redact("abc abc")).toBe("abc abc");
  });

  it("forgets the oldest provider tokens first, never growing without bound", () => {
    const redactor = new Redactor();
    for (let i = 0; i < 100; i++) redactor.add(`token-number-${String(i).padStart(3, "0")}`);
    expect(redactor.contains("token-number-099")).toBe(true);
    expect(redactor.contains("token-number-000")).toBe(false);
  });

  it("never shows its secrets", () => {
    const redactor = new Redactor([SECRET]);
    expect(inspect(redactor, { showHidden: true, depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify({ redactor })).not.toContain(SECRET);
  });
});

describe("redactError", () => {
  it("returns an error without secrets unchanged", () => {
    const error = new ConnectError("fine", Code.NotFound);
    expect(redactError(error, new Redactor([SECRET]))).toBe(error);
  });

  it("scrubs message and metadata, keeps the code, drops the cause and leaking details", () => {
    const cause = new Error(`cause with ${SECRET}`);
    const error = new ConnectError(`bad ${SECRET}`, Code.PermissionDenied, {
      "x-echo": `Api-Key ${SECRET}`,
      "x-other": "ok",
    });
    error.cause = cause;
    error.details = [
      { type: "google.rpc.DebugInfo", value: new TextEncoder().encode(`k=${SECRET}`) },
      { type: "google.rpc.ErrorInfo", value: new Uint8Array([1, 2, 3]) },
    ];
    const clean = redactError(error, new Redactor([SECRET]));
    expect(clean.code).toBe(Code.PermissionDenied);
    expect(clean.rawMessage).toBe(`bad ${REDACTED}`);
    expect(clean.metadata.get("x-echo")).toBe(`Api-Key ${REDACTED}`);
    expect(clean.metadata.get("x-other")).toBe("ok");
    expect(clean.cause).toBeUndefined();
    expect(clean.details).toHaveLength(1);
    expect(inspect(clean, { depth: 10 })).not.toContain(SECRET);
  });

  it("normalises a non-Connect error and scrubs it", () => {
    const clean = redactError(new Error(`socket to ${SECRET}`), new Redactor([SECRET]));
    expect(clean).toBeInstanceOf(ConnectError);
    expect(clean.message).not.toContain(SECRET);
    expect(inspect(clean, { depth: 10 })).not.toContain(SECRET);
  });
});

describe("server errors that echo the secret", () => {
  it.each([
    ["api key", { apiKey: SECRET }],
    ["IAM token", { iamToken: SECRET }],
    ["provider", () => `Bearer ${SECRET}`],
  ] as const)("are redacted for %s auth, code and other metadata kept", async (_label, auth) => {
    const error = await failureOf(echoingServer(auth).get({ runId: "r" }));
    expect(error.code).toBe(Code.Unauthenticated);
    expect(error.message).toContain(REDACTED);
    expect(error.message).not.toContain(SECRET);
    expect(error.metadata.get("x-echo")).not.toContain(SECRET);
    expect(error.metadata.get("x-plain")).toBe("kept");
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  });

  it("are redacted when a stream fails mid-way", async () => {
    const runs = echoingServer({ apiKey: SECRET });
    const error = await failureOf(
      (async () => {
        for await (const _ of runs.listen({ runId: "r" })) {
          // first event arrives, then the stream fails
        }
      })(),
    );
    expect(error.code).toBe(Code.Unavailable);
    expect(error.message).toContain(REDACTED);
    expect(error.message).not.toContain(SECRET);
  });

  it("user interceptors only ever see redacted errors", async () => {
    const seen: string[] = [];
    const spy: Interceptor = (next) => async (req) => {
      try {
        return await next(req);
      } catch (e) {
        seen.push(inspect(e, { depth: 10 }));
        throw e;
      }
    };
    await failureOf(echoingServer({ apiKey: SECRET }, [spy]).get({ runId: "r" }));
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain(SECRET);
  });
});

describe("objects holding secrets", () => {
  it("resolved auth and config never render the secret", () => {
    const auth = resolveAuth({ apiKey: SECRET }, {}, new Redactor());
    const config = resolveClientConfig({ folderId: "f", auth: { apiKey: SECRET }, env: {} });
    for (const value of [auth, config, config.transport]) {
      expect(inspect(value, { depth: 10, showHidden: true })).not.toContain(SECRET);
      expect(JSON.stringify(value)).not.toContain(SECRET);
    }
    expect(JSON.stringify(config)).toContain(REDACTED);
    expect(inspect(config)).toContain(REDACTED);
  });
});
