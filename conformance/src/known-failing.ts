import { readFileSync } from "node:fs";

/** One pattern of a known-failing file. */
export interface KnownFailingPattern {
  /** As written: `submit/*`, `enum-mapping/run-status-99`. */
  readonly pattern: string;
  /** 1-based line in the file. */
  readonly line: number;
  readonly regex: RegExp;
  /** The line's trailing `# comment` (the cause of the failure), if any. */
  readonly cause?: string;
}

/**
 * Cases expected to fail, in the manner of the Connect conformance suite: a
 * listed case that fails does not fail the run; a listed case that passes
 * does (the list is stale and must be trimmed).
 */
export interface KnownFailing {
  readonly file: string;
  readonly patterns: readonly KnownFailingPattern[];
  /** The first pattern matching a case id (`suite/case`), if any. */
  match(id: string): KnownFailingPattern | undefined;
}

function toRegex(pattern: string): RegExp {
  // `*` matches any run of characters (also `/`); everything else is literal.
  const body = pattern
    .split("*")
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/**
 * Reads a known-failing list: one `suite/case` pattern per line, `*` as a
 * wildcard, `#` starting a comment (whole line or trailing), blank lines ignored.
 *
 * @example
 * parseKnownFailing("# the emulator lacks X\nsubmit/double-submit  # issue 12\n", "kf.txt")
 *   .match("submit/double-submit"); // { pattern: "submit/double-submit", line: 2, cause: "issue 12", ... }
 */
export function parseKnownFailing(text: string, file: string): KnownFailing {
  const patterns: KnownFailingPattern[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const hash = raw.indexOf("#");
    const pattern = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (pattern === "") return;
    if (/\s/.test(pattern)) {
      throw new Error(`${file}:${i + 1}: a pattern has no spaces: "${pattern}"`);
    }
    const cause = hash === -1 ? "" : raw.slice(hash + 1).trim();
    patterns.push({ pattern, line: i + 1, regex: toRegex(pattern), ...(cause ? { cause } : {}) });
  });
  return {
    file,
    patterns,
    match: (id) => patterns.find((p) => p.regex.test(id)),
  };
}

/** Reads a known-failing file from disk. */
export function loadKnownFailing(file: string): KnownFailing {
  return parseKnownFailing(readFileSync(file, "utf8"), file);
}

/** An empty list. */
export const NO_KNOWN_FAILING: KnownFailing = parseKnownFailing("", "(none)");
