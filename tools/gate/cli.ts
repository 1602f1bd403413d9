// npm run gate [files...]: gates Espruino bundles (default dist/firmware.js, and dist/bench.js when
// built) and their unminified twins. One line per problem, `file:line:col reason`; exit 1 on any.
import * as fs from "fs";
import { DEFAULT_BUNDLES, formatProblem, gateFiles } from "./gate-files";

function main(argv: string[]): number {
  const files = argv.length ? argv : DEFAULT_BUNDLES.filter((f, i) => i === 0 || fs.existsSync(f));
  const outcome = gateFiles(files);
  for (const file of outcome.missing) console.log(`gate: ${file}: no such file (run npm run build first)`);
  for (const p of outcome.problems) console.log(formatProblem(p));
  for (const file of outcome.files) {
    if (file.problems.length === 0) console.log(`gate: ${file.file} OK (${file.bytes} bytes)`);
    else console.log(`gate: ${file.file} FAILED (${file.problems.length} problems)`);
  }
  return outcome.problems.length || outcome.missing.length ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
