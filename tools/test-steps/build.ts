// Step: the Espruino bundles (npm run build).
import { build, BuildError } from "../build/build";
import type { Step } from "./step";

export function buildStep(root: string): Step {
  return {
    name: "build",
    async run() {
      try {
        const report = await build({ root, log: (line) => console.log(line) });
        const sizes = Object.values(report.bundles).map((b) => `${b.file} ${b.bytes} bytes`).join(", ");
        return { ok: true, note: sizes };
      } catch (e) {
        if (!(e instanceof BuildError)) throw e;
        console.log(e.message);
        return { ok: false, passed: 0, failed: e.messages.length, note: `build errors: ${e.messages.length}` };
      }
    },
  };
}
