import { runSteps, type Step, type StepResult } from "../../../tools/test-steps/step";

function step(name: string, result: StepResult | Error, needs?: string[]): Step & { ran: boolean } {
  const s: Step & { ran: boolean } = {
    name,
    ran: false,
    async run() {
      s.ran = true;
      if (result instanceof Error) throw result;
      return result;
    },
  };
  if (needs) s.needs = needs;
  return s;
}

/** A clock that moves 1.5 s per reading. */
function fakeClock(): () => number {
  let t = 0;
  return () => (t += 1500);
}

describe("npm test step runner", () => {
  it("adds step counts, counts a plain ok step as one pass, and ends with the summary line", async () => {
    const lines: string[] = [];
    const summary = await runSteps([
      step("tsc -b", { ok: true }),
      step("jest", { ok: true, passed: 120, failed: 0 }),
      step("gate", { ok: true, passed: 2, failed: 0, note: "2 bundles gated" }),
    ], (l) => lines.push(l), fakeClock());
    expect(summary).toMatchObject({ passed: 123, failed: 0 });
    expect(lines[lines.length - 1]).toBe("123 passed, 0 failed");
    expect(lines).toContain("[test] jest ok: 120 passed, 0 failed (1.5 s)");
    expect(lines).toContain("  gate ok: 2 passed, 0 failed (1.5 s) - 2 bundles gated");
  });

  it("keeps running after a failing step and counts it as failed", async () => {
    const lines: string[] = [];
    const later = step("jest", { ok: true, passed: 3 });
    const summary = await runSteps([step("tsc -b", { ok: false }), later], (l) => lines.push(l), fakeClock());
    expect(later.ran).toBe(true);
    expect(summary).toMatchObject({ passed: 3, failed: 1 });
    expect(lines[lines.length - 1]).toBe("3 passed, 1 failed");
  });

  it("counts a failed step with no failing count as one failure", async () => {
    const summary = await runSteps([step("jest", { ok: false, passed: 5, failed: 0, note: "jest exited with code 1" })], () => undefined);
    expect(summary).toMatchObject({ passed: 5, failed: 1 });
  });

  it("counts a crashing step as failed with its message", async () => {
    const lines: string[] = [];
    const summary = await runSteps([step("build", new Error("esbuild exploded"))], (l) => lines.push(l), fakeClock());
    expect(summary.failed).toBe(1);
    expect(summary.steps[0]).toMatchObject({ status: "failed", note: "crashed: esbuild exploded" });
  });

  it("skips a step whose prerequisite failed, without counting it", async () => {
    const lines: string[] = [];
    const gate = step("gate", { ok: true, passed: 2 }, ["build"]);
    const summary = await runSteps([step("build", { ok: false, failed: 2 }), gate], (l) => lines.push(l), fakeClock());
    expect(gate.ran).toBe(false);
    expect(summary).toMatchObject({ passed: 0, failed: 2 });
    expect(lines).toContain("[test] gate: skipped (needs build)");
  });
});
