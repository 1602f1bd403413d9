import { SimStorage } from "../../../hal/sim/storage";
import { runSessionBench } from "../../../tools/device-bench/session";

describe("device bench: session section", () => {
  it("times a listed card to the relay command with a 10,000-entry list, and leaves the unit's files alone", () => {
    const storage = new SimStorage();
    storage.write("session~0", "the unit's own session record");
    storage.write("al.b0", "the unit's own list");
    const got = new Map<string, [number, string]>();
    runSessionBench({ storage, report: (id, value, unit) => got.set(id, [value, unit]), nowMs: () => performance.now() });
    expect(got.has("device.session.list_failed_at")).toBe(false);
    const [ms, unit] = got.get("device.session.tap_decision_ms")!;
    expect(unit).toBe("ms");
    expect(ms).toBeGreaterThan(0);
    expect(got.get("device.session.stop_decision_ms")![0]).toBeGreaterThan(0);
    expect(storage.list("bs.")).toEqual([]);
    expect(storage.list().sort()).toEqual(["al.b0", "session~0"]);
  });
});
