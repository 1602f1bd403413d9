// The espruino CLI exits 0 on most failures; the flash tool reads its output instead. These are real
// outputs of node_modules/espruino 0.1.67 (fixtures/*.json, made by fixtures/capture.ts and by the
// stand-in device test), each with the cause the tool must give.
import * as fs from "fs";
import * as path from "path";
import { deviceLines, findFailures, garbageRatio, HINTS, outputLines } from "../../../tools/flash/cli-output";
import type { CliResult } from "../../../tools/flash/espruino-cli";
import { readProbeRun } from "../../../tools/flash/probe";

function fixture(name: string): CliResult {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", `${name}.json`), "utf8"));
}

describe("espruino CLI output", () => {
  it("every fixture really exited 0 (why the output must be read)", () => {
    for (const f of fs.readdirSync(path.join(__dirname, "fixtures")).filter((n) => n.endsWith(".json"))) {
      expect([f, fixture(f.slice(0, -5)).exitCode]).toEqual([f, 0]);
    }
  });

  const uploads: [string, string | undefined, RegExp][] = [
    ["tcp-refused", "no-device", /nothing accepts connections at P \(connection refused\)/],
    ["serial-missing", "no-device", /no device at P \(the port does not exist\)/],
    ["tcp-closes", "no-device", /could not open P/],
    ["tcp-http", "not-espruino", /P answered, but not as an Espruino console/],
    ["pre-1v96", "pre-1v96", /older than 1v96/],
    // these look like a clean upload to the CLI ("Upload Complete"): only asking the unit tells
    ["tcp-silent", undefined, /Upload Complete/],
    ["tcp-echo", undefined, /Upload Complete/],
    ["tcp-garbage", undefined, /Upload Complete/],
    // the stand-in device: a clean upload, a boot that crashes, a Storage too small for the code
    ["stand-in-upload", undefined, /--\] started/],
    ["stand-in-crash", "crashed-at-boot", /^the unit reported an error: Uncaught ReferenceError: SPI9 is not defined$/],
    ["stand-in-no-room", "out-of-space", /^the unit's Storage is full$/],
  ];
  test.each(uploads)("upload into %s", (name, kind, evidence) => {
    const run = fixture(name);
    const found = findFailures(run, "P");
    if (kind === undefined) {
      expect(found).toEqual([]);
      expect(run.output).toMatch(evidence);
    } else {
      expect(found[0]).toMatchObject({ kind, hint: HINTS[kind as keyof typeof HINTS] });
      expect(found[0]!.message).toMatch(evidence);
    }
  });

  const probes: [string, string, RegExp][] = [
    ["probe-tcp-silent", "wrong-baud", /connected to P but nothing readable came back/],
    ["probe-tcp-garbage", "wrong-baud", /unreadable bytes at 115200 baud/],
    ["probe-tcp-echo", "not-espruino", /answered, but not with the probe's report/],
    ["probe-tcp-http", "not-espruino", /not as an Espruino console/],
    ["stand-in-locked", "console-locked", /^the unit's console is locked with a password$/],
  ];
  test.each(probes)("asking %s", (name, kind, message) => {
    const outcome = readProbeRun(fixture(name), "P", "before upload");
    expect("failure" in outcome && outcome.failure).toMatchObject({ kind, message: expect.stringMatching(message) });
  });

  it("reads the probe's report from a unit", () => {
    const outcome = readProbeRun(fixture("stand-in-probe"), "P", "status");
    expect("report" in outcome && outcome.report).toMatchObject({ board: "ESP32", espruino: "2v29", firmware: "9.9.9", bootcde: { bytes: 93 }, unit: null, charger: false });
    expect(findFailures(fixture("stand-in-probe"), "P")).toEqual([]);
  });

  it("an echo of the probe is not taken for its answer", () => {
    const run = fixture("probe-tcp-echo");
    expect(run.output).toContain('"FLASH"+"PROBE:"');
    expect("report" in readProbeRun(run, "P", "x")).toBe(false);
  });

  it("device lines drop the CLI's prefix, cursor codes and carriage returns", () => {
    const out = "Connected\n--] \r\x1B[J>hello\r\n--] =1\r\nUpload Complete\n";
    expect(outputLines(out)).toEqual(["Connected", "--] >hello", "--] =1", "Upload Complete", ""]);
    expect(deviceLines(out)).toEqual([">hello", "=1"]);
  });

  it("recognises the interpreter's own failure lines", () => {
    const run = (lines: string[]): CliResult => ({
      args: ["-p", "P", "-b", "115200"], output: ["Connected", ...lines.map((l) => `--] ${l}`), "Upload Complete"].join("\n"),
      stderr: "", exitCode: 0, timedOut: false, done: true, bytesSent: 10, ms: 10,
    });
    const kinds = (lines: string[]) => findFailures(run(lines), "P").map((f) => f.kind);
    // as a Puck.js printed it when an upload did not fit (2v27)
    expect(kinds(["Compacting...", "Uncaught Error: Unable to find or create file"])).toEqual(["out-of-space", "crashed-at-boot"]);
    expect(kinds(["Uncaught Error: Too much data for file size"])[0]).toBe("out-of-space");
    expect(kinds(["OUT OF MEMORY at getAdvertisement", "New interpreter error: LOW_MEMORY,MEMORY"])[0]).toBe("out-of-memory");
    expect(kinds(["Uncaught ReferenceError: \"SPI9\" is not defined", " at line 1 col 40"])).toEqual(["crashed-at-boot"]);
    expect(kinds(["  Invalid password", "password>"])).toEqual(["console-locked"]);
    expect(kinds(["=undefined", "started"])).toEqual([]);
    expect(kinds([">Uncaught Error: Unable to find or create file"])).toEqual(["out-of-space", "crashed-at-boot"]);
  });

  it("reports a run that hit its time limit", () => {
    const r: CliResult = { args: [], output: "Connected\n", stderr: "", exitCode: null, timedOut: true, done: false, bytesSent: 0, ms: 20000 };
    expect(findFailures(r, "P")[0]).toMatchObject({ kind: "timeout", message: "the espruino CLI did not finish in 20 s on P" });
  });

  it("measures unreadable bytes", () => {
    expect(garbageRatio("=undefined\r\n>")).toBe(0);
    expect(garbageRatio("\xf2\x91\x03a")).toBe(0.75);
  });
});
