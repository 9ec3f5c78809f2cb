/**
 * Type-checks README samples as a user's strict TypeScript project would (issue 12: a new
 * user works "from the READMEs and the type hints only"), with the repository's compiler
 * options, against the packages' published typings (`dist/*.d.ts`).
 *
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One sample to check: a file name (without extension) and its code. */
export interface SampleSource {
  readonly name: string;
  readonly code: string;
}

/**
 * Writes each sample to `<dir>/<name>.ts` and type-checks them together; resolves with one
 * line per error (`<name>.ts:<line>: TS<code> <message>`), none when all compile.
 *
 * @example
 * typeCheckSamples([{ name: "taste", code }], dir, "tsconfig.base.json"); // []
 */
export function typeCheckSamples(
  samples: readonly SampleSource[],
  dir: string,
  tsconfigPath: string,
): string[] {
  mkdirSync(dir, { recursive: true });
  const files = samples.map((sample) => {
    const file = path.join(dir, `${sample.name}.ts`);
    writeFileSync(file, sample.code);
    return file;
  });
  const config = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(tsconfigPath));
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
  };
  const program = ts.createProgram(files, options);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || files.includes(path.normalize(d.file.fileName)))
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (d.file === undefined || d.start === undefined) return `TS${d.code} ${message}`;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${path.basename(d.file.fileName)}:${line + 1}: TS${d.code} ${message}`;
    });
}
