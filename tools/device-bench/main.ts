// Composition root of dist/bench.js, the on-device benchmark (issue 8): runs on any Espruino
// interpreter with no hardware attached (a board, Espruino built for Linux, or the Node shim).
// Runs each section in turn (a timer between them, so the interpreter's idle loop runs), then
// reports the free JsVars with everything loaded and idle, then {"id":"bench.done"}.
// No exports: this file is the bundle's entry. It starts once the code has loaded.
import { EspruinoStorage } from "../../hal/espruino/storage";
import { runAllowlistBench } from "./allowlist";
import { benchReader } from "./reader";
import { BenchSection, ReportFn, createReporter } from "./report";
import { runSessionBench } from "./session";

function benchAllowlist(report: ReportFn, nowMs: () => number): void {
  runAllowlistBench({
    storage: new EspruinoStorage(),
    report: report,
    nowMs: nowMs,
    freeVars: function () {
      return process.memory().free;
    },
    checksum: function (bytes: Uint8Array) {
      return E.CRC32(bytes);
    },
  });
}

function benchSession(report: ReportFn, nowMs: () => number): void {
  runSessionBench({
    storage: new EspruinoStorage(),
    report: report,
    nowMs: nowMs,
    checksum: function (bytes: Uint8Array) {
      return E.CRC32(bytes);
    },
  });
}

/** Sections, in order. Add each section module here as it lands (see report.ts for the shape). */
const SECTIONS: BenchSection[] = [
  { name: "reader", run: benchReader },
  { name: "allowlist", run: benchAllowlist },
  { name: "session", run: benchSession },
];

/** Pause between sections and before the idle figure (ms). */
const PAUSE_MS = 20;

function nowMs(): number {
  return getTime() * 1000;
}

function start(): void {
  const out = createReporter(function (line: string) {
    print(line);
  }, function () {
    return process.memory();
  });
  let next = 0;
  const finish = function (): void {
    // process.memory() runs a garbage collection first: what is left is what stays loaded
    out.report("device.memory.idle_free", process.memory().free, "vars");
    out.done();
  };
  const step = function (): void {
    if (next >= SECTIONS.length) {
      setTimeout(finish, PAUSE_MS);
      return;
    }
    const section = SECTIONS[next] as BenchSection;
    next++;
    try {
      section.run(out.report, nowMs);
    } catch (e) {
      out.failed(section.name, e);
    }
    setTimeout(step, PAUSE_MS);
  };
  step();
}

setTimeout(start, 1);
