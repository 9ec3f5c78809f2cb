import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import {
  assertCredentialsAllowed,
  DEFAULT_ENDPOINT,
  isLoopbackHost,
  parseEndpoint,
} from "./endpoint.js";

describe("parseEndpoint", () => {
  it("keeps the default endpoint as an https URL (TLS by default)", () => {
    expect(parseEndpoint(DEFAULT_ENDPOINT)).toEqual({
      baseUrl: "https://assistant.api.cloud.yandex.net",
      secure: true,
      hostname: "assistant.api.cloud.yandex.net",
      loopback: false,
    });
  });

  it.each([
    ["https://assistant.api.cloud.yandex.net:443", "https://assistant.api.cloud.yandex.net", true],
    ["https://localhost:8443", "https://localhost:8443", true],
    ["https://[::1]:50051", "https://[::1]:50051", true],
    ["https://example.com:8443/prefix/", "https://example.com:8443/prefix", true],
    ["http://127.0.0.1:50051", "http://127.0.0.1:50051", false],
    ["HTTP://LOCALHOST:1", "http://localhost:1", false],
    ["  https://example.com  ", "https://example.com", true],
  ])("parses %s", (input, baseUrl, secure) => {
    const parsed = parseEndpoint(input);
    expect(parsed.baseUrl).toBe(baseUrl);
    expect(parsed.secure).toBe(secure);
  });

  it.each([
    ["", "endpoint must be a non-empty string"],
    ["grpc://host:1", "endpoint scheme must be https:// or http://"],
    ["https://host:99999", "is not a valid URL"],
    ["https://host:0", "the port must be 1 to 65535"],
    ["http://", "is not a valid URL"],
    ["https://host/?q=1", "must not have a query or fragment"],
    ["https://host/#x", "must not have a query or fragment"],
  ])("rejects %j with InvalidArgument", (input, message) => {
    expect(() => parseEndpoint(input)).toThrow(message);
    try {
      parseEndpoint(input);
    } catch (e) {
      expect(e).toMatchObject({ code: Code.InvalidArgument });
    }
  });

  // issue 12, point 1: `endpoint: "127.0.0.1:8080"` used to mean TLS and failed with
  // "[internal] SSL routines … wrong version number" against the plaintext emulator.
  it.each([
    ["127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["localhost:50051", "http://localhost:50051"],
    ["[::1]:50051", "http://[::1]:50051"],
    ["localhost", "http://localhost"],
  ])("refuses loopback %s without a scheme and suggests %s", (input, suggestion) => {
    let error: unknown;
    try {
      parseEndpoint(input);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: Code.InvalidArgument });
    const message = (error as Error).message;
    expect(message).toContain(`endpoint "${input}" has no scheme`);
    expect(message).toContain(`write "${suggestion}"`);
  });

  // spec/runs.md, "Endpoint": `assistant.api.cloud.yandex.net:443`, TLS on by default; a bare
  // remote host:port means TLS, as in gRPC.
  it.each([
    ["assistant.api.cloud.yandex.net:443", "https://assistant.api.cloud.yandex.net"],
    ["10.0.0.1:8080", "https://10.0.0.1:8080"],
    ["example.com", "https://example.com"],
  ])("reads remote %s without a scheme as TLS (%s)", (input, baseUrl) => {
    const parsed = parseEndpoint(input);
    expect(parsed.secure).toBe(true);
    expect(parsed.baseUrl).toBe(baseUrl);
  });

  it("names the field it was given (the environment variable)", () => {
    expect(() => parseEndpoint("127.0.0.1:1", "YC_ASSISTANTS_ENDPOINT")).toThrow(
      'YC_ASSISTANTS_ENDPOINT "127.0.0.1:1" has no scheme: write "http://127.0.0.1:1"',
    );
  });

  it("rejects user info without quoting it", () => {
    const secret = "pa55-w0rd-SECRET";
    let message = "";
    try {
      parseEndpoint(`https://user:${secret}@host`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("endpoint must not contain user info");
    expect(message).not.toContain(secret);
    expect(() => parseEndpoint(`user:${secret}@host:1`)).toThrow(/user info/);
    expect(() => parseEndpoint(`user:${secret}@host:1`)).not.toThrow(secret);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    "localhost",
    "LOCALHOST",
    "127.0.0.1",
    "127.1.2.3",
    "::1",
    "[::1]",
    "::ffff:127.0.0.1",
    "[::ffff:7f00:1]",
  ])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(["10.0.0.1", "128.0.0.1", "::2", "example.com", "localhost.example.com", "0.0.0.0"])(
    "%s is not loopback",
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe("assertCredentialsAllowed", () => {
  it("allows https anywhere and plaintext http to loopback hosts", () => {
    for (const endpoint of [
      "https://10.0.0.1:8443",
      "http://127.0.0.1:8080",
      "http://localhost:8080",
      "http://[::1]:8080",
    ]) {
      expect(() => assertCredentialsAllowed(parseEndpoint(endpoint), false)).not.toThrow();
    }
  });

  it("refuses plaintext http to a remote host unless allowInsecure", () => {
    const endpoint = parseEndpoint("http://10.0.0.1:8080");
    expect(() => assertCredentialsAllowed(endpoint, false)).toThrow("allowInsecure");
    try {
      assertCredentialsAllowed(endpoint, false);
    } catch (e) {
      expect(e).toMatchObject({ code: Code.InvalidArgument });
    }
    expect(() => assertCredentialsAllowed(endpoint, true)).not.toThrow();
  });
});
