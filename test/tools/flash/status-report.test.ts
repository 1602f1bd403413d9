import type { ProbeReport } from "../../../tools/flash/probe";
import { firmwareVersionOf, formatStatus, summarizeStatus } from "../../../tools/flash/status-report";
import { progressBar, ProgressReporter } from "../../../tools/flash/progress";

const base: ProbeReport = {
  board: "ESP32", espruino: "2v29", storage: { free: 800000, total: 917504, trash: 0, files: 6 },
  bootcde: { bytes: 10528, crc: 1 }, unit: { bytes: 374, crc: 2 }, id: "CP-0001", memory: { free: 12000, total: 16383 }, charger: true,
};

describe("--status report", () => {
  it("checks off every figure the unit reports and lists the rest", () => {
    const report: ProbeReport = {
      ...base,
      status: {
        firmware: { version: "0.1.0" },
        reader: { version: "0x92", health: "ok" },
        list: { version: 12, entries: 1000 },
        storage: { free: 800000 },
        queue: { queued: 3 },
        faults: [],
        connector: "Available",
      },
    };
    const s = summarizeStatus(report);
    expect(s.rows.map((r) => [r.label, r.value])).toEqual([
      ["firmware version", "0.1.0"], ["reader chip version", "0x92"], ["reader health", "ok"], ["list version", "12"],
      ["list entries", "1000"], ["free storage", "800000"], ["queued messages", "3"], ["faults", "none"],
    ]);
    expect(s.missing).toEqual([]);
    expect(s.other).toEqual(["connector: Available"]);
    const text = formatStatus(report, "tcp://u:23").join("\n");
    expect(text).toMatch(/^unit on tcp:\/\/u:23: ESP32, Espruino 2v29$/m);
    expect(text).toMatch(/\[x\] faults +none/);
    expect(text).not.toMatch(/missing|\[ \]/);
  });

  it("names the fields an older firmware does not report", () => {
    const report: ProbeReport = { ...base, status: { listVersion: 3, faults: ["reader: no answer"] } };
    const s = summarizeStatus(report);
    expect(s.missing).toEqual(["firmware version", "reader chip version", "reader health", "list entries", "queued messages"]);
    expect(s.rows.find((r) => r.label === "free storage")).toEqual({ label: "free storage", value: "800000 bytes", source: "interpreter" });
    const text = formatStatus(report, "P").join("\n");
    expect(text).toMatch(/\[ \] reader chip version +not reported/);
    expect(text).toMatch(/missing: firmware version, reader chip version, reader health, list entries, queued messages \(the firmware on the unit does not report them/);
    expect(text).toMatch(/\[x\] faults +reader: no answer/);
  });

  it("says when the firmware is not running or has no status", () => {
    expect(formatStatus({ ...base, charger: false, bootcde: null }, "P").join("\n")).toMatch(/the firmware is not running \(no CHARGER object\)/);
    expect(formatStatus({ ...base, firmware: "0.0.1" }, "P").join("\n")).toMatch(/has no CHARGER\.status\(\)/);
    const older = formatStatus({ ...base, charger: false, firmware: "0.1.0" }, "P").join("\n");
    expect(older).toMatch(/has no CHARGER\.status\(\): it predates status reporting/);
    expect(older).toMatch(/missing: reader chip version, reader health, list version, list entries, queued messages, faults/);
    expect(formatStatus({ ...base, statusError: "Error: x" }, "P").join("\n")).toMatch(/CHARGER\.status\(\) failed on the unit: Error: x/);
  });

  it("takes the firmware version from the status, else from FIRMWARE_VERSION", () => {
    expect(firmwareVersionOf({ ...base, status: { firmwareVersion: "1.2.3" }, firmware: "0.0.1" })).toBe("1.2.3");
    expect(firmwareVersionOf({ ...base, firmware: "0.0.1" })).toBe("0.0.1");
    expect(firmwareVersionOf(base)).toBeUndefined();
  });
});

describe("upload progress", () => {
  it("draws a bar with the percentage and kilobytes", () => {
    expect(progressBar(0, 2048, 10)).toBe("upload [----------]   0%  0.0/2.0 KB");
    expect(progressBar(1024, 2048, 10)).toBe("upload [#####-----]  50%  1.0/2.0 KB");
    expect(progressBar(4096, 2048, 10)).toBe("upload [##########] 100%  2.0/2.0 KB");
  });

  it("prints a line per 10 % in a log, and redraws on a terminal", () => {
    const lines: string[] = [];
    const log = new ProgressReporter(1000, false, () => undefined, (l) => lines.push(l));
    for (let sent = 0; sent <= 1000; sent += 19) log.update(sent);
    log.finish(true, 1000);
    // one line as each tenth is crossed (19-byte writes, as the CLI sends them)
    expect(lines.map((l) => Math.floor(parseInt(/(\d+)%/.exec(l)![1] as string, 10) / 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const drawn: string[] = [];
    const tty = new ProgressReporter(1000, true, (t) => drawn.push(t), () => undefined);
    tty.update(500);
    tty.finish(true, 1000);
    expect(drawn).toEqual([expect.stringContaining(" 50%"), expect.stringContaining("100%"), "\n"]);
  });
});
