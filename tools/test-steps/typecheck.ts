// Step: `tsc -b` over both programs (device code, tests and tools). Counts TS errors as failures.
import type { Step } from "./step";
import { runNodeScript } from "./run-command";

export function typecheckStep(root: string): Step {
  return {
    name: "tsc -b",
    async run() {
      const { code, output } = await runNodeScript(require.resolve("typescript/bin/tsc"), ["-b"], root);
      const errors = (output.match(/error TS\d+/g) ?? []).length;
      return code === 0 ? { ok: true } : { ok: false, passed: 0, failed: Math.max(1, errors), note: `${errors} type errors` };
    },
  };
}
