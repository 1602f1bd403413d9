// Step: every jest suite, with jest's own output, counted from its JSON report.
import * as fs from "fs";
import * as path from "path";
import type { Step } from "./step";
import { runNodeScript } from "./run-command";

export const JEST_REPORT = "build/jest.json";

interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numRuntimeErrorTestSuites: number;
}

export function jestStep(root: string): Step {
  return {
    name: "jest",
    async run() {
      const report = path.join(root, JEST_REPORT);
      fs.rmSync(report, { force: true });
      const { code } = await runNodeScript(require.resolve("jest/bin/jest"), ["--ci", "--json", `--outputFile=${JEST_REPORT}`], root);
      if (!fs.existsSync(report)) return { ok: false, note: `jest wrote no ${JEST_REPORT} (exit code ${code})` };
      const r = JSON.parse(fs.readFileSync(report, "utf8")) as JestReport;
      // A suite that fails to load has no test results: count it as a failure.
      const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
      const note = r.numRuntimeErrorTestSuites ? `${r.numRuntimeErrorTestSuites} suites failed to run` : code !== 0 && failed === 0 ? `jest exited with code ${code}` : undefined;
      const result = { ok: code === 0 && failed === 0, passed: r.numPassedTests, failed };
      return note ? { ...result, note } : result;
    },
  };
}
