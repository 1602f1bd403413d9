// Step: dist/bench.js (the on-device benchmark) runs under the Espruino shim and keeps its output
// contract: one JSON figure per line with id/value/unit/memory, ending with {"id":"bench.done"}.
import * as fs from "fs";
import * as path from "path";
import { runDeviceBench } from "../sim/device-bench-runner";
import type { Step } from "./step";

export function deviceBenchStep(root: string): Step {
  return {
    name: "device-bench",
    needs: ["build"],
    async run() {
      const file = path.join(root, "dist/bench.js");
      if (!fs.existsSync(file)) return { ok: false, note: "dist/bench.js was not built" };
      const run = await runDeviceBench({ file, echo: (line) => console.log("bench: " + line) });
      for (const p of run.problems) console.log("device-bench: " + p);
      return { ok: run.problems.length === 0, note: `${run.figures.length} figures` };
    },
  };
}
