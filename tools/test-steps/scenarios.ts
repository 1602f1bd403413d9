// Step: every scenario in test/scenarios/ runs headless on the built bundle (dist/firmware.js) with
// the local Central System, as `npm start -- --scenario FILE` runs it. Each expectation counts as
// one passed or failed test; a scenario file that breaks the contract counts as one failure.
// A failing scenario prints its FAIL lines and the end of the unit's log.
import * as fs from "fs";
import * as path from "path";
import { parseScenario } from "../sim/scenario";
import { runScenario } from "../sim/scenario-runner";
import { SimUnit } from "../sim/sim-unit";
import { SimStorage } from "../../hal/sim/storage";
import type { Step } from "./step";

export const SCENARIO_DIR = "test/scenarios";
const LOG_TAIL_LINES = 60;

/** Boots the bundle offline for a few simulated seconds: does it publish CHARGER.status()? */
export async function exposesCharger(bundle: string): Promise<boolean> {
  const unit = new SimUnit({ file: bundle, storage: new SimStorage(), online: false });
  try {
    await unit.advance(3000);
    return unit.hasCharger() && unit.chargerStatus().error === undefined;
  } finally {
    unit.stop();
  }
}

export function scenarioFiles(root: string): string[] {
  const dir = path.join(root, SCENARIO_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(dir, f));
}

export function scenariosStep(root: string, print: (line: string) => void = (l) => console.log(l)): Step {
  return {
    name: "scenarios",
    needs: ["build"],
    async run() {
      const bundle = path.join(root, "dist/firmware.js");
      if (!fs.existsSync(bundle)) return { ok: false, note: "dist/firmware.js was not built" };
      const files = scenarioFiles(root);
      if (files.length === 0) return { ok: false, note: `no scenario in ${SCENARIO_DIR}` };
      if (!(await exposesCharger(bundle))) {
        return { ok: false, failed: 1, note: "dist/firmware.js publishes no CHARGER object after boot (firmware/main.ts sets it, " +
          "see firmware/status-report.ts): no scenario can be judged" };
      }
      let passed = 0;
      let failed = 0;
      const failing: string[] = [];
      for (const file of files) {
        const name = path.basename(file);
        let scenario;
        try {
          scenario = parseScenario(JSON.parse(fs.readFileSync(file, "utf8")), name);
        } catch (e) {
          failed++;
          failing.push(name);
          print(`scenario ${name}: invalid: ${(e as Error).message}`);
          continue;
        }
        const lines: string[] = [];
        const result = await runScenario({ file: bundle, scenario, print: (l) => lines.push(l) });
        passed += result.passed;
        failed += result.failed;
        print(`scenario ${name}: ${result.passed} passed, ${result.failed} failed ` +
          `(${(result.simMs / 1000).toFixed(0)} s simulated in ${(result.realMs / 1000).toFixed(1)} s) - ${scenario.name}`);
        if (result.failed > 0) {
          failing.push(name);
          for (const l of result.results.filter((r) => !r.ok)) print(`  ${l.line}`);
          print(`  last lines of the unit's log:`);
          for (const l of result.log.slice(-LOG_TAIL_LINES)) print(`  | ${l}`);
        }
      }
      const note = `${files.length} scenarios` + (failing.length ? `; failing: ${failing.join(", ")}` : "");
      return { ok: failed === 0, passed, failed, note };
    },
  };
}
