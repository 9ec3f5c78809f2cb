import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkModelScript, loadModelScript, parseModelScript } from "./load-script.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures");

describe("loadModelScript", () => {
  it("reads YAML with every turn kind", () => {
    expect(loadModelScript(path.join(fixtures, "function-call.yaml"))).toEqual({
      turns: [
        {
          toolCalls: [{ name: "special_operation", arguments: { numbers: [5, 4, 1] } }],
          usage: { promptTokens: 100, completionTokens: 14 },
        },
        {
          text: "The result is {{tool_results}}",
          partials: ["The result", "The result is {{tool_results}}"],
          usage: { promptTokens: 234, completionTokens: 53 },
        },
        { error: { message: "something broke", code: 13 } },
      ],
    });
  });

  it("reads JSON", () => {
    expect(loadModelScript(path.join(fixtures, "hello.json"))).toEqual({
      turns: [
        {
          text: "Hello! How can I help you?",
          partials: ["Hello", "Hello! How can I help you?"],
          usage: { promptTokens: 12, completionTokens: 8 },
        },
      ],
    });
  });

  it("names the file and the bad entry", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "yc-script-"));
    const file = path.join(dir, "bad.yaml");
    writeFileSync(file, "turns:\n  - text: hi\n    error: { message: x }\n");
    expect(() => loadModelScript(file)).toThrow(
      /bad\.yaml: turns\[0\] must have exactly one of text, toolCalls, error/,
    );
  });
});

describe("parseModelScript", () => {
  it("accepts an empty script and defaults arguments to {}", () => {
    expect(parseModelScript("turns: []")).toEqual({ turns: [] });
    expect(parseModelScript('{"turns":[{"toolCalls":[{"name":"f"}]}]}', "json")).toEqual({
      turns: [{ toolCalls: [{ name: "f", arguments: {} }] }],
    });
  });

  it.each([
    ["[]", /must be an object/],
    ["turns: 3", /turns` must be a list/],
    ["turns: [3]", /turns\[0\] must be an object/],
    ["turns: [{}]", /exactly one of/],
    ["turns: [{text: 3}]", /text must be a string/],
    ["turns: [{text: a, partials: [1]}]", /partials must be a list of strings/],
    [
      "turns: [{text: a, usage: {promptTokens: -1}}]",
      /promptTokens must be a non-negative integer/,
    ],
    ["turns: [{text: a, usage: 5}]", /usage must be an object/],
    ["turns: [{toolCalls: []}]", /toolCalls must be a non-empty list/],
    ["turns: [{toolCalls: [{name: ''}]}]", /name must be a non-empty string/],
    ["turns: [{toolCalls: [{name: f, arguments: [1]}]}]", /arguments must be an object/],
    ["turns: [{error: {}}]", /error must be an object with a string message/],
    ["turns: [{error: {message: x, code: 1.5}}]", /code must be an integer/],
    ["turns: [{text: a, partial: [a]}]", /turns\[0\] has an unknown key "partial"/],
    ["turns: [{error: {message: x}, usage: {}}]", /unknown key "usage"/],
    ["turns: [{text: a, usage: {totalTokens: 3}}]", /usage has an unknown key "totalTokens"/],
    ["turns: [{toolCalls: [{name: f, args: {}}]}]", /toolCalls\[0\] has an unknown key "args"/],
    ["turns: [{error: {message: x, status: 3}}]", /error has an unknown key "status"/],
    ["turns: [{text: a, citations: {}}]", /citations must be a list/],
    ["turns: [{text: a, citations: [{sources: []}]}]", /sources must be a non-empty list/],
    ["turns: [{text: a, citations: [{sources: [{chunk: ''}]}]}]", /chunk must be a non-empty/],
    [
      "turns: [{text: a, citations: [{sources: [{chunk: x, fileId: 3}]}]}]",
      /sources\[0\]\.fileId must be a non-empty string/,
    ],
    ["turns: [{text: a, citations: [{sources: [{chunk: x, file: f}]}]}]", /unknown key "file"/],
    ["turns: [{toolCalls: [{name: f}], citations: []}]", /unknown key "citations"/],
  ])("rejects %s", (text, message) => {
    expect(() => parseModelScript(text)).toThrow(message);
  });

  it("reads explicit citations of a text turn (issue 9)", () => {
    const yaml = [
      "turns:",
      "  - text: It is 57",
      "    citations:",
      "      - sources:",
      "          - chunk: secret number is 57",
      "            searchIndexId: fvtindex",
      "            fileId: fvtfile",
      "  - text: none",
      "    citations: []",
    ].join("\n");
    expect(parseModelScript(yaml)).toEqual({
      turns: [
        {
          text: "It is 57",
          citations: [
            {
              sources: [
                { chunk: "secret number is 57", searchIndexId: "fvtindex", fileId: "fvtfile" },
              ],
            },
          ],
        },
        { text: "none", citations: [] },
      ],
    });
  });

  it("checks objects too", () => {
    expect(() => checkModelScript({ turns: [{ text: "a", toolCalls: [] }] })).toThrow(
      /exactly one/,
    );
  });
});
