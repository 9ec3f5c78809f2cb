import { inspect } from "node:util";
import { create } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type Interceptor,
} from "@connectrpc/connect";
import { RunSchema, RunService } from "@yc-assistants/types/runs";
import { describe, expect, it } from "vitest";
import { DEFAULT_ENDPOINT } from "./endpoint.js";
import { type AssistantsClientOptions, resolveClientConfig } from "./resolve-client-config.js";
import { defaultRetryPolicy } from "./retry-policy.js";

const SECRET = "AQVN-zz-SECRET-9f3c1e";
const base: AssistantsClientOptions = { folderId: "f1", auth: { apiKey: "key-123" }, env: {} };

function errorOf(options: AssistantsClientOptions): ConnectError {
  try {
    resolveClientConfig(options);
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectError);
    return e as ConnectError;
  }
  throw new Error("expected resolveClientConfig to throw");
}

function routerTransport(headers: Headers[] = []) {
  return createRouterTransport((router) =>
    router.service(RunService, {
      get(req, ctx) {
        headers.push(new Headers(ctx.requestHeader));
        return create(RunSchema, { id: req.runId });
      },
    }),
  );
}

describe("folderId", () => {
  it("comes from options, else YC_FOLDER_ID", () => {
    expect(resolveClientConfig(base).folderId).toBe("f1");
    const fromEnv = resolveClientConfig({
      auth: { apiKey: "key-123" },
      env: { YC_FOLDER_ID: "env-folder" },
    });
    expect(fromEnv.folderId).toBe("env-folder");
    const both = resolveClientConfig({ ...base, env: { YC_FOLDER_ID: "env-folder" } });
    expect(both.folderId).toBe("f1");
  });

  it("missing: names the option and the variable", () => {
    const error = errorOf({ auth: { apiKey: "key-123" }, env: { YC_FOLDER_ID: "" } });
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe(
      "folderId is required: pass options.folderId or set YC_FOLDER_ID",
    );
  });

  it("malformed: names the field", () => {
    expect(errorOf({ ...base, folderId: "  " }).rawMessage).toBe(
      "folderId must be a non-empty string",
    );
  });
});

describe("credentials", () => {
  it("missing: names the option and both variables", () => {
    const error = errorOf({ folderId: "f1", env: {} });
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toContain("options.auth");
    expect(error.rawMessage).toContain("YC_API_KEY");
    expect(error.rawMessage).toContain("YC_IAM_TOKEN");
  });

  it("reads the environment only through options.env when given", () => {
    const config = resolveClientConfig({
      env: { YC_FOLDER_ID: "ef", YC_IAM_TOKEN: "env-token-1" },
    });
    expect(config.authKind).toBe("iam-token");
    expect(config.folderId).toBe("ef");
  });
});

describe("endpoint and TLS policy", () => {
  it("defaults to the Yandex Cloud endpoint over TLS", () => {
    const config = resolveClientConfig(base);
    expect(config.endpoint).toBe(DEFAULT_ENDPOINT);
    expect(config.endpoint.startsWith("https://")).toBe(true);
  });

  it("accepts full URLs and refuses a bare host:port naming the option", () => {
    expect(resolveClientConfig({ ...base, endpoint: "https://example.com" }).endpoint).toBe(
      "https://example.com",
    );
    // issue 12, point 1: refused before any network call (no transport is even built).
    const error = errorOf({ ...base, endpoint: "127.0.0.1:8080" });
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toContain('endpoint "127.0.0.1:8080" has no scheme');
    expect(error.rawMessage).toContain('"http://127.0.0.1:8080"');
  });

  // issue 12, point 1: "a documented endpoint variable in the client's env fallbacks".
  it("falls back to YC_ASSISTANTS_ENDPOINT; the option wins; empty counts as unset", () => {
    const env = { YC_ASSISTANTS_ENDPOINT: "http://127.0.0.1:50051" };
    expect(resolveClientConfig({ ...base, env }).endpoint).toBe("http://127.0.0.1:50051");
    expect(resolveClientConfig({ ...base, env, endpoint: undefined }).endpoint).toBe(
      "http://127.0.0.1:50051",
    );
    expect(resolveClientConfig({ ...base, env, endpoint: "https://example.com" }).endpoint).toBe(
      "https://example.com",
    );
    expect(resolveClientConfig({ ...base, env: { YC_ASSISTANTS_ENDPOINT: " " } }).endpoint).toBe(
      DEFAULT_ENDPOINT,
    );
  });

  it("a bad YC_ASSISTANTS_ENDPOINT names the variable, and the TLS policy applies to it", () => {
    const bare = errorOf({ ...base, env: { YC_ASSISTANTS_ENDPOINT: "localhost:8080" } });
    expect(bare.code).toBe(Code.InvalidArgument);
    expect(bare.rawMessage).toContain('YC_ASSISTANTS_ENDPOINT "localhost:8080" has no scheme');
    const remote = errorOf({ ...base, env: { YC_ASSISTANTS_ENDPOINT: "http://10.0.0.1:1" } });
    expect(remote.rawMessage).toContain("allowInsecure");
  });

  it.each(["http://127.0.0.1:50051", "http://localhost:50051", "http://[::1]:50051"])(
    "allows credentials over plaintext to loopback %s",
    (endpoint) => {
      expect(resolveClientConfig({ ...base, endpoint }).endpoint).toBe(endpoint);
    },
  );

  it("refuses credentials over plaintext to a remote host before any network call", () => {
    // 10.0.0.1 is never contacted: the check throws synchronously while resolving.
    const error = errorOf({ ...base, endpoint: "http://10.0.0.1:8080" });
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toContain("allowInsecure");
    expect(error.rawMessage).toContain("10.0.0.1");
    // Also when a transport is given: the endpoint still claims where credentials go.
    expect(
      errorOf({ ...base, endpoint: "http://10.0.0.1:8080", transport: routerTransport() }).code,
    ).toBe(Code.InvalidArgument);
  });

  it("allowInsecure: true lifts the refusal (still without connecting)", () => {
    const config = resolveClientConfig({
      ...base,
      endpoint: "http://10.0.0.1:8080",
      allowInsecure: true,
    });
    expect(config.endpoint).toBe("http://10.0.0.1:8080");
  });

  it("bad endpoints name the option", () => {
    expect(errorOf({ ...base, endpoint: "ftp://x" }).rawMessage).toContain("endpoint scheme");
    expect(errorOf({ ...base, allowInsecure: "yes" as never }).rawMessage).toBe(
      "allowInsecure must be a boolean",
    );
  });
});

