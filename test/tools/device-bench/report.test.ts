import { createReporter } from "../../../tools/device-bench/report";

describe("device bench report lines", () => {
  it("prints one JSON object per figure with the memory at that moment, a failure line, and bench.done", () => {
    const lines: string[] = [];
    let free = 100;
    const out = createReporter((l) => lines.push(l), () => ({ free: free--, usage: 1, total: 101 }));
    out.report("device.x", 1.25, "ms");
    out.failed("reader", new Error("no card"));
    out.done();
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { id: "device.x", value: 1.25, unit: "ms", memory: { free: 100, usage: 1, total: 101 } },
      { id: "bench.failed", value: 1, unit: "count", memory: { free: 99, usage: 1, total: 101 }, section: "reader", message: "no card" },
      { id: "bench.done" },
    ]);
  });
});
