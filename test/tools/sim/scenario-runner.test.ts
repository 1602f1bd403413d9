// The scenario runner against a stand-in firmware (fixtures/charger-stub.js), so what is tested is
// the runner: timing, actions, the Central System, judging, the printed lines and the counts.
import * as path from "path";
import { parseScenario } from "../../../tools/sim/scenario";
import { ScenarioResult, runScenario } from "../../../tools/sim/scenario-runner";
import { SimUnit } from "../../../tools/sim/sim-unit";

const STUB = path.join(__dirname, "fixtures/charger-stub.js");

async function run(raw: any): Promise<ScenarioResult & { lines: string[] }> {
  const lines: string[] = [];
  const result = await runScenario({ file: STUB, scenario: parseScenario(raw), print: (l) => lines.push(l) });
  return Object.assign(result, { lines });
}

describe("runScenario", () => {
  it("runs the steps at their times and prints PASS lines and the summary", async () => {
    const r = await run({
      name: "stub charges",
      steps: [
        { at: 0, do: "plug" },
        { at: 500, expect: { status: "Preparing", relay: "open", led: "yellow/solid", online: true, sent: "BootNotification" } },
        { at: 1000, do: "request" },
        { at: 1600, expect: { status: "Charging", relay: "closed", led: "blue/solid", sent: "StatusNotification" } },
        { at: 2000, do: "unplug" },
        { at: 3000, expect: { status: "Available", relay: "open", led: "green" } },
      ],
    });
    expect(r.lines).toEqual([
      'PASS t=500 {"status":"Preparing","relay":"open","led":"yellow/solid","online":true,"sent":"BootNotification"}',
      'PASS t=1600 {"status":"Charging","relay":"closed","led":"blue/solid","sent":"StatusNotification"}',
      'PASS t=3000 {"status":"Available","relay":"open","led":"green"}',
      "3 passed, 0 failed",
    ]);
    expect(r.passed).toBe(3);
    expect(r.simMs).toBeGreaterThanOrEqual(3000);
  });

  it("prints FAIL with only the keys that differ, expected and got, and counts it", async () => {
    const r = await run({
      steps: [
        { at: 0, do: "plug" },
        { at: 500, expect: { status: "Charging", relay: "open", led: "blue/pulse", lastAuth: "Accepted" } },
      ],
    });
    expect(r.lines[0]).toBe('FAIL t=500 {"status":"Charging","relay":"open","led":"blue/pulse","lastAuth":"Accepted"} ' +
      'expected {"led":"blue/pulse","status":"Charging","lastAuth":"Accepted"} ' +
      'got {"led":"yellow/solid (over the last 500 ms)","status":"Preparing","lastAuth":"None"}');
    expect(r.lines[1]).toBe("0 passed, 1 failed");
    expect(r.failed).toBe(1);
  });

  it("sent: looks back to the previous expectation; expectations that share an `at` share the window", async () => {
    const r = await run({
      steps: [
        { at: 0, do: "plug" },
        { at: 300, expect: { sent: "BootNotification" } },
        { at: 300, expect: { sent: "StatusNotification" } },
        { at: 600, expect: { sent: "BootNotification" } },
        { at: 700, do: "request" },
        { at: 800, expect: { sent: "StatusNotification" } },
      ],
    });
    expect(r.lines).toEqual([
      'PASS t=300 {"sent":"BootNotification"}',
      'PASS t=300 {"sent":"StatusNotification"}',
      'FAIL t=600 {"sent":"BootNotification"} expected {"sent":"BootNotification"} got {"sent":"nothing"}',
      'PASS t=800 {"sent":"StatusNotification"}',
      "3 passed, 1 failed",
    ]);
  });

  it("drives the Central System: remote-start, send-local-list, set-config (sent as ChangeConfiguration while connected)", async () => {
    const r = await run({
      steps: [
        { at: 500, do: "remote-start", idTag: "04A1B2C3D4E5F6" },
        { at: 500, do: "send-local-list", listVersion: 7, updateType: "Full", entries: [{ idTag: "A1B2C3D4", idTagInfo: { status: "Accepted" } }] },
        { at: 500, do: "set-config", key: "ConnectionTimeOut", value: "45" },
        { at: 600, expect: { lastAuth: "Accepted", listVersion: 7 } },
      ],
    });
    expect(r.lines).toEqual(['PASS t=600 {"lastAuth":"Accepted","listVersion":7}', "1 passed, 0 failed"]);
    expect(r.log.some((l) => l.includes('ChangeConfiguration {"key":"ConnectionTimeOut","value":"45"}'))).toBe(true);
    expect(r.log.some((l) => l.includes("ChangeConfiguration answer"))).toBe(true);
  });

  it("offline: no Central System until `online`; set-config then goes to the unit itself; CS actions cannot be done", async () => {
    const r = await run({
      backend: { online: false },
      steps: [
        { at: 500, expect: { online: false } },
        { at: 600, do: "set-config", key: "ConnectionTimeOut", value: "45" },
        { at: 700, do: "remote-stop" },
        { at: 800, do: "remote-start", idTag: "A1B2C3D4" },
        { at: 1000, do: "online" },
        { at: 3000, expect: { online: true } },
        { at: 3100, do: "offline" },
        { at: 3200, expect: { online: false } },
      ],
    });
    expect(r.lines).toEqual([
      'PASS t=500 {"online":false}',
      'FAIL t=700 {"do":"remote-stop"} could not be done: the Central System knows no transaction to stop',
      'FAIL t=800 {"do":"remote-start","idTag":"A1B2C3D4"} could not be done: no charger is connected to the Central System',
      'PASS t=3000 {"online":true}',
      'PASS t=3200 {"online":false}',
      "3 passed, 2 failed",
    ]);
    expect(r.log.some((l) => l.includes("set-config ConnectionTimeOut=45 applied at the unit: Accepted"))).toBe(true);
  });

  it("counts an uncaught error in the firmware as a failure", async () => {
    const lines: string[] = [];
    const scenario = parseScenario({ steps: [{ at: 0, do: "request" }, { at: 500, do: "unplug" }, { at: 1000, expect: { relay: "open" } }] });
    // the stub throws from its pilot timer on unplug once crash() was called in the bundle
    const original = SimUnit.prototype.unplug;
    SimUnit.prototype.unplug = function (this: SimUnit) {
      this.runner.evaluate("crash()");
      original.call(this);
    };
    try {
      const res = await runScenario({ file: STUB, scenario, print: (l) => lines.push(l) });
      expect(lines[0]).toMatch(/^FAIL t=5\d\d uncaught error in the firmware \(timer\): Uncaught Error: crash on unplug$/);
      expect(lines.slice(1)).toEqual(['PASS t=1000 {"relay":"open"}', "1 passed, 1 failed"]);
      expect(res.failed).toBe(1);
    } finally {
      SimUnit.prototype.unplug = original;
    }
  });

  it("counts a charger message that breaks the OCPP 1.6 schemas (the Central System is strict) as a failure", async () => {
    const r = await run({ steps: [{ at: 500, do: "set-config", key: "HeartbeatInterval", value: "666" }, { at: 1000, expect: { relay: "open" } }] });
    expect(r.lines[0]).toMatch(/^FAIL t=1000 the Central System found a message that breaks OCPP 1.6: STUB strict: .*"status":"Sleeping"/);
    expect(r.lines.slice(1)).toEqual(['PASS t=1000 {"relay":"open"}', "1 passed, 1 failed"]);
  });

  it("a step at a time the unit has already passed runs at once", async () => {
    const r = await run({ steps: [{ at: 0, do: "plug" }, { at: 0, expect: { relay: "open" } }, { at: 0, do: "request" }] });
    expect(r.lines).toEqual(['PASS t=0 {"relay":"open"}', "1 passed, 0 failed"]);
  });
});
