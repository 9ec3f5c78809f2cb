import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isNode, LineCounter, parseDocument } from "yaml";
import { type CaseSpec, type SuiteFile, suiteFileShape } from "./case-schema.js";
import { validateExchange } from "./replay-script.js";
import { formatPath, type Path, ShapeError } from "./shape.js";

/** The `cases/` directory shipped with this package (next to `src/` and `dist/`). */
export const DEFAULT_CASES_DIR: string = fileURLToPath(new URL("../cases", import.meta.url));

/**
 * A case file that cannot be used, naming the file, the case and the field:
 * `cases/submit.yaml:42: case "double-submit": steps[1].submit.results: expected a list`.
 */
export class CaseFileError extends Error {
  constructor(
    /** The file, as given to the loader. */
    readonly file: string,
    /** The name of the case at fault, when the fault is inside one. */
    readonly caseName: string | undefined,
    /** The field path, relative to the case when there is one, else to the file. */
    readonly fieldPath: string,
    /** 1-based line of the field, when known. */
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    const where = line === undefined ? file : `${file}:${line}`;
    const inCase = caseName === undefined ? "" : ` case "${caseName}":`;
    super(`${where}:${inCase} ${fieldPath}: ${detail}`);
    this.name = "CaseFileError";
  }
}

/** A case with the suite it belongs to and where it was read from. */
export interface LoadedCase {
  readonly suite: string;
  readonly file: string;
  /** `suite/name`: the id used by filters, known-failing lists and reports. */
  readonly id: string;
  readonly spec: CaseSpec;
}

/** A loaded suite file. */
export interface LoadedSuite {
  readonly suite: string;
  readonly file: string;
  readonly description: string | undefined;
  readonly cases: readonly LoadedCase[];
}

/**
 * Parses and validates one case file's text. Throws {@link CaseFileError} on
 * YAML syntax errors and on any field that does not fit the case format.
 *
 * @example
 * const suite = parseSuiteFile("cases/submit.yaml", readFileSync("cases/submit.yaml", "utf8"));
 */
export function parseSuiteFile(file: string, text: string): LoadedSuite {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new CaseFileError(
      file,
      undefined,
      "(yaml)",
      line,
      firstError.message.split("\n")[0] ?? "",
    );
  }
  const raw: unknown = doc.toJS();

  const lineOf = (p: Path): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const caseNameAt = (p: Path): string | undefined => {
    if (p[0] !== "cases" || typeof p[1] !== "number") return undefined;
    const c = (raw as { cases?: unknown[] } | null)?.cases?.[p[1]];
    const name = (c as { name?: unknown } | undefined)?.name;
    return typeof name === "string" ? name : `#${p[1] + 1}`;
  };
  const toError = (p: Path, detail: string): CaseFileError => {
    const caseName = caseNameAt(p);
    const rel = caseName === undefined ? p : p.slice(2);
    return new CaseFileError(file, caseName, formatPath(rel), lineOf(p), detail);
  };

  let parsed: SuiteFile;
  try {
    parsed = suiteFileShape.parse(raw, []);
    checkSemantics(parsed, file);
  } catch (e) {
    if (e instanceof ShapeError) throw toError(e.path, e.detail);
    throw e;
  }
  return {
    suite: parsed.suite,
    file,
    description: parsed.description,
    cases: parsed.cases.map((spec) => ({
      suite: parsed.suite,
      file,
      id: `${parsed.suite}/${spec.name}`,
      spec,
    })),
  };
}

/** Checks the rules a shape cannot express; throws {@link ShapeError} with the field path. */
function checkSemantics(suite: SuiteFile, file: string): void {
  const stem = path.basename(file).replace(/\.ya?ml$/, "");
  if (suite.suite !== stem) {
    throw new ShapeError(["suite"], `must equal the file name "${stem}", got "${suite.suite}"`);
  }
  const seen = new Map<string, number>();
  suite.cases.forEach((c, i) => {
    const before = seen.get(c.name);
    if (before !== undefined) {
      throw new ShapeError(["cases", i, "name"], `duplicate case name (also case #${before + 1})`);
    }
    seen.set(c.name, i);
    const base: Path = ["cases", i];
    const server = c.server;
    if ("replay" in server) {
      const r = server.replay;
      if (r.fixture === undefined && (r.exchanges === undefined || r.exchanges.length === 0)) {
        throw new ShapeError([...base, "server", "replay"], "needs a fixture or exchanges");
      }
      r.exchanges?.forEach((x, j) => {
        validateExchange(x, [...base, "server", "replay", "exchanges", j]);
      });
      if (c.modes?.includes("server")) {
        throw new ShapeError([...base, "modes"], "a replay case cannot run in server mode");
      }
    }
    if ("emulator" in server && c.modes?.includes("server")) {
      const e = server.emulator;
      const bad = (["faults", "limits", "auth", "chunkDelayMs"] as const).find(
        (k) => e[k] !== undefined,
      );
      if (bad) {
        throw new ShapeError(
          [...base, "server", "emulator", bad],
          "a server-mode case cannot rely on emulator knobs (another server does not have them)",
        );
      }
      if (e.model !== undefined && e.model !== "echo") {
        throw new ShapeError(
          [...base, "server", "emulator", "model"],
          "a server-mode case cannot rely on a model script (another server does not have it)",
        );
      }
    }
  });
}

/** Reads one case file. */
export function loadSuiteFile(file: string): LoadedSuite {
  return parseSuiteFile(file, readFileSync(file, "utf8"));
}

/**
 * Reads every `*.yaml` of a directory (default: this package's `cases/`),
 * sorted by file name. Suite names must be unique.
 */
export function loadSuites(dir: string = DEFAULT_CASES_DIR): LoadedSuite[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const suites = files.map((f) => loadSuiteFile(path.join(dir, f)));
  const names = new Set<string>();
  for (const s of suites) {
    if (names.has(s.suite)) {
      throw new CaseFileError(
        s.file,
        undefined,
        "suite",
        undefined,
        `duplicate suite "${s.suite}"`,
      );
    }
    names.add(s.suite);
  }
  return suites;
}
