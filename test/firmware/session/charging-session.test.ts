// The session layer persists its record only when it changed, and (a hot path on the device)
// does not even serialize it for events that leave the persisted fields as they were.
import { RecordFile } from "../../../firmware/persist/record-file";
import { ChargerUnit } from "../../../tools/sim/charger-unit";

const CARD = "04A1B2C3";

function isSessionRecord(v: unknown): boolean {
  return typeof v === "object" && v !== null && "nextTxRef" in v && "savedWh" in v;
}

describe("ChargingSession persistence", () => {
  let stringify: jest.SpyInstance;
  beforeEach(() => {
    stringify = jest.spyOn(JSON, "stringify");
  });
  afterEach(() => {
    stringify.mockRestore();
  });

  const recordsSerialized = () => stringify.mock.calls.filter((c) => isSessionRecord(c[0])).length;

  test("events that leave the record as it was neither write nor serialize it", () => {
    const u = new ChargerUnit({ localList: [{ idTag: CARD, status: "Accepted" }], backend: { online: false } });
    u.advance(1000);
    const writes = u.storage.counters.operations;
    stringify.mockClear();
    for (let i = 0; i < 5; i++) {
      u.plug();
      u.advance(500);
      u.unplug();
      u.advance(500);
    }
    expect(u.status()).toBe("Available");
    expect(recordsSerialized()).toBeLessThanOrEqual(1);
    expect(u.storage.counters.operations).toBe(writes);
  });

  test("a transaction still reaches flash at its start and at its stop", () => {
    const u = new ChargerUnit({ localList: [{ idTag: CARD, status: "Accepted" }], backend: { online: false } });
    u.advance(1000);
    u.plug();
    u.advance(300);
    u.tap(CARD);
    u.advance(500);
    u.request();
    u.advance(500);
    expect(u.relayClosed()).toBe(true);
    const started = JSON.parse(new RecordFile(u.storage, "session").load().value as string);
    expect(started.tx.idTag).toBe(CARD);
    u.tap(CARD);
    u.advance(500);
    const stopped = JSON.parse(new RecordFile(u.storage, "session").load().value as string);
    expect(stopped.tx).toBeUndefined();
    expect(stopped.lastStop.ref).toBe(started.tx.ref);
  });
});
