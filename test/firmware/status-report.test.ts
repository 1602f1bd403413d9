import { chargerConsole, consoleStatus } from "../../firmware/status-report";
import { SimStorage } from "../../hal/sim/storage";

describe("CHARGER at the unit's console", () => {
  it("status(): the charger's snapshot plus firmware version, free storage and queued messages", () => {
    const storage = new SimStorage();
    const status = consoleStatus({
      charger: () => ({ status: "Charging", online: false, list: { version: 7, entries: 120 }, lastAuth: "Accepted" }),
      firmwareVersion: "1.2.3",
      storage,
      queued: () => 2,
      online: () => true,
    });
    expect(status).toEqual({
      status: "Charging", online: true, list: { version: 7, entries: 120 }, lastAuth: "Accepted",
      firmware: { version: "1.2.3" }, storage: { free: storage.getFree() }, queued: 2,
    });
    expect(JSON.parse(JSON.stringify(status))).toEqual(status);
  });

  it("leaves out what it was not given; a source that throws shows its error instead of breaking the report", () => {
    expect(consoleStatus({ charger: () => ({ status: "Available" }) })).toEqual({ status: "Available" });
    expect(consoleStatus({ charger: () => { throw new Error("not booted"); }, queued: () => { throw new Error("queue corrupt"); } }))
      .toEqual({ status: "error: not booted", queued: "error: queue corrupt" });
  });

  it("changeConfiguration goes to the unit's own path, or answers NotSupported without one", () => {
    const seen: string[] = [];
    const c = chargerConsole({ charger: () => ({}), changeConfiguration: (k, v) => { seen.push(k + "=" + v); return "Accepted"; } });
    expect(c.changeConfiguration("HeartbeatInterval", 60 as unknown as string)).toBe("Accepted");
    expect(seen).toEqual(["HeartbeatInterval=60"]);
    expect(chargerConsole({ charger: () => ({}) }).changeConfiguration("X", "1")).toBe("NotSupported");
  });
});
