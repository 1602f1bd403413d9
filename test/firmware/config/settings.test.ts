import { Settings } from "../../../firmware/config/settings";
import { SimStorage } from "../../../hal/sim/storage";

function fresh(storage = new SimStorage({ pages: 8 })) {
  const s = new Settings(storage);
  s.load();
  return { s, storage };
}

describe("Settings (OCPP configuration keys)", () => {
  test("defaults are typed", () => {
    const { s } = fresh();
    expect(s.bool("AuthorizationRequired")).toBe(true);
    expect(s.int("ConnectionTimeOut")).toBe(30);
    expect(s.text("FreeVendIdTag")).toBe("FREEVEND");
    expect(s.int("ReaderPollInterval")).toBe(100);
  });

  test("ChangeConfiguration outcomes: Accepted, Rejected (read-only, bad type, out of range), NotSupported", () => {
    const { s } = fresh();
    expect(s.change("ConnectionTimeOut", "60")).toBe("Accepted");
    expect(s.int("ConnectionTimeOut")).toBe(60);
    expect(s.change("NumberOfConnectors", "2")).toBe("Rejected");
    expect(s.change("LocalPreAuthorize", "yes")).toBe("Rejected");
    expect(s.change("MaxCurrent", "52")).toBe("Rejected");
    expect(s.change("MaxCurrent", "6.5")).toBe("Rejected");
    expect(s.change("NoSuchKey", "1")).toBe("NotSupported");
    expect(s.change("LocalPreAuthorize", "TRUE")).toBe("Accepted");
    expect(s.bool("LocalPreAuthorize")).toBe(true);
    expect(s.change("FreeVendIdTag", "X".repeat(21))).toBe("Rejected");
  });

  test("changes persist across a reboot; write-only keys are never reported", () => {
    const { s, storage } = fresh();
    s.change("HeartbeatInterval", "120");
    s.change("AuthorizationKey", "0011223344556677");
    storage.powerCycle();
    const again = new Settings(storage);
    again.load();
    expect(again.int("HeartbeatInterval")).toBe(120);
    expect(again.text("AuthorizationKey")).toBe("0011223344556677");
    expect(again.view("AuthorizationKey")).toBeUndefined();
    expect(again.keys()).not.toContain("AuthorizationKey");
    expect(again.view("NumberOfConnectors")).toEqual({ key: "NumberOfConnectors", value: "1", readonly: true });
  });

  test("a power cut at any write of a change leaves the old or the new value", () => {
    for (let cut = 1; cut <= 3; cut++) {
      for (const landed of [0, 1, 5, 20, 1000]) {
        const { s, storage } = fresh();
        s.change("ConnectionTimeOut", "45");
        storage.cutPowerAt(cut, landed);
        try { s.change("ConnectionTimeOut", "90"); } catch (e) { /* power lost */ }
        storage.powerCycle();
        const again = new Settings(storage);
        again.load();
        expect([45, 90]).toContain(again.int("ConnectionTimeOut"));
      }
    }
  });

  test("computed read-only keys notify listeners and cannot be changed over OCPP", () => {
    const { s } = fresh();
    const seen: string[] = [];
    s.onChange((k, v) => seen.push(k + "=" + v));
    s.setComputed("LocalAuthListMaxLength", "25000");
    expect(s.view("LocalAuthListMaxLength")!.value).toBe("25000");
    expect(s.change("LocalAuthListMaxLength", "1")).toBe("Rejected");
    expect(seen).toEqual(["LocalAuthListMaxLength=25000"]);
    expect(() => s.setComputed("ConnectionTimeOut", "1")).toThrow(/read-only/);
  });
});
