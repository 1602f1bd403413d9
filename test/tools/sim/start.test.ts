// npm start's command line: options, exit codes, scenario files checked before anything runs.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LOCAL_BACKEND_URL } from "../../../tools/sim/scenario-runner";
import { loadScenarioFile, main, parseArgs, runScenarioOn, unitConfigFor, USAGE } from "../../../tools/sim/start";

const STUB = path.join(__dirname, "fixtures/charger-stub.js");

describe("npm start", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "start-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
    return f;
  };
  const capture = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((...a: unknown[]) => { err.push(a.join(" ")); });
    try {
      const code = await main(argv, (l) => out.push(l));
      return { code, out, err };
    } finally {
      spy.mockRestore();
    }
  };

  it("parses its options, in both --x v and --x=v forms", () => {
    expect(parseArgs(["--scenario", "a.json", "--backend=wss://cs.example/ocpp", "--id", "CP-9", "--fresh", "--verbose", "--no-build"]))
      .toEqual({ scenario: "a.json", backend: "wss://cs.example/ocpp", id: "CP-9", fresh: true, verbose: true, build: false, help: false });
    expect(() => parseArgs(["--scenaro", "a.json"])).toThrow('unknown option "--scenaro"');
    expect(() => parseArgs(["--scenario"])).toThrow("--scenario needs a value");
    expect(() => parseArgs(["--backend", "http://x"])).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => parseArgs(["--id", "has space"])).toThrow(/--id/);
  });

  it("exit codes: --help 0; a bad option, an unreadable or invalid scenario 2, with a message naming the problem", async () => {
    expect((await capture(["--help"])).out).toEqual([USAGE]);
    const bad = await capture(["--bogus"]);
    expect([bad.code, bad.err[0]]).toEqual([2, 'npm start: unknown option "--bogus"']);
    const unknownKey = await capture(["--no-build", "--scenario", file("k.json", { steps: [{ at: 0, do: "plug", colour: "red" }] })]);
    expect(unknownKey.code).toBe(2);
    expect(unknownKey.err[0]).toContain('k.json.steps[0]: unknown key "colour"');
    const unknownAction = await capture(["--no-build", "--scenario", file("a.json", { steps: [{ at: 0, do: "dance" }] })]);
    expect(unknownAction.err[0]).toContain('unknown action "dance"');
    const notJson = await capture(["--no-build", "--scenario", file("j.json", "{ steps: ")]);
    expect([notJson.code, notJson.err[0]]).toEqual([2, expect.stringContaining("j.json: ")]);
    const missing = await capture(["--no-build", "--scenario", path.join(dir, "none.json")]);
    expect([missing.code, missing.err[0]]).toEqual([2, expect.stringContaining("ENOENT")]);
  });

  it("runs a scenario file: 0 when every expectation passes, 1 otherwise", async () => {
    const ok = loadScenarioFile(file("ok.json", { name: "plug", steps: [{ at: 0, do: "plug" }, { at: 500, expect: { status: "Preparing" } }] }));
    const out: string[] = [];
    expect(await runScenarioOn(STUB, ok, parseArgs([]), (l) => out.push(l))).toBe(0);
    expect(out).toEqual(["scenario: plug", 'PASS t=500 {"status":"Preparing"}', "1 passed, 0 failed"]);
    const ko = loadScenarioFile(file("ko.json", { steps: [{ at: 500, expect: { status: "Charging" } }] }));
    expect(await runScenarioOn(STUB, ko, parseArgs([]), () => undefined)).toBe(1);
  });

  it("flashes the simulated unit with the pin map of flash.config.json, its own id and backend, no Wi-Fi or console lock", () => {
    const unit = unitConfigFor(parseArgs(["--id", "CP-42"]), () => undefined);
    expect([unit.chargePointId, unit.backendUrl, unit.wifi, unit.consolePassword]).toEqual(["CP-42", LOCAL_BACKEND_URL, undefined, undefined]);
    expect(unitConfigFor(parseArgs(["--backend", "ws://10.0.0.2:9000/ocpp"]), () => undefined).backendUrl).toBe("ws://10.0.0.2:9000/ocpp");
  });
});
