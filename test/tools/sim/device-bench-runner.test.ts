import { checkBenchLine, runDeviceBench } from "../../../tools/sim/device-bench-runner";
import { buildBundle } from "./support/build-bundle";

describe("dist/bench.js under the Espruino shim", () => {
  it("prints one JSON figure per line with id, value, unit and memory, and ends with bench.done", async () => {
    const bundle = await buildBundle("bench", "tools/device-bench/main.ts");
    try {
      const run = await runDeviceBench({ file: bundle.file });
      expect(run.problems).toEqual([]);
      expect(run.done).toBe(true);
      expect(JSON.parse(run.lines[run.lines.length - 1] as string)).toEqual({ id: "bench.done" });
      const ids = run.figures.map((f) => f.id);
      expect(new Set(ids).size).toBe(ids.length);
      // issue 8's figures from the sections main.ts runs today (the session section is not there yet)
      for (const id of ["device.reader.read_7b_ms", "device.allowlist.lookup_ms_10k", "device.allowlist.load_free_vars", "device.memory.idle_free"]) {
        expect(ids).toContain(id);
      }
      const lookup = run.figures.find((f) => f.id === "device.allowlist.lookup_ms_10k");
      expect(lookup!.unit).toBe("ms");
      expect(lookup!.value).toBeGreaterThan(0);
      const idle = run.figures.find((f) => f.id === "device.memory.idle_free");
      expect(idle).toBeDefined();
      expect(idle!.unit).toBe("vars");
      expect(idle!.value).toBe(idle!.memory.free);
      expect(idle!.value).toBeGreaterThan(0);
      expect(idle!.value).toBeLessThan(idle!.memory.total);
    } finally {
      bundle.cleanup();
    }
  });
});

describe("checkBenchLine", () => {
  const memory = { free: 10, usage: 5, total: 15 };
  it("accepts a figure and bench.done", () => {
    expect(checkBenchLine(JSON.stringify({ id: "a.b", value: 1.5, unit: "ms", memory }))).toBe("");
    expect(checkBenchLine('{"id":"bench.done"}')).toBe("");
  });
  it("names what is wrong with a bad line", () => {
    expect(checkBenchLine("Uncaught Error: x")).toBe("not JSON: Uncaught Error: x");
    expect(checkBenchLine("[1]")).toBe("not a JSON object: [1]");
    expect(checkBenchLine(JSON.stringify({ id: "a", value: "1", unit: "ms", memory }))).toMatch(/^a: value is not a number/);
    expect(checkBenchLine(JSON.stringify({ id: "a", value: 1, memory }))).toMatch(/^a: no unit/);
    expect(checkBenchLine(JSON.stringify({ id: "a", value: 1, unit: "ms" }))).toMatch(/^a: memory is not process.memory/);
    expect(checkBenchLine(JSON.stringify({ id: "bench.failed", value: 1, unit: "count", memory, section: "reader", message: "boom" })))
      .toBe("section reader failed: boom");
  });
});
