// The running session survives a power cut at any flash write: after reboot it continues (vehicle
// still there) or ends (vehicle gone) as OCPP prescribes, and no transaction message is lost.
// The fake backend writes each transaction message to the same flash before it counts as sent (as
// the OCPP queue will), so cuts also land between the session record and the queue.
import { SimStorage } from "../../hal/sim/storage";
import { ChargerUnit } from "../../tools/sim/charger-unit";

const CARD = "04A1B2C3";
const LANDED = [0, 1, 2, 17, 40, 100000];

type Ending = "card" | "unplug";

function makeUnit(storage: SimStorage): ChargerUnit {
  return new ChargerUnit({
    storage: storage,
    localList: [{ idTag: CARD, status: "Accepted" }],
    backend: { online: true, answers: { [CARD]: "Accepted" }, startAnswerDelayMs: 300, powered: () => !storage.isDead(),
      journal: storage },
    config: { LocalPreAuthorize: true, MeterValueSampleInterval: 20 },
  });
}

/** The session from tap to stop, step by step; returns the steps so a cut can stop between them. */
function steps(u: ChargerUnit, ending: Ending): (() => void)[] {
  return [
    () => u.tap(CARD),
    () => u.request(),
    () => { u.sim.meter.addEnergy(120); u.advance(500); },
    () => u.advance(25000), // a sampled meter value (a record write)
    () => u.advance(20000),
    () => (ending === "card" ? u.tap(CARD) : u.unplug()),
    () => u.advance(500),
  ];
}

/** Operations on flash during the scenario when nothing is cut. */
function countOps(ending: Ending): number {
  const storage = new SimStorage();
  const u = makeUnit(storage);
  u.advance(300);
  u.plug();
  u.advance(300);
  const before = storage.counters.operations;
  for (const s of steps(u, ending)) s();
  return storage.counters.operations - before;
}

function consistent(u: ChargerUnit, where: string): void {
  const starts = u.backend.entries("start");
  const open = starts.filter((s) => !u.backend.log.some((e) => e.kind === "stop" && e.ref === s.ref));
  expect(open.length).toBeLessThanOrEqual(1);
  const mine = u.charger.session.transaction();
  // nothing lost: the backend's open transaction is the charger's
  expect({ where, charger: mine ? mine.ref : null }).toEqual({ where, charger: open.length ? open[0]!.ref : null });
  for (const st of u.backend.entries("stop")) {
    const start = starts.find((s) => s.ref === st.ref);
    expect(start).toBeDefined();
    expect(st.wh!).toBeGreaterThanOrEqual(start!.wh!);
  }
}

describe("power cut at every write during a session start and stop", () => {
  for (const ending of ["card", "unplug"] as Ending[]) {
    test("session ended by " + ending + ": after reboot it continues or ends correctly, nothing lost", () => {
      const ops = countOps(ending);
      expect(ops).toBeGreaterThanOrEqual(3); // start, meter value, stop at least
      let cuts = 0;
      for (let n = 1; n <= ops; n++) {
        for (const landed of LANDED) {
          const storage = new SimStorage();
          const u = makeUnit(storage);
          u.advance(300);
          u.plug();
          u.advance(300);
          storage.cutPowerAt(n, landed);
          let cutDuring = -1;
          const list = steps(u, ending);
          for (let i = 0; i < list.length; i++) {
            list[i]!();
            if (storage.isDead()) {
              cutDuring = i;
              break;
            }
          }
          const where = "cut at op " + n + " landing " + landed + " during step " + cutDuring;
          if (cutDuring < 0) continue;
          cuts++;
          const wasPlugged = u.pilot() !== "A";
          u.powerCycle();
          u.advance(1000);
          consistent(u, where);
          const tx = u.charger.session.transaction();
          if (tx && wasPlugged && u.pilot() === "C") {
            // the session continues: energy flows again
            expect({ where, relay: u.relayClosed() }).toEqual({ where, relay: true });
          }
          // the driver leaves; everything ends and every start has its stop
          u.unplug();
          u.advance(1000);
          consistent(u, where);
          expect(u.charger.session.transaction()).toBeUndefined();
          expect(u.relayClosed()).toBe(false);
          const starts = u.backend.entries("start");
          const stops = u.backend.entries("stop");
          expect({ where, starts: starts.map((s) => s.ref) }).toEqual({ where, starts: stops.map((s) => s.ref) });
          // and the unit works normally afterwards
          u.plug();
          u.advance(200);
          u.tap(CARD);
          u.request();
          u.advance(200);
          expect({ where, relay: u.relayClosed() }).toEqual({ where, relay: true });
        }
      }
      expect(cuts).toBeGreaterThan(ops); // several landings per write were exercised
    });
  }
});
