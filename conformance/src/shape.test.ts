import { describe, expect, it } from "vitest";
import {
  arr,
  formatPath,
  map,
  num,
  obj,
  oneOf,
  opt,
  ShapeError,
  str,
  tagged,
  union,
} from "./shape.js";

describe("shapes", () => {
  const point = obj({
    x: num({ int: true }),
    label: opt(str()),
    tags: opt(arr(oneOf(["a", "b"]))),
  });

  it("validates and types plain data", () => {
    expect(point.parse({ x: 1, tags: ["a"] }, [])).toEqual({ x: 1, tags: ["a"] });
  });

  it("throws with the path of the field at fault", () => {
    expect(() => point.parse({ x: 1, tags: ["a", "c"] }, ["p"])).toThrow(
      new ShapeError(["p", "tags", 1], 'expected one of: a, b, got a string ("c")'),
    );
    expect(() => point.parse({ x: 1.5 }, [])).toThrow("x: expected an integer, got a number (1.5)");
    expect(() => point.parse({ y: 1 }, [])).toThrow(
      "y: unknown field (expected one of: x, label, tags)",
    );
    expect(() => point.parse({}, [])).toThrow("x: required field is missing (expected an integer)");
  });

  it("tells tagged variants apart by their key", () => {
    const step = tagged({ a: obj({ a: num() }), b: obj({ b: str() }) });
    expect(step.parse({ b: "x" }, [])).toEqual({ b: "x" });
    expect(() => step.parse({}, ["s"])).toThrow(
      "s: expected exactly one of the keys a, b, got none of them",
    );
  });

  it("reports the deepest error of a union, and converts with map", () => {
    const u = union(str(), obj({ text: str() }));
    expect(() => u.parse({ text: 1 }, [])).toThrow("text: expected a string, got a number (1)");
    expect(map(str(), (s) => s.length).parse("abc", [])).toBe(3);
  });

  it("formats paths", () => {
    expect(formatPath(["cases", 3, "steps", 0, "wait"])).toBe("cases[3].steps[0].wait");
    expect(formatPath([])).toBe("(root)");
  });
});
