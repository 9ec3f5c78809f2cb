/**
 * The TypeScript and JavaScript code blocks of a README, with what the README says each
 * prints (issue 12: every sample must run as shown and print what the README says).
 *
 * Conventions, for README authors:
 * - A ```ts / ```js block is a sample; it is run against an emulator by
 *   `readme-samples.test.ts`.
 * - A block that cannot run alone (a fragment continuing another block, an options
 *   reference) is marked by an HTML comment on the line before it, with the reason:
 *   `<!-- not-runnable: continues the block above -->`.
 * - What a sample prints is the first fenced block after it, when the only lines between
 *   are blank and one line that ends with a colon and starts with "Output" or says
 *   "prints" (`Output:`, `Against the emulator it prints:`). `…` in a printed line stands
 *   for any text (ids, token counts).
 *
 * @module
 */

/** One code block of a README. */
export interface MarkdownSample {
  /** The README's path, as given. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's language: `ts`, `typescript`, `js`, `javascript` or `mjs`. */
  readonly lang: string;
  readonly code: string;
  /** The reason of a `<!-- not-runnable: … -->` mark; `undefined` for runnable samples. */
  readonly notRunnable: string | undefined;
  /** The printed lines the README shows after the sample; `undefined` when it shows none. */
  readonly output: string | undefined;
}

const SAMPLE_LANGS = new Set(["ts", "typescript", "js", "javascript", "mjs"]);
const NOT_RUNNABLE = /^<!--\s*not-runnable:\s*(.*?)\s*-->$/;
const OUTPUT_INTRO = /^(Output\b.*|.*\bprints\b.*):$/;

interface Fence {
  readonly start: number;
  readonly end: number;
  readonly lang: string;
  readonly body: string;
}

/** The fenced blocks of `text` (any fence of three or more backticks, indented or not). */
function fences(lines: readonly string[]): Fence[] {
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*([\w-]*)/.exec(lines[i] ?? "");
    if (open === null) continue;
    const indent = open[1]?.length ?? 0;
    const marker = open[2] ?? "```";
    let end = i + 1;
    while (end < lines.length && (lines[end] ?? "").trim() !== marker) end++;
    const body = lines
      .slice(i + 1, end)
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join("\n");
    out.push({ start: i, end, lang: open[3] ?? "", body });
    i = end;
  }
  return out;
}

/**
 * Every sample of a README's text.
 *
 * @example
 * markdownSamples("README.md", readFileSync("README.md", "utf8"));
 */
export function markdownSamples(file: string, text: string): MarkdownSample[] {
  const lines = text.split("\n");
  const blocks = fences(lines);
  const samples: MarkdownSample[] = [];
  blocks.forEach((block, index) => {
    if (!SAMPLE_LANGS.has(block.lang)) return;
    let before = block.start - 1;
    while (before >= 0 && (lines[before] ?? "").trim() === "") before--;
    const mark = NOT_RUNNABLE.exec((lines[before] ?? "").trim());
    samples.push({
      file,
      line: block.start + 1,
      lang: block.lang,
      code: `${block.body}\n`,
      notRunnable: mark === null ? undefined : mark[1] || "(no reason given)",
      output: outputAfter(lines, block, blocks[index + 1]),
    });
  });
  return samples;
}

function outputAfter(
  lines: readonly string[],
  block: Fence,
  next: Fence | undefined,
): string | undefined {
  if (next === undefined || SAMPLE_LANGS.has(next.lang)) return undefined;
  const between = lines.slice(block.end + 1, next.start).filter((l) => l.trim() !== "");
  if (between.length !== 1 || !OUTPUT_INTRO.test(between[0]?.trim() ?? "")) return undefined;
  return next.body;
}

/**
 * Whether `actual` (a sample's stdout) is what the README shows: the same lines, trailing
 * spaces and a trailing empty line aside, where `…` in a shown line stands for any text.
 *
 * @example
 * printedAsShown("Tool results: add: 42 57\n", "Tool results: add: 42 …"); // true
 */
export function printedAsShown(actual: string, shown: string): boolean {
  const tidy = (text: string) =>
    text
      .replace(/\s+$/, "")
      .split("\n")
      .map((l) => l.trimEnd());
  const got = tidy(actual);
  const want = tidy(shown);
  if (got.length !== want.length) return false;
  return want.every((line, i) => {
    const pattern = line
      .split("…")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    return new RegExp(`^${pattern}$`).test(got[i] ?? "");
  });
}
