// The main loop kicks the watchdog; a hang (nothing runs, no kicks) resets the unit and the state
// comes back from flash.
import { ChargerUnit } from "../../tools/sim/charger-unit";
import { WATCHDOG_TIMEOUT_MS } from "../../firmware/charger";

const CARD = "04A1B2C3";

function charging(): ChargerUnit {
  const u = new ChargerUnit({
    localList: [{ idTag: CARD, status: "Accepted" }],
    backend: { online: true, answers: { [CARD]: "Accepted" } },
    config: { LocalPreAuthorize: true },
  });
  u.advance(200);
  u.plug();
  u.tap(CARD);
  u.request();
  u.advance(1000);
  expect(u.relayClosed()).toBe(true);
  return u;
}

describe("watchdog", () => {
  test("the running firmware keeps kicking: no reset over a long run", () => {
    const u = charging();
    u.advance(10 * 60 * 1000);
    expect(u.resets).toBe(0);
    expect(u.sim.watchdog.kicks).toBeGreaterThan(1000);
    expect(u.relayClosed()).toBe(true);
  });

  test("a hang resets the unit within the watchdog timeout and the running session comes back", () => {
    const u = charging();
    const tx = u.charger.session.transaction()!;
    const hungAt = u.clock.now();
    u.hang();
    u.advance(WATCHDOG_TIMEOUT_MS + 500);
    expect(u.resets).toBe(1);
    expect(u.boots.length).toBe(2);
    expect(u.boots[1]! - hungAt).toBeLessThanOrEqual(WATCHDOG_TIMEOUT_MS + 50);
    // same transaction, charging again, nothing new sent
    const back = u.charger.session.transaction()!;
    expect(back.ref).toBe(tx.ref);
    expect(back.transactionId).toBe(tx.transactionId);
    expect(u.status()).toBe("Charging");
    expect(u.relayClosed()).toBe(true);
    expect(u.backend.entries("start").length).toBe(1);
    expect(u.backend.entries("stop").length).toBe(0);
    // and it still ends normally
    u.tap(CARD);
    u.advance(200);
    expect(u.relayClosed()).toBe(false);
    expect(u.backend.entries("stop")[0]!.reason).toBe("Local");
  });

  test("a hang while the vehicle leaves: after the reset the session ends (PowerLoss)", () => {
    const u = charging();
    u.hang();
    u.unplug();
    u.advance(WATCHDOG_TIMEOUT_MS + 500);
    expect(u.resets).toBe(1);
    expect(u.charger.session.transaction()).toBeUndefined();
    expect(u.backend.entries("stop")[0]!.reason).toBe("PowerLoss");
    expect(u.status()).toBe("Available");
  });

  test("Unavailable and a latched weld come back after a watchdog reset", () => {
    const u = charging();
    u.charger.session.changeAvailability(false);
    u.advance(100);
    u.hang();
    u.advance(WATCHDOG_TIMEOUT_MS + 500);
    expect(u.resets).toBe(1);
    expect(u.status()).toBe("Unavailable");
    const w = charging();
    w.tap(CARD);
    w.advance(10);
    w.weld(true);
    w.advance(500);
    expect(w.status()).toBe("Faulted");
    w.weld(false);
    w.hang();
    w.advance(WATCHDOG_TIMEOUT_MS + 500);
    expect(w.resets).toBe(1);
    expect(w.status()).toBe("Faulted");
    expect(w.charger.session.errorCode()).toBe("PowerSwitchFailure");
  });
});
