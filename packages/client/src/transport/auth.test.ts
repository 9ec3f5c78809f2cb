import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type HandlerContext,
} from "@connectrpc/connect";
import { RunSchema, RunService } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { authInterceptor, type ClientAuth, resolveAuth } from "./auth.js";
import { Redactor } from "./redact.js";
import { resolveClientConfig } from "./resolve-client-config.js";

const SECRET = "AQVN-zz-SECRET-9f3c1e";

function catchError(fn: () => unknown): ConnectError {
  try {
    fn();
  } catch (e) {
    return ConnectError.from(e);
  }
  throw new Error("expected a throw");
}

/** A RunService whose Get records the authorization header of every request. */
function recordingTransport() {
  const seen: (string | null)[] = [];
  const transport = createRouterTransport((router) =>
    router.service(RunService, {
      get(req, ctx: HandlerContext) {
        seen.push(ctx.requestHeader.get("authorization"));
        return create(RunSchema, { id: req.runId });
      },
    }),
  );
  return { seen, transport };
}

async function authorizationSent(auth: ClientAuth | undefined, env: Record<string, string>) {
  const { seen, transport } = recordingTransport();
  const config = resolveClientConfig({ folderId: "f1", auth, env, transport });
  await createClient(RunService, config.transport).get({ runId: "r1" });
  return { header: seen[0], kind: config.authKind };
}

describe("authorization header per auth kind", () => {
  it("sends Api-Key for { apiKey }", async () => {
    expect(await authorizationSent({ apiKey: "k-1234" }, {})).toEqual({
      header: "Api-Key k-1234",
      kind: "api-key",
    });
  });

  it("sends Bearer for { iamToken }", async () => {
    expect(await authorizationSent({ iamToken: "t1.abcd" }, {})).toEqual({
      header: "Bearer t1.abcd",
      kind: "iam-token",
    });
  });

  it("sends a provider's value as is", async () => {
    expect(await authorizationSent(async () => "Bearer from-provider", {})).toEqual({
      header: "Bearer from-provider",
      kind: "provider",
    });
  });

  it("replaces an authorization header the caller set on the call", async () => {
    const { seen, transport } = recordingTransport();
    const config = resolveClientConfig({
      folderId: "f",
      auth: { apiKey: "k-1234" },
      env: {},
      transport,
    });
    await createClient(RunService, config.transport).get(
      { runId: "r1" },
      { headers: { authorization: "Bearer forged" } },
    );
    expect(seen).toEqual(["Api-Key k-1234"]);
  });
});

describe("environment fallback", () => {
  it("options.auth wins over the environment", async () => {
    const env = { YC_API_KEY: "env-key1", YC_IAM_TOKEN: "env-token1" };
    expect((await authorizationSent({ iamToken: "opt-token" }, env)).header).toBe(
      "Bearer opt-token",
    );
  });

  it("YC_API_KEY comes before YC_IAM_TOKEN", async () => {
    const env = { YC_API_KEY: "env-key1", YC_IAM_TOKEN: "env-token1" };
    expect(await authorizationSent(undefined, env)).toEqual({
      header: "Api-Key env-key1",
      kind: "api-key",
    });
  });

  it("YC_IAM_TOKEN is used when YC_API_KEY is unset or empty", async () => {
    expect((await authorizationSent(undefined, { YC_IAM_TOKEN: "env-token1" })).header).toBe(
      "Bearer env-token1",
    );
    expect(
      (await authorizationSent(undefined, { YC_API_KEY: " ", YC_IAM_TOKEN: "env-token1" })).header,
    ).toBe("Bearer env-token1");
  });

  it("missing credentials name the option and both variables", () => {
    const error = catchError(() => resolveAuth(undefined, {}, new Redactor()));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.message).toContain("options.auth");
    expect(error.message).toContain("YC_API_KEY");
    expect(error.message).toContain("YC_IAM_TOKEN");
  });

  it("records where the credential came from", () => {
    expect(resolveAuth(undefined, { YC_IAM_TOKEN: "tok-1" }, new Redactor()).source).toBe(
      "YC_IAM_TOKEN",
    );
    expect(resolveAuth({ apiKey: "key-1" }, {}, new Redactor()).source).toBe("options.auth.apiKey");
  });
});

