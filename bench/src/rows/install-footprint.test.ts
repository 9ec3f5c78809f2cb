import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { installClosure } from "./install-footprint.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("installClosure", () => {
  it("walks a package's production dependencies through node_modules, each once", () => {
    const ours = installClosure("@yc-assistants/client", root);
    expect(ours.packages).toContain("@yc-assistants/client");
    expect(ours.packages).toContain("@yc-assistants/types");
    expect(ours.packages).toContain("@bufbuild/protobuf");
    expect(new Set(ours.packages).size).toBe(ours.packages.length);
    expect(ours.bytes).toBeGreaterThan(0);
    const official = installClosure("@yandex-cloud/nodejs-sdk", root);
    expect(official.packages).toContain("@grpc/grpc-js");
    expect(official.packages.length).toBeGreaterThan(ours.packages.length);
  });

  it("fails on a package that is not installed", () => {
    expect(() => installClosure("@yc-assistants/no-such-package", root)).toThrow(/not installed/);
  });
});
