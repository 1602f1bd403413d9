// npm test: type check, jest, build, Espruino gate, on-device benchmark under the Espruino shim.
// Append steps to STEPS (see tools/test-steps/step.ts).
// Ends with the line `N passed, N failed`; exits non-zero when anything failed.
import * as path from "path";
import { buildStep } from "./test-steps/build";
import { deviceBenchStep } from "./test-steps/device-bench";
import { gateStep } from "./test-steps/gate";
import { jestStep } from "./test-steps/jest";
import { runSteps, type Step } from "./test-steps/step";
import { typecheckStep } from "./test-steps/typecheck";

const ROOT = path.resolve(__dirname, "..");

export const STEPS: Step[] = [
  typecheckStep(ROOT),
  jestStep(ROOT),
  buildStep(ROOT),
  gateStep(ROOT),
  deviceBenchStep(ROOT),
];

if (require.main === module) {
  runSteps(STEPS, (line) => console.log(line)).then(
    (summary) => process.exit(summary.failed > 0 ? 1 : 0),
    (e: unknown) => {
      console.error(e);
      console.log("0 passed, 1 failed");
      process.exit(1);
    },
  );
}
