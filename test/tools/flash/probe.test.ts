// The probe runs on the unit: it must be code Espruino runs (the gate checks it), and its report must
// be readable back from the CLI's output.
import * as vm from "vm";
import { eraseExpression, parseErased } from "../../../tools/flash/factory-reset";
import {
  espruinoVersionNumber, fingerprint, parseProbe, probeExpression, sameFile, storageCost,
} from "../../../tools/flash/probe";
import { gateSource } from "../../../tools/gate/gate";
import { crc32 } from "../../../firmware/persist/crc32";

function fakeUnit(files: { [name: string]: string }, globals: object = {}) {
  const printed: string[] = [];
  const calls: string[] = [];
  const Storage = {
    read: (n: string) => files[n],
    readJSON: (n: string) => (files[n] === undefined ? undefined : JSON.parse(files[n] as string)),
    getStats: () => ({ freeBytes: 5000, totalBytes: 917504, trashBytes: 64, fileCount: Object.keys(files).length }),
    getFree: () => 5000,
    list: () => Object.keys(files),
    erase: (n: string) => { calls.push(`erase ${n}`); delete files[n]; },
    compact: () => calls.push("compact"),
  };
  const context = {
    require: (m: string) => { if (m !== "Storage") throw new Error(m); return Storage; },
    process: { env: { BOARD: "ESP32", VERSION: "2v29" }, memory: () => ({ free: 12000, total: 16383 }) },
    E: { CRC32: (s: string) => crc32(new Uint8Array(Buffer.from(s, "latin1")), 0, s.length, 0), lockConsole: () => calls.push("lockConsole") },
    print: (...a: unknown[]) => printed.push(a.join(" ")),
    reset: () => calls.push("reset"),
    ...globals,
  };
  return { printed, calls, run: (code: string) => vm.runInNewContext(code, context) };
}

describe("probe", () => {
  it("is code the Espruino gate accepts", () => {
    expect(gateSource(probeExpression(true))).toEqual([]);
    expect(gateSource(eraseExpression())).toEqual([]);
  });

  it("reports the interpreter, Storage, file fingerprints and CHARGER.status()", () => {
    const code = "(function(){})();\n";
    const unit = JSON.stringify({ chargePointId: "CP-7", consolePassword: "secret" });
    const u = fakeUnit({ ".bootcde": code, "unit.json": unit, "al.0": "x" }, {
      CHARGER: { status: () => ({ firmware: { version: "0.1.0" }, queued: 2 }) },
    });
    u.run(probeExpression(false));
    const report = parseProbe(u.printed)!;
    expect(report).toEqual({
      board: "ESP32", espruino: "2v29",
      storage: { free: 5000, total: 917504, trash: 64, files: 3 },
      bootcde: fingerprint(code), unit: fingerprint(unit), id: "CP-7",
      memory: { free: 12000, total: 16383 },
      charger: true, status: { firmware: { version: "0.1.0" }, queued: 2 },
    });
    expect(u.calls).toEqual([]); // relock only when asked
    expect(JSON.stringify(report)).not.toContain("secret");
  });

  it("says what is missing on a unit without code or firmware, and relocks when asked", () => {
    const u = fakeUnit({});
    u.run(probeExpression(true));
    const report = parseProbe(u.printed)!;
    expect(report).toMatchObject({ bootcde: null, unit: null, charger: false });
    expect(report.status).toBeUndefined();
    expect(u.calls).toEqual(["lockConsole"]);
  });

  it("reports a CHARGER.status() that throws instead of failing", () => {
    const u = fakeUnit({}, { CHARGER: { status: () => { throw new Error("reader gone"); } }, FIRMWARE_VERSION: "0.0.9" });
    u.run(probeExpression(false));
    expect(parseProbe(u.printed)).toMatchObject({ charger: true, statusError: "Error: reader gone", firmware: "0.0.9" });
  });

  it("ignores lines that are not its report", () => {
    expect(parseProbe(['print("FLASH"+"PROBE:"+JSON.stringify(r))', "FLASHPROBE:{cut", "=undefined"])).toBeUndefined();
  });

  it("compares fingerprints by size and CRC-32 (and size alone where E.CRC32 is missing)", () => {
    const f = fingerprint("abc");
    expect(f).toEqual({ bytes: 3, crc: 0x352441c2 }); // the standard CRC-32 of "abc"
    expect(sameFile({ bytes: 3, crc: 0x352441c2 }, f)).toBe(true);
    expect(sameFile({ bytes: 3, crc: 1 }, f)).toBe(false);
    expect(sameFile({ bytes: 4, crc: null }, f)).toBe(false);
    expect(sameFile({ bytes: 3, crc: null }, f)).toBe(true);
    expect(sameFile(null, f)).toBe(false);
  });

  it("orders Espruino versions", () => {
    expect(espruinoVersionNumber("1v95")).toBeLessThan(espruinoVersionNumber("1v96"));
    expect(espruinoVersionNumber("2v19")).toBeLessThan(espruinoVersionNumber("2v20"));
    expect(espruinoVersionNumber("2v20.48")).toBeGreaterThan(espruinoVersionNumber("2v20"));
    expect(espruinoVersionNumber("2v29")).toBe(229);
    expect(espruinoVersionNumber("unknown")).toBeNaN();
  });

  it("counts Storage's header and 4-byte alignment", () => {
    expect(storageCost(1)).toBe(36);
    expect(storageCost(1024)).toBe(1056);
  });
});

describe("factory reset expression", () => {
  it("resets, then erases everything but .bootcde and unit.json, compacts and counts", () => {
    const files = { ".bootcde": "c", "unit.json": "{}", "al.0": "a", "al.1": "b", "q7": "t", ".varimg": "v", "log\u0001": "l" };
    const u = fakeUnit(files);
    u.run(eraseExpression());
    expect(u.calls[0]).toBe("reset");
    expect(Object.keys(files).sort()).toEqual([".bootcde", "unit.json"]);
    expect(u.calls.slice(-1)).toEqual(["compact"]);
    expect(parseErased(u.printed)).toBe(5);
    expect(parseErased(['print("FLASH"+"ERASED:"+n)'])).toBeUndefined();
  });
});