describe("malformed credentials", () => {
  it.each([
    [{ apiKey: "" }, "auth.apiKey must be a non-empty string"],
    [{ iamToken: 42 }, "auth.iamToken must be a non-empty string"],
    [{ apiKey: "a", iamToken: "b" }, "either apiKey or iamToken, not both"],
    [{ token: "x" }, "auth must be { apiKey }, { iamToken } or a function"],
    ["Api-Key x", "auth must be { apiKey }, { iamToken } or a function"],
  ])("%j is refused naming the field", (auth, message) => {
    const error = catchError(() => resolveAuth(auth as never, {}, new Redactor()));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.message).toContain(message);
  });

  it("a key with a line break is refused without quoting it", () => {
    const error = catchError(() =>
      resolveAuth({ apiKey: `${SECRET}\r\nx: y` }, {}, new Redactor()),
    );
    expect(error.message).toContain("auth.apiKey contains characters that are not allowed");
    expect(error.message).not.toContain(SECRET);
    const fromEnv = catchError(() =>
      resolveAuth(undefined, { YC_API_KEY: `${SECRET}\n` }, new Redactor()),
    );
    expect(fromEnv.message).toContain("YC_API_KEY contains characters");
    expect(fromEnv.message).not.toContain(SECRET);
  });

  it("a key beyond ASCII is refused up front naming the field (not at the first call)", () => {
    const error = catchError(() => resolveAuth({ iamToken: `ключ-${SECRET}` }, {}, new Redactor()));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.message).toContain("auth.iamToken contains characters that are not allowed");
    expect(error.message).not.toContain(SECRET);
  });
});

describe("auth provider", () => {
  it("is called for every call, so tokens can refresh", async () => {
    const { seen, transport } = recordingTransport();
    let n = 0;
    const config = resolveClientConfig({
      folderId: "f",
      auth: async () => `Bearer token-${++n}`,
      env: {},
      transport,
    });
    const runs = createClient(RunService, config.transport);
    await runs.get({ runId: "a" });
    await runs.get({ runId: "b" });
    await runs.get({ runId: "c" });
    expect(seen).toEqual(["Bearer token-1", "Bearer token-2", "Bearer token-3"]);
  });

  it("a provider error becomes Unauthenticated without the provider's message", async () => {
    const { seen, transport } = recordingTransport();
    const config = resolveClientConfig({
      folderId: "f",
      auth: () => {
        throw new Error(`refresh failed for ${SECRET}`);
      },
      env: {},
      transport,
    });
    const error = await createClient(RunService, config.transport)
      .get({ runId: "a" })
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(error?.code).toBe(Code.Unauthenticated);
    expect(error?.message).toContain("auth provider (options.auth) failed");
    expect(error?.message).not.toContain(SECRET);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    expect(seen).toEqual([]);
  });

  it.each([
    ["an empty value", () => ""],
    ["a non-string", () => 42 as unknown as string],
    ["a value with a line break", () => `Bearer ${SECRET}\r\nx-evil: 1`],
    ["a value beyond ASCII", () => `Bearer токен-${SECRET}`],
  ])("returning %s fails with Unauthenticated, never quoting it", async (_label, provider) => {
    const { transport } = recordingTransport();
    const config = resolveClientConfig({ folderId: "f", auth: provider, env: {}, transport });
    const error = await createClient(RunService, config.transport)
      .get({ runId: "a" })
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(error?.code).toBe(Code.Unauthenticated);
    expect(error?.message).toContain("auth provider (options.auth) returned");
    expect(error?.message).not.toContain(SECRET);
  });

  it("a hanging provider does not delay cancellation", async () => {
    const { transport } = recordingTransport();
    const config = resolveClientConfig({
      folderId: "f",
      auth: () => new Promise<string>(() => {}),
      env: {},
      transport,
    });
    const controller = new AbortController();
    const pending = createClient(RunService, config.transport).get(
      { runId: "a" },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: Code.Canceled });
  });
});

describe("ResolvedAuth", () => {
  it("renders without the secret", () => {
    const auth = resolveAuth({ apiKey: SECRET }, {}, new Redactor());
    expect(inspect(auth)).not.toContain(SECRET);
    expect(JSON.stringify(auth)).not.toContain(SECRET);
    expect(JSON.stringify(auth)).toContain("[redacted]");
  });
});

describe("authInterceptor with a fixed credential", () => {
  // issue 10: a fixed key is set without a promise per attempt, and an aborted call still
  // stops at the interceptor, as with a provider.
  const run = (signal: AbortSignal) => {
    const header = new Headers();
    const sent: (string | null)[] = [];
    const next = (req: { header: Headers }) => {
      sent.push(req.header.get("authorization"));
      return Promise.resolve("answer");
    };
    const call = authInterceptor(resolveAuth({ apiKey: SECRET }, {}, new Redactor()))(
      next as never,
    );
    return { result: call({ header, signal } as never) as Promise<unknown>, sent };
  };

  it("sets the header and calls the next step", async () => {
    const { result, sent } = run(new AbortController().signal);
    expect(await result).toBe("answer");
    expect(sent).toEqual([`Api-Key ${SECRET}`]);
  });

  it("rejects an aborted call with Canceled without sending it", async () => {
    const controller = new AbortController();
    controller.abort();
    const { result, sent } = run(controller.signal);
    await expect(result).rejects.toMatchObject({ code: Code.Canceled });
    expect(sent).toEqual([]);
  });
});
