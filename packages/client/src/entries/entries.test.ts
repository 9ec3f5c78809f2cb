import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as root from "../index.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  exports: Record<string, { default: string }>;
};

// issue 10, cold start: the subpath entry points re-export bindings of the root entry (the
// same objects, so `instanceof` and identity checks keep working whichever entry a user picks).
const entries = {
  "./runs": () => import("./runs.js"),
  "./files": () => import("./files.js"),
  "./search-indexes": () => import("./search-indexes.js"),
  "./tools": () => import("./tools.js"),
  "./transport": () => import("./transport.js"),
};

describe("subpath entry points", () => {
  for (const [subpath, load] of Object.entries(entries)) {
    it(`${subpath} exports only the root's own bindings`, async () => {
      const mod: Record<string, unknown> = await load();
      const names = Object.keys(mod);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(name in root, `${subpath} exports ${name}, the root does not`).toBe(true);
        expect(mod[name]).toBe((root as Record<string, unknown>)[name]);
      }
    });
  }

  it("package.json maps each subpath to its built entry", () => {
    const exported = Object.keys(pkg.exports).filter((k) => k !== ".");
    expect(exported.sort()).toEqual(Object.keys(entries).sort());
    for (const subpath of exported) {
      expect(pkg.exports[subpath]?.default).toBe(`./dist/entries/${subpath.slice(2)}.js`);
    }
  });
});
