// The charger's snapshot (startCharger's status()), what CHARGER.status() publishes at the console:
// the list, the last card, the reader chip and the faults, besides the session's state.
import { ChargerUnit } from "../../tools/sim/charger-unit";

const CARD = "04A1B2C3";

describe("charger status()", () => {
  test("list version and entries, last card, reader chip version and health, no faults", () => {
    const u = new ChargerUnit({ localList: [{ idTag: CARD, status: "Accepted" }, { idTag: "DEADBEEF", status: "Blocked" }], backend: { online: false } });
    u.advance(300);
    expect(u.charger.status()).toMatchObject({ status: "Available", list: { version: 1, entries: 2 }, lastCard: "",
      reader: { version: "0x92", health: "ok" }, faults: [] });
    u.plug();
    u.tap(CARD);
    u.advance(1000);
    expect(u.charger.status()).toMatchObject({ lastCard: CARD, lastAuth: "Accepted" });
    expect(JSON.parse(JSON.stringify(u.charger.status()))).toEqual(u.charger.status());
  });

  test("a dead reader and a welded contact show as faults, with the reader's own words", () => {
    const u = new ChargerUnit({ backend: { online: false } });
    u.advance(300);
    u.readerFault(true);
    u.advance(5000);
    const st = u.charger.status();
    expect(st.faults).toEqual(["card reader"]);
    expect(st.reader.health).toMatch(/^fault: ./);
    u.weld(true);
    u.advance(500);
    expect(u.charger.status().faults).toEqual(["relay contact welded", "card reader"]);
  });
});