describe("other options", () => {
  it("timeoutMs defaults to 60000 and must be a positive number", () => {
    expect(resolveClientConfig(base).timeoutMs).toBe(60_000);
    expect(resolveClientConfig({ ...base, timeoutMs: 1500 }).timeoutMs).toBe(1500);
    for (const timeoutMs of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      const error = errorOf({ ...base, timeoutMs });
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toContain("timeoutMs must be a positive number");
    }
  });

  it("retry defaults to defaultRetryPolicy; bad fields are named", () => {
    expect(resolveClientConfig(base).retry).toBe(defaultRetryPolicy);
    expect(errorOf({ ...base, retry: { maxAttempts: 0 } }).rawMessage).toContain(
      "retry.maxAttempts",
    );
  });

  it("transport and interceptors are checked", () => {
    expect(errorOf({ ...base, transport: {} as never }).rawMessage).toContain(
      "transport must be a Connect Transport",
    );
    expect(errorOf({ ...base, interceptors: [42] as never }).rawMessage).toContain(
      "interceptors must be an array",
    );
  });

  it("the config is frozen", () => {
    const config = resolveClientConfig(base);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.transport)).toBe(true);
  });
});

describe("the resolved transport", () => {
  it("wraps a user-given transport: auth and request ids still apply", async () => {
    const headers: Headers[] = [];
    const config = resolveClientConfig({ ...base, transport: routerTransport(headers) });
    await createClient(RunService, config.transport).get({ runId: "r" });
    expect(headers[0]?.get("authorization")).toBe("Api-Key key-123");
    expect(headers[0]?.get("x-client-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("runs user interceptors once per call, after the request id and before auth", async () => {
    const seen: { requestId: string | null; authorization: string | null }[] = [];
    const spy: Interceptor = (next) => async (req) => {
      seen.push({
        requestId: req.header.get("x-client-request-id"),
        authorization: req.header.get("authorization"),
      });
      return await next(req);
    };
    const order: string[] = [];
    const first: Interceptor = (next) => async (req) => {
      order.push("first");
      return await next(req);
    };
    const second: Interceptor = (next) => async (req) => {
      order.push("second");
      return await next(req);
    };
    const config = resolveClientConfig({
      ...base,
      transport: routerTransport(),
      interceptors: [first, second, spy],
    });
    await createClient(RunService, config.transport).get({ runId: "r" });
    expect(order).toEqual(["first", "second"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]?.authorization).toBeNull();
  });
});

describe("secrets", () => {
  it("never appear in util.inspect or JSON of the config", () => {
    const config = resolveClientConfig({ ...base, auth: { apiKey: SECRET } });
    const shown = [
      inspect(config, { depth: 20, showHidden: true }),
      JSON.stringify(config),
      inspect(config.transport, { depth: 20, showHidden: true }),
      JSON.stringify(config.transport),
    ];
    for (const text of shown) expect(text).not.toContain(SECRET);
    expect(shown[0]).toContain("[redacted]");
    expect(shown[1]).toContain('"authKind":"api-key"');
  });

  it("never appear in configuration errors, even when pasted into the wrong field", () => {
    const auth = { apiKey: SECRET };
    const errors = [
      errorOf({ ...base, auth, endpoint: `ftp://${SECRET}` }),
      errorOf({ ...base, auth, endpoint: `https://${SECRET}/?q` }),
      errorOf({ ...base, auth, endpoint: `http://${SECRET}.example.com` }),
      errorOf({ ...base, auth, endpoint: `https://user:${SECRET}@example.com` }),
      errorOf({ folderId: "f", env: { YC_API_KEY: `${SECRET}\u0000` } }),
    ];
    for (const error of errors) {
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.message).not.toContain(SECRET);
      expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    }
  });
});
