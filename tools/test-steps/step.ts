// The steps of `npm test`, run in order. A step reports pass/fail counts (jest tests, gate bundles) or
// just ok/fail (counted as one). A failing step does not stop the run: later steps still run unless
// they need a step that failed. The last line is always `N passed, N failed`.

export interface StepResult {
  ok: boolean;
  passed?: number;
  failed?: number;
  /** One line for the summary, e.g. the bundle size. */
  note?: string;
}

export interface Step {
  name: string;
  /** Names of earlier steps this one cannot run without (skipped when one of them failed). */
  needs?: string[];
  run(): Promise<StepResult>;
}

export interface StepOutcome {
  name: string;
  status: "ok" | "failed" | "skipped";
  passed: number;
  failed: number;
  ms: number;
  note?: string;
}

export interface RunSummary {
  steps: StepOutcome[];
  passed: number;
  failed: number;
}

export async function runSteps(steps: Step[], print: (line: string) => void, now: () => number = Date.now): Promise<RunSummary> {
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    const blocked = (step.needs ?? []).filter((name) => outcomes.find((o) => o.name === name)?.status !== "ok");
    if (blocked.length) {
      const outcome: StepOutcome = { name: step.name, status: "skipped", passed: 0, failed: 0, ms: 0, note: `needs ${blocked.join(", ")}` };
      outcomes.push(outcome);
      print(`[test] ${step.name}: skipped (${outcome.note})`);
      continue;
    }
    print(`[test] ${step.name} ...`);
    const started = now();
    let result: StepResult;
    try {
      result = await step.run();
    } catch (e) {
      result = { ok: false, note: `crashed: ${e instanceof Error ? e.message : String(e)}` };
    }
    const outcome = count(step.name, result, now() - started);
    outcomes.push(outcome);
    print(`[test] ${describe(outcome)}`);
  }
  const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
  const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
  print("");
  for (const o of outcomes) print(`  ${describe(o)}`);
  print(`${passed} passed, ${failed} failed`);
  return { steps: outcomes, passed, failed };
}

function count(name: string, result: StepResult, ms: number): StepOutcome {
  const counted = result.passed !== undefined || result.failed !== undefined;
  const passed = counted ? result.passed ?? 0 : result.ok ? 1 : 0;
  let failed = counted ? result.failed ?? 0 : result.ok ? 0 : 1;
  // A failed step always counts as at least one failure, even with no failing test in its counts.
  if (!result.ok && failed === 0) failed = 1;
  const outcome: StepOutcome = { name, status: result.ok ? "ok" : "failed", passed, failed, ms };
  if (result.note !== undefined) outcome.note = result.note;
  return outcome;
}

function describe(o: StepOutcome): string {
  const time = o.status === "skipped" ? "" : ` (${(o.ms / 1000).toFixed(1)} s)`;
  const counts = o.status === "skipped" ? "" : `: ${o.passed} passed, ${o.failed} failed`;
  const note = o.note ? ` - ${o.note}` : "";
  return `${o.name} ${o.status}${counts}${time}${note}`;
}
