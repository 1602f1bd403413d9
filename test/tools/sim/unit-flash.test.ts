// What the runner puts in a unit's flash before boot is read back by the firmware's own code.
import { FlashLocalAuthList } from "../../../firmware/allowlist/flash-local-list";
import { DEFAULT_UNIT_CONFIG } from "../../../firmware/config/default-unit";
import { Settings } from "../../../firmware/config/settings";
import { loadUnitConfig } from "../../../firmware/config/unit-file";
import { SimStorage } from "../../../hal/sim/storage";
import { readLocalList, wireToFirmware, writeConfig, writeLocalList, writeUnitFile } from "../../../tools/sim/unit-flash";

describe("unit flash preparation", () => {
  it("unit.json is what loadUnitConfig reads, and an unchanged one is not rewritten", () => {
    const storage = new SimStorage();
    const unit = Object.assign({}, DEFAULT_UNIT_CONFIG, { chargePointId: "CP-SIM", backendUrl: "ws://central-system.sim:9000/ocpp" });
    writeUnitFile(storage, unit);
    expect(loadUnitConfig(storage, DEFAULT_UNIT_CONFIG)).toEqual({ config: unit, source: "file", problems: [] });
    const writes = storage.getStats().fileBytes;
    writeUnitFile(storage, unit);
    expect(storage.getStats().fileBytes).toBe(writes);
    expect(storage.getStats().trashBytes).toBe(0);
  });

  it("config keys go through the firmware's Settings; a refused value names the key and the answer", () => {
    const storage = new SimStorage();
    writeConfig(storage, { AuthorizationRequired: "false", ConnectionTimeOut: "45" });
    const s = new Settings(storage);
    s.load();
    expect([s.bool("AuthorizationRequired"), s.int("ConnectionTimeOut")]).toEqual([false, 45]);
    expect(() => writeConfig(storage, { ConnectionTimeOut: "0" })).toThrow("config ConnectionTimeOut=0: the firmware's settings answer Rejected");
  });

  it("the local list is written with the firmware's list store: version, entries, expiry, groups", () => {
    const storage = new SimStorage();
    writeLocalList(storage, 4, [
      { idTag: "04A1B2C3D4E5F6", status: "Accepted", parentIdTag: "FAMILY" },
      { idTag: "DEADBEEF", status: "Blocked" },
      { idTag: "A1B2C3D4", status: "Accepted", expiryDate: "2030-01-01T00:00:00Z" },
    ]);
    expect(readLocalList(storage)).toEqual({ version: 4, entries: 3, health: "ok" });
    const list = new FlashLocalAuthList(storage);
    expect(list.lookup("04a1b2c3d4e5f6")).toEqual({ status: "Accepted", parentIdTag: "FAMILY" });
    expect(list.lookup("DEADBEEF")).toEqual({ status: "Blocked" });
    expect(list.lookup("A1B2C3D4")).toEqual({ status: "Accepted", expiresAt: Date.UTC(2030, 0, 1) / 1000 });
    expect(wireToFirmware({ idTag: "X" })).toEqual({ idTag: "X" });
    expect(() => wireToFirmware({ idTag: "X", idTagInfo: { status: "Accepted", expiryDate: "soon" } })).toThrow(/not a date/);
  });
});
