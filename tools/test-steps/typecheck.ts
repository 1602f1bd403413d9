// Step: `tsc -b` over both programs (device code, tests and tools). Counts TS errors as failures.
import type { Step } from "./step";
import { runNodeScript } from "./run-command";

export function typecheckStep(root: string): Step {
  return {
    name: "tsc -b",
    async run() {
      const { code, output } = await runNodeScript(require.resolve("typescript/bin/tsc"), ["-b"], root);
      const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
      const found = /Found (\d+) errors?/.exec(plain);
      const errors = found ? Number(found[1]) : (plain.match(/error TS\d+/g) ?? []).length;
      return code === 0 ? { ok: true } : { ok: false, passed: 0, failed: Math.max(1, errors), note: `type errors: ${errors}` };
    },
  };
}
