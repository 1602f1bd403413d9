import { SimStorage } from "../../../hal/sim/storage";
import { runAllowlistBench } from "../../../tools/device-bench/allowlist";

describe("device bench: allowlist section", () => {
  it("builds the lists, reports speed, reads and RAM, and cleans up after itself", () => {
    const storage = new SimStorage();
    storage.write("al.b0", "the unit's own list: untouched");
    const got = new Map<string, [number, string]>();
    let fakeFree = 5000;
    runAllowlistBench({
      storage,
      report: (id, value, unit) => got.set(id, [value, unit]),
      nowMs: () => performance.now(),
      freeVars: () => (fakeFree -= 7),
      sizes: [300, 2000],
      lookups: 100,
    });
    expect(got.has("device.allowlist.build_failed_at")).toBe(false);
    expect(got.has("device.allowlist.wrong_answers_2k")).toBe(false);
    expect(got.get("device.allowlist.lookup_ms_2k")![1]).toBe("ms");
    expect(got.get("device.allowlist.lookups_per_s_2k")![0]).toBeGreaterThan(0);
    expect(got.get("device.allowlist.load_free_vars")).toEqual([4972, "vars"]);
    expect(got.get("device.allowlist.load_vars_used_300")).toEqual([7, "vars"]);
    const reads = got.get("device.allowlist.reads_per_lookup_2k")![0];
    expect(reads).toBeGreaterThan(5);
    expect(reads).toBeLessThanOrEqual(13);
    expect(storage.list("bl.")).toEqual([]);
    expect(storage.list("al.")).toEqual(["al.b0"]);
  });
});
