// Step: the Espruino gate on the built bundles (and their unminified twins).
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_BUNDLES, formatProblem, gateFiles } from "../gate/gate-files";
import type { Step } from "./step";

export function gateStep(root: string): Step {
  return {
    name: "gate",
    needs: ["build"],
    async run() {
      const files = DEFAULT_BUNDLES.filter((f, i) => i === 0 || fs.existsSync(path.join(root, f)));
      const outcome = gateFiles(files, root);
      for (const file of outcome.missing) console.log(`gate: ${file}: no such file`);
      for (const p of outcome.problems) console.log(formatProblem(p));
      const clean = outcome.files.filter((f) => f.problems.length === 0);
      for (const f of clean) console.log(`gate: ${f.file} OK (${f.bytes} bytes)`);
      const failed = outcome.problems.length + outcome.missing.length;
      return { ok: failed === 0, passed: clean.length, failed, note: `${outcome.files.length} bundles gated` };
    },
  };
}
