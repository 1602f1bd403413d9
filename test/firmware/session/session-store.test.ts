import { SimStorage } from "../../../hal/sim/storage";
import { SessionStore } from "../../../firmware/session/session-store";
import { RecordFile } from "../../../firmware/persist/record-file";

const REC = { v: 1, nextTxRef: 3, savedWh: 42, unavailable: true, weldLatched: false,
  tx: { ref: 2, idTag: "04A1B2C3", meterStart: 40, deauthorized: false } };

describe("session record", () => {
  test("round trip", () => {
    const storage = new SimStorage();
    new SessionStore(storage).save(JSON.stringify(REC));
    expect(new SessionStore(storage).load()).toEqual(REC);
  });
  test("nothing stored: undefined", () => {
    expect(new SessionStore(new SimStorage()).load()).toBeUndefined();
  });
  test("a record of another shape is ignored and reported", () => {
    const storage = new SimStorage();
    new RecordFile(storage, "session").save(JSON.stringify({ v: 99 }));
    const s = new SessionStore(storage);
    expect(s.load()).toBeUndefined();
    expect(s.problems.join()).toMatch(/unknown shape/);
  });
  test("not JSON: ignored and reported", () => {
    const storage = new SimStorage();
    new RecordFile(storage, "session").save("{not json");
    const s = new SessionStore(storage);
    expect(s.load()).toBeUndefined();
    expect(s.problems.join()).toMatch(/not JSON/);
  });
  test("a malformed transaction is dropped, the rest kept", () => {
    const storage = new SimStorage();
    new RecordFile(storage, "session").save(JSON.stringify(Object.assign({}, REC, { tx: { ref: "x" } })));
    const s = new SessionStore(storage);
    const r = s.load()!;
    expect(r.tx).toBeUndefined();
    expect(r.unavailable).toBe(true);
  });
  test("flash full of trash: compacts and saves", () => {
    const storage = new SimStorage({ pages: 4, pageSize: 4096 });
    const s = new SessionStore(storage);
    for (let i = 0; i < 400; i++) s.save(JSON.stringify(Object.assign({}, REC, { savedWh: i })));
    expect(storage.counters.compactions).toBeGreaterThan(0);
    expect(new SessionStore(storage).load()!.savedWh).toBe(399);
  });
});
