import { chargerConsole, chargerStatus } from "../../firmware/status-report";
import { SimStorage } from "../../hal/sim/storage";

describe("CHARGER.status()", () => {
  it("reports each source it was given, in the field names the simulator and the flash tool read", () => {
    const storage = new SimStorage();
    const status = chargerStatus({
      firmwareVersion: "1.2.3",
      connectorStatus: () => "Charging",
      errorCode: () => "NoError",
      relayCommand: () => true,
      relayContact: () => false,
      online: () => true,
      list: { version: () => 7, count: () => 120 },
      queued: () => 2,
      lastAuth: () => "Accepted",
      lastCard: () => "04A1B2C3D4E5F6",
      faults: () => [],
      reader: { chipVersion: () => 0x92, isHealthy: () => true, healthDetail: () => "" },
      storage,
      energyWh: () => 1500,
      transaction: () => undefined,
    });
    expect(status).toEqual({
      firmware: { version: "1.2.3" }, status: "Charging", errorCode: "NoError", relay: "closed", contact: "open",
      online: true, list: { version: 7, entries: 120 }, queued: 2, lastAuth: "Accepted", lastCard: "04A1B2C3D4E5F6",
      faults: [], reader: { version: "0x92", health: "ok" }, storage: { free: storage.getFree() }, energyWh: 1500, transaction: null,
    });
    expect(JSON.parse(JSON.stringify(status))).toEqual(status);
  });

  it("leaves out what it was not given; a source that throws shows its error instead of breaking the report", () => {
    const status = chargerStatus({
      connectorStatus: () => { throw new Error("not booted"); },
      reader: { chipVersion: () => 0, isHealthy: () => false, healthDetail: () => "no answer" },
    });
    expect(status).toEqual({ status: "error: not booted", reader: { version: "none", health: "fault: no answer" } });
  });

  it("changeConfiguration goes to the unit's own path, or answers NotSupported without one", () => {
    const seen: string[] = [];
    const c = chargerConsole({ changeConfiguration: (k, v) => { seen.push(k + "=" + v); return "Accepted"; } });
    expect(c.changeConfiguration("HeartbeatInterval", 60 as unknown as string)).toBe("Accepted");
    expect(seen).toEqual(["HeartbeatInterval=60"]);
    expect(chargerConsole({}).changeConfiguration("X", "1")).toBe("NotSupported");
    expect(c.status()).toEqual({});
  });
});
