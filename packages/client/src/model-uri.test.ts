import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { checkModelUri, modelUriOf } from "./model-uri.js";

function errorOf(fn: () => unknown): ConnectError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectError);
    expect((e as ConnectError).code).toBe(Code.InvalidArgument);
    return e as ConnectError;
  }
  throw new Error("expected a throw");
}

describe("modelUriOf (issue 12: model names are checked)", () => {
  it.each([
    ["yandexgpt", "gpt://b1g/yandexgpt/latest"],
    ["yandexgpt-lite", "gpt://b1g/yandexgpt-lite/latest"],
    ["yandexgpt/rc", "gpt://b1g/yandexgpt/rc"],
    ["yandexgpt-lite/latest", "gpt://b1g/yandexgpt-lite/latest"],
    ["yandexgpt/deprecated", "gpt://b1g/yandexgpt/deprecated"],
    ["yandexgpt-lite/latest@tamr1abc", "gpt://b1g/yandexgpt-lite/latest@tamr1abc"],
    ["qwen3-235b-a22b-fp8", "gpt://b1g/qwen3-235b-a22b-fp8/latest"],
    ["echo", "gpt://b1g/echo/latest"],
    // Recorded (yandex-recorded): a full URI given as the model is sent as written.
    ["gpt://b1ghsjum2v37c2un8h64/yandexgpt/rc", "gpt://b1ghsjum2v37c2un8h64/yandexgpt/rc"],
  ])("%s → %s", (model, uri) => {
    expect(modelUriOf("b1g", model, "options.model")).toBe(uri);
  });

  it("refuses whitespace instead of sending gpt://f/ yandexgpt /latest", () => {
    const e = errorOf(() => modelUriOf("f", " yandexgpt ", "options.model"));
    expect(e.rawMessage).toBe(
      'options.model " yandexgpt " has leading or trailing whitespace; write "yandexgpt"',
    );
    expect(errorOf(() => modelUriOf("f", "yandex gpt", "options.model")).rawMessage).toContain(
      "must not contain whitespace",
    );
  });

  it("refuses a version that is not a model branch (a/b), naming the field", () => {
    const e = errorOf(() => modelUriOf("f", "a/b", "patch.model"));
    expect(e.rawMessage).toContain(
      'patch.model "a/b": the version "b" is not latest, rc or deprecated',
    );
    expect(e.rawMessage).toContain("modelUri");
  });

  it.each(["x/y/z", "/yandexgpt", "yandexgpt/", "-x", "yandex:gpt", "модель", "a?b"])(
    "refuses %j as a model name",
    (model) => {
      expect(errorOf(() => modelUriOf("f", model, "options.model")).rawMessage).toMatch(
        /^options\.model .* (is not a model name|the version)/,
      );
    },
  );

  it("checks a URI given as the model like modelUri", () => {
    expect(errorOf(() => modelUriOf("f", "gpt://x", "options.model")).rawMessage).toContain(
      'options.model "gpt://x" is not a model URI',
    );
  });
});

describe("checkModelUri", () => {
  it.each([
    "gpt://b1ghsjum2v37c2un8h64/yandexgpt/latest",
    "gpt://b1ghsjum2v37c2un8h64/yandexgpt-lite/latest",
    "gpt://b1ghsjum2v37c2un8h64/yandexgpt/rc",
    "gpt://f/yandexgpt",
    "gpt://b1g/yandexgpt-lite/latest@tamrabc123",
    "ds://bt1abcdef",
  ])("accepts %s unchanged", (uri) => {
    expect(checkModelUri(uri, "options.modelUri")).toBe(uri);
  });

  it.each([
    ["notauri", 'options.modelUri "notauri" is not a model URI: expected gpt://'],
    ["gpt://", "is not a model URI"],
    ["gpt://f", "is not a model URI"],
    ["gpt://f/", "is not a model URI"],
    ["gpt://f/a/b/c", "is not a model URI"],
    ["gpt:///yandexgpt/latest", "is not a model URI"],
    ["ds://a/b", "must be ds://<id>"],
    ["emb://yc.ml.rag-prod.common/text-search-doc/latest", 'has scheme "emb://"'],
    ["https://example.com/model", 'has scheme "https://"'],
    [" gpt://f/yandexgpt/latest", "leading or trailing whitespace"],
  ])("refuses %j", (uri, message) => {
    expect(errorOf(() => checkModelUri(uri, "options.modelUri")).rawMessage).toContain(message);
  });
});
