// npm run gate [files...]: gates Espruino bundles (default dist/firmware.js, and dist/bench.js when
// built) and their unminified twins. One line per problem, `file:line:col reason`; exit 1 on any.
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_BUNDLES, formatProblem, gateFiles } from "./gate-files";

/** Returns the exit code. */
export function runGateCli(argv: string[], cwd: string, print: (line: string) => void): number {
  const files = argv.length ? argv : DEFAULT_BUNDLES.filter((f, i) => i === 0 || fs.existsSync(path.join(cwd, f)));
  const outcome = gateFiles(files, cwd);
  for (const file of outcome.missing) print(`gate: ${file}: no such file (run npm run build first)`);
  for (const p of outcome.problems) print(formatProblem(p));
  for (const file of outcome.files) {
    if (file.problems.length === 0) print(`gate: ${file.file} OK (${file.bytes} bytes)`);
    else print(`gate: ${file.file} FAILED (${file.problems.length} problems)`);
  }
  return outcome.problems.length || outcome.missing.length ? 1 : 0;
}

if (require.main === module) process.exit(runGateCli(process.argv.slice(2), process.cwd(), (line) => console.log(line)));
