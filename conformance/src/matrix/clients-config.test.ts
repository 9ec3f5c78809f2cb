import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ClientsConfigError, loadClientsConfig } from "./clients-config.js";

const dir = mkdtempSync(path.join(tmpdir(), "clients-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof data === "string" ? data : JSON.stringify(data));
  return file;
}

describe("loadClientsConfig", () => {
  it("reads the package's clients.json: node-ours in process and as a subprocess, the official SDK, python", () => {
    const file = fileURLToPath(new URL("../../clients.json", import.meta.url));
    const clients = loadClientsConfig(file);
    expect(clients.map((c) => [c.id, c.command])).toEqual([
      ["node-ours", undefined],
      ["node-ours-subprocess", "node dist/adapters/node-ours/main.js"],
      ["official-sdk", "node adapters/official-sdk/main.mjs"],
      ["python", "/usr/bin/python3 adapters/python/adapter.py"],
    ]);
    expect(clients[1]?.knownFailing).toBe(
      path.join(path.dirname(file), "known-failing", "node-ours-subprocess.txt"),
    );
  });

  it("defaults the label to the id and the known-failing file to known-failing/<id>.txt", () => {
    mkdirSync(path.join(dir, "known-failing"), { recursive: true });
    writeFileSync(path.join(dir, "known-failing", "py.txt"), "");
    const file = write("a.json", {
      clients: [{ id: "py", command: "python3 a.py" }, { id: "go" }],
    });
    expect(loadClientsConfig(file)).toEqual([
      {
        id: "py",
        label: "py",
        command: "python3 a.py",
        knownFailing: path.join(dir, "known-failing", "py.txt"),
      },
      { id: "go", label: "go" },
    ]);
  });

  it.each([
    ["{", "JSON"],
    [{ clients: [] }, "at least one client"],
    [{ clients: [{ id: "Not Kebab" }] }, "clients[0].id: expected a kebab-case name"],
    [{ clients: [{ id: "a" }, { id: "a" }] }, 'clients[1].id: "a" is listed twice'],
    [{ clients: [{ id: "a", command: 1 }] }, "clients[0].command: expected a string"],
    [{ clients: [{ id: "a", framing: "xml" }] }, "clients[0].framing"],
  ])("refuses %j naming the problem", (data, message) => {
    const file = write("bad.json", data);
    expect(() => loadClientsConfig(file)).toThrow(ClientsConfigError);
    expect(() => loadClientsConfig(file)).toThrow(message);
  });
});
