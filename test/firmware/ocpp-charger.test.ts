// The charger with its OCPP side (startOcppCharger) on the simulated board and network: a power
// cut at every flash write of an offline session (session record, transaction queue, delivery
// state), then the reboot, the end of the session and the Central System back. The Central System
// must end up with every transaction that moved energy, each start with its stop, repeats only with
// the same data, and only valid messages.
import { SimClock } from "../../hal/sim/clock";
import { SimNetwork } from "../../hal/sim/socket";
import { SimStorage } from "../../hal/sim/storage";
import { OcppChargerHandle, startOcppCharger } from "../../firmware/ocpp-charger";
import { ChargerUnit } from "../../tools/sim/charger-unit";
import { SimCentralSystem } from "../../tools/ocpp-testkit/sim-central-system";
import { seededRandom } from "../../tools/ocpp-testkit/seeded-random";

const CARD = "04A1B2C3";
const LANDED = [0, 9, 1e9];

function makeUnit(storage: SimStorage) {
  const clock = new SimClock();
  const net = new SimNetwork(clock, 5);
  const cs = new SimCentralSystem(net, clock, "cs.local", 9000, { idTags: { [CARD]: "Accepted" } });
  cs.refuse();
  const unit = new ChargerUnit({
    clock,
    storage,
    config: { MeterValueSampleInterval: 2 },
    localList: [{ idTag: CARD, status: "Accepted" }],
    firmware: (board, reboot) =>
      startOcppCharger(board, {
        url: "ws://cs.local:9000/ocpp",
        chargePointId: "CP-CUT",
        boot: { chargePointVendor: "Acme", chargePointModel: "AC-1" },
        connector: net,
        reboot,
        random: seededRandom(3),
      }),
  });
  const queued = () => (unit.charger as OcppChargerHandle).ocpp.backend.queued();
  return { unit, cs, queued };
}

/** An offline session: plug, tap, charge a few seconds (MeterValues every 2 s), unplug. */
function steps(u: ChargerUnit): (() => void)[] {
  return [
    () => u.plug(),
    () => u.advance(500),
    () => u.tap(CARD),
    () => u.advance(800),
    () => u.request(),
    () => u.advance(5000),
    () => u.unplug(),
    () => u.advance(1000),
  ];
}

function countWrites(): number {
  const storage = new SimStorage();
  const { unit } = makeUnit(storage);
  unit.advance(300);
  const before = storage.counters.operations;
  for (const s of steps(unit)) s();
  return storage.counters.operations - before;
}

function check(cs: SimCentralSystem, chargedBeforeCut: boolean, where: string): void {
  expect({ where, invalid: cs.invalid }).toEqual({ where, invalid: [] });
  const starts = cs.calls("StartTransaction");
  const stops = cs.calls("StopTransaction");
  const same = (xs: { payload: any }[]) => new Set(xs.map((x) => JSON.stringify({ ...x.payload, transactionId: undefined }))).size;
  // at most one transaction, started and stopped; repeats carry the same data
  expect({ where, starts: same(starts), stops: same(stops) }).toEqual({ where, starts: stops.length ? 1 : same(starts), stops: starts.length ? 1 : 0 });
  if (chargedBeforeCut) expect({ where, transactions: same(starts) }).toEqual({ where, transactions: 1 });
  if (stops.length) {
    // the stop names the transaction its (last) start got; MeterValues too
    const lastStartId = starts.length; // the simulated Central System numbers from 1
    expect({ where, id: stops[0]!.payload.transactionId }).toEqual({ where, id: lastStartId });
    for (const m of cs.calls("MeterValues")) expect({ where, id: m.payload.transactionId }).toEqual({ where, id: lastStartId });
    expect(stops[0]!.payload.meterStop).toBeGreaterThanOrEqual(starts[0]!.payload.meterStart);
  }
}

test("a power cut at every write of an offline session: the transaction reaches the Central System whole, once", () => {
  const writes = countWrites();
  expect(writes).toBeGreaterThanOrEqual(6); // session record, StartTransaction, MeterValues, StopTransaction
  let cuts = 0;
  for (let n = 1; n <= writes; n++) {
    for (const landed of LANDED) {
      const storage = new SimStorage();
      const { unit, cs, queued } = makeUnit(storage);
      unit.advance(300);
      storage.cutPowerAt(n, landed);
      const list = steps(unit);
      let during = -1;
      for (let i = 0; i < list.length; i++) {
        try {
          list[i]!();
        } catch (e) {
          if ((e as { code?: string }).code !== "POWER") throw e;
        }
        if (storage.isDead()) {
          during = i;
          break;
        }
      }
      if (during < 0) continue;
      cuts++;
      const where = `cut at write ${n}, ${landed} units landed, during step ${during}`;
      const charged = unit.coil.some((c) => c.closed);
      unit.powerCycle();
      unit.advance(1000);
      unit.unplug();
      unit.advance(1000);
      expect({ where, tx: unit.charger.session.transaction() }).toEqual({ where, tx: undefined });
      cs.listen();
      const end = unit.clock.now() + 120_000;
      while (queued() > 0 && unit.clock.now() < end) unit.advance(100);
      unit.advance(500);
      expect({ where, queued: queued() }).toEqual({ where, queued: 0 });
      check(cs, charged, where);
    }
  }
  expect(cuts).toBe(writes * LANDED.length);
});
