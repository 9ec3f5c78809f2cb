#!/usr/bin/env node
// Keeps `.ci/run` and the root README in step: CI runs exactly the command the README's
// "Set-up" block shows for it, and the README names that command as `.ci/run`'s (issue 12
// point 4: "change the README's test command and .ci/run together"). `npm run test:ci` runs
// it first.
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const ci = readFileSync(path.join(root, ".ci", "run"), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line.startsWith("npm "));
const readme = readFileSync(path.join(root, "README.md"), "utf8");

const problems = [];
if (ci.length !== 1) problems.push(`.ci/run should run one npm command line, found ${ci.length}`);
const command = ci[0] ?? "";
const setUp = /## Set-up\n+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
if (!setUp.split("\n").some((line) => line === command || line.startsWith(`${command} `))) {
  problems.push(`the README's Set-up block does not show \`${command}\``);
}
if (!readme.includes(`\`.ci/run\` runs exactly \`${command}\``)) {
  problems.push(`the README does not say "\`.ci/run\` runs exactly \`${command}\`"`);
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`check-ci-command: ${problem}`);
  process.exit(1);
}
console.log(`check-ci-command: .ci/run runs \`${command}\`, as the README says`);
