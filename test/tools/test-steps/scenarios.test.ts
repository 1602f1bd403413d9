// The npm test step that runs test/scenarios/*.json: counts expectations, a bad file is one failure,
// a failing scenario shows its FAIL lines and the end of the unit's log.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { scenarioFiles, scenariosStep } from "../../../tools/test-steps/scenarios";

describe("scenarios step", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "scenarios-step-"));
    fs.mkdirSync(path.join(root, "dist"));
    fs.mkdirSync(path.join(root, "test/scenarios"), { recursive: true });
    // a stand-in firmware as the "built bundle"
    fs.copyFileSync(path.join(__dirname, "../sim/fixtures/charger-stub.js"), path.join(root, "dist/firmware.js"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const scenario = (name: string, content: unknown) =>
    fs.writeFileSync(path.join(root, "test/scenarios", name), JSON.stringify(content));

  it("counts every expectation of every scenario; bad files and failures are reported", async () => {
    scenario("a-ok.json", { name: "plugs", steps: [{ at: 0, do: "plug" }, { at: 500, expect: { status: "Preparing" } }, { at: 500, expect: { relay: "open" } }] });
    scenario("b-ko.json", { name: "wrong", steps: [{ at: 500, expect: { status: "Charging" } }] });
    scenario("c-bad.json", { steps: [{ at: 0, do: "fly" }] });
    fs.writeFileSync(path.join(root, "test/scenarios/notes.txt"), "not a scenario");
    expect(scenarioFiles(root).map((f) => path.basename(f))).toEqual(["a-ok.json", "b-ko.json", "c-bad.json"]);
    const lines: string[] = [];
    const result = await scenariosStep(root, (l) => lines.push(l)).run();
    expect(result).toEqual({ ok: false, passed: 2, failed: 2, note: "3 scenarios; failing: b-ko.json, c-bad.json" });
    expect(lines[0]).toMatch(/^scenario a-ok.json: 2 passed, 0 failed \(1 s simulated in \d+\.\d s\) - plugs$/);
    expect(lines[1]).toMatch(/^scenario b-ko.json: 0 passed, 1 failed/);
    expect(lines[2]).toBe('  FAIL t=500 {"status":"Charging"} expected {"status":"Charging"} got {"status":"Available"}');
    expect(lines).toContain("  last lines of the unit's log:");
    expect(lines.some((l) => l.startsWith("  | ") && l.includes("BootNotification"))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^scenario c-bad.json: invalid: c-bad.json.steps\[0\].do: unknown action "fly"/);
  });

  it("a firmware that publishes no CHARGER is one clear failure, not one per expectation", async () => {
    scenario("a-ok.json", { steps: [{ at: 500, expect: { status: "Available" } }] });
    fs.writeFileSync(path.join(root, "dist/firmware.js"), 'E.on("init", function () { setInterval(function () {}, 500); });');
    const result = await scenariosStep(root, () => undefined).run();
    expect(result).toEqual({ ok: false, failed: 1, note: expect.stringContaining("publishes no CHARGER object after boot") });
  });

  it("fails without a bundle or without scenarios", async () => {
    fs.rmSync(path.join(root, "dist/firmware.js"));
    expect(await scenariosStep(root, () => undefined).run()).toEqual({ ok: false, note: "dist/firmware.js was not built" });
    fs.copyFileSync(path.join(__dirname, "../sim/fixtures/charger-stub.js"), path.join(root, "dist/firmware.js"));
    expect(await scenariosStep(root, () => undefined).run()).toEqual({ ok: false, note: "no scenario in test/scenarios" });
  });
});
